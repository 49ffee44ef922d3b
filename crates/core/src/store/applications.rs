//! Applications: a candidate's standing with one job (the pipeline's
//! stage), moved by recruiters and listed per job with the newest
//! interview and score. Portable SQL.

use super::events::insert_event;
use super::tenancy::{CANDIDATE_VISIBLE, bind_scope};
use super::{Store, now};
use crate::error::StoreError;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// The statuses an application moves through.
pub const STATUSES: [&str; 7] = [
    "applied",
    "screening",
    "interviewing",
    "offer",
    "hired",
    "rejected",
    "withdrawn",
];

/// The most rows [`Store::applications`] returns at once.
pub const APPLICATIONS_PAGE: i64 = 500;

/// One candidate's application to a job, as the pipeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub candidate_id: String,
    pub name: Option<String>,
    pub status: String,
    /// When the application was made and when its status last changed.
    pub created_at: String,
    pub status_changed_at: Option<String>,
    /// The ranking's fit (0–100), once ranked.
    pub fit_score: Option<f64>,
    /// The newest interview for this job, its status, and its newest
    /// scorecard's overall score.
    pub interview_id: Option<String>,
    pub interview_status: Option<String>,
    pub overall_score: Option<f64>,
}

/// A job's applications: how many are at each stage, and the rows at one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// (status, count) for every status, in pipeline order.
    pub counts: Vec<(String, i64)>,
    /// Best fit first, then by name; at most [`APPLICATIONS_PAGE`].
    pub rows: Vec<Application>,
}

impl Store {
    /// Move a candidate's application to a job to `status` (created if
    /// the candidate has none yet); `application.status_changed` goes to
    /// the outbox.
    pub async fn set_application_status(
        &self,
        jd_id: &str,
        candidate_id: &str,
        status: &str,
    ) -> Result<(), StoreError> {
        if !STATUSES.contains(&status) {
            return Err(StoreError::Conflict(format!(
                "no status {status} (one of {})",
                STATUSES.join(", ")
            )));
        }
        self.visible_job(jd_id).await?;
        self.visible_candidate(candidate_id).await?;
        let ts = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO applications (id, candidate_id, jd_id, status, created_at, status_changed_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (candidate_id, jd_id) DO UPDATE SET \
             status = excluded.status, status_changed_at = excluded.status_changed_at",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(candidate_id)
        .bind(jd_id)
        .bind(status)
        .bind(&ts)
        .bind(&ts)
        .execute(&mut *tx)
        .await?;
        insert_event(
            &mut tx,
            "application.status_changed",
            serde_json::json!({ "jd_id": jd_id, "candidate_id": candidate_id, "status": status }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A visible job's pipeline, optionally only the applications at
    /// `status`.
    pub async fn applications(
        &self,
        jd_id: &str,
        status: Option<&str>,
    ) -> Result<Pipeline, StoreError> {
        if let Some(s) = status
            && !STATUSES.contains(&s)
        {
            return Err(StoreError::Conflict(format!(
                "no status {s} (one of {})",
                STATUSES.join(", ")
            )));
        }
        self.visible_job(jd_id).await?;
        let sql = format!(
            "SELECT a.status, COUNT(*) FROM applications a JOIN candidates c ON c.id = a.candidate_id \
             WHERE a.jd_id = ? AND {CANDIDATE_VISIBLE} GROUP BY a.status"
        );
        let found: Vec<(String, i64)> = bind_scope(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(jd_id),
            self.scope(),
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        let counts = STATUSES
            .iter()
            .map(|s| {
                let n = found.iter().find(|(f, _)| f == s).map_or(0, |(_, n)| *n);
                ((*s).to_owned(), n)
            })
            .collect();
        // The newest interview of the application, and the newest version
        // of that interview's scorecard.
        let newest = "(SELECT i.id FROM interviews i WHERE i.application_id = a.id \
                       ORDER BY i.created_at DESC, i.id DESC LIMIT 1)";
        let sql = format!(
            "SELECT a.candidate_id, c.name, a.status, a.created_at, a.status_changed_at, a.fit_score, \
             {newest}, \
             (SELECT i.status FROM interviews i WHERE i.id = {newest}), \
             (SELECT s.overall_score FROM scorecards s WHERE s.interview_id = {newest} \
              ORDER BY s.version DESC LIMIT 1) \
             FROM applications a JOIN candidates c ON c.id = a.candidate_id \
             WHERE a.jd_id = ? AND (? IS NULL OR a.status = ?) AND {CANDIDATE_VISIBLE} \
             ORDER BY a.fit_score IS NULL, a.fit_score DESC, c.name, a.candidate_id LIMIT ?"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(jd_id)
            .bind(status)
            .bind(status);
        let rows = bind_scope(query, self.scope())
            .bind(APPLICATIONS_PAGE)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Application {
                candidate_id: r.get(0),
                name: r.get(1),
                status: r.get(2),
                created_at: r.get(3),
                status_changed_at: r.get(4),
                fit_score: r.get(5),
                interview_id: r.get(6),
                interview_status: r.get(7),
                overall_score: r.get(8),
            })
            .collect();
        Ok(Pipeline { counts, rows })
    }
}
