//! Job postings with their analysis, rubric versions, and the fit of each
//! candidate stored on their application.

use super::events::insert_event;
use super::tenancy::{JOB_VISIBLE, bind_scope};
use super::{Store, json_text, now};
use crate::error::StoreError;
use crate::jobs::JobAnalysis;
use crate::matching::Fit;
use crate::rubric::Rubric;
use sqlx::Row;

/// A job in a list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JobSummary {
    pub id: String,
    pub title: String,
    pub must_have: usize,
    pub candidates_ranked: i64,
    pub interviews: i64,
    pub created_at: String,
    /// `open` or `closed`.
    pub status: String,
}

impl Store {
    /// Every job, oldest first, with how many candidates were ranked for it
    /// and how many interviews it has.
    pub async fn list_jobs(&self) -> Result<Vec<JobSummary>, StoreError> {
        let sql = format!(
            "SELECT j.id, j.title, j.structured_data, j.created_at, \
             (SELECT COUNT(*) FROM applications a WHERE a.jd_id = j.id AND a.fit_score IS NOT NULL), \
             (SELECT COUNT(*) FROM interviews i WHERE i.jd_id = j.id), j.status \
             FROM job_descriptions j WHERE {JOB_VISIBLE} ORDER BY j.created_at, j.id"
        );
        let rows = bind_scope(sqlx::query(sqlx::AssertSqlSafe(sql)), self.scope())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let analysis: JobAnalysis = serde_json::from_str(r.get::<&str, _>(2))
                    .map_err(|e| StoreError::Malformed(e.to_string()))?;
                Ok(JobSummary {
                    id: r.get(0),
                    title: r.get(1),
                    must_have: analysis.must_have.len(),
                    created_at: r.get(3),
                    candidates_ranked: r.get(4),
                    interviews: r.get(5),
                    status: r.get(6),
                })
            })
            .collect()
    }

    /// Close a job (it takes no new invitations and leaves the open jobs)
    /// or open it again; everything it holds stays. Returns whether the
    /// status changed.
    pub async fn set_job_open(&self, jd_id: &str, open: bool) -> Result<bool, StoreError> {
        self.visible_job(jd_id).await?;
        let status = if open { "open" } else { "closed" };
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE job_descriptions SET status = ?, closed_at = ? WHERE id = ? AND status <> ?",
        )
        .bind(status)
        .bind((!open).then(now))
        .bind(jd_id)
        .bind(status)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if changed {
            insert_event(
                &mut tx,
                if open { "job.reopened" } else { "job.closed" },
                serde_json::json!({ "jd_id": jd_id }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// A (visible) job's status: `open` or `closed`.
    pub async fn job_status(&self, jd_id: &str) -> Result<String, StoreError> {
        self.visible_job(jd_id).await?;
        Ok(
            sqlx::query_scalar("SELECT status FROM job_descriptions WHERE id = ?")
                .bind(jd_id)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// How the job's interviews are held by default.
    pub async fn job_interview_settings(
        &self,
        jd_id: &str,
    ) -> Result<crate::interview::JobInterviewSettings, StoreError> {
        self.visible_job(jd_id).await?;
        let text: String =
            sqlx::query_scalar("SELECT interview_settings FROM job_descriptions WHERE id = ?")
                .bind(jd_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("job {jd_id}")))?;
        serde_json::from_str(&text).map_err(|e| StoreError::Malformed(e.to_string()))
    }

    pub async fn set_job_interview_settings(
        &self,
        jd_id: &str,
        settings: &crate::interview::JobInterviewSettings,
    ) -> Result<(), StoreError> {
        self.visible_job(jd_id).await?;
        let done = sqlx::query("UPDATE job_descriptions SET interview_settings = ? WHERE id = ?")
            .bind(json_text(settings)?)
            .bind(jd_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("job {jd_id}")));
        }
        Ok(())
    }

    /// The best-ranked candidate of a job (by the last ranking's fit).
    pub async fn top_candidate(&self, jd_id: &str) -> Result<String, StoreError> {
        self.visible_job(jd_id).await?;
        sqlx::query_scalar(
            "SELECT candidate_id FROM applications WHERE jd_id = ? AND fit_score IS NOT NULL \
             ORDER BY fit_score DESC, candidate_id LIMIT 1",
        )
        .bind(jd_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "a ranked candidate for job {jd_id} (run `ats rank` first)"
            ))
        })
    }

    /// Store a job posting with its analysed requirements; returns its id.
    pub async fn add_job(
        &self,
        title: &str,
        description: &str,
        structured: &serde_json::Value,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO job_descriptions (id, company_id, title, description, structured_data, \
             created_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(self.owner())
        .bind(title)
        .bind(description)
        .bind(structured.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        insert_event(
            &mut tx,
            "job.created",
            serde_json::json!({ "jd_id": id, "title": title }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A stored job by id or unique id prefix, or the most recently added
    /// job when `id` is `None`: (id, title, analysis).
    pub async fn get_job(
        &self,
        id: Option<&str>,
    ) -> Result<(String, String, JobAnalysis), StoreError> {
        let rows = match id {
            Some(id) => {
                let sql = format!(
                    "SELECT j.id, j.title, j.structured_data FROM job_descriptions j \
                     WHERE j.id >= ? AND j.id < ? AND {JOB_VISIBLE} LIMIT 2"
                );
                let (from, to) = super::id_range(id);
                bind_scope(
                    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(to),
                    self.scope(),
                )
                .fetch_all(self.pool())
                .await?
            }
            None => {
                let sql = format!(
                    "SELECT j.id, j.title, j.structured_data FROM job_descriptions j \
                     WHERE {JOB_VISIBLE} ORDER BY j.created_at DESC, j.rowid DESC LIMIT 1"
                );
                bind_scope(sqlx::query(sqlx::AssertSqlSafe(sql)), self.scope())
                    .fetch_all(self.pool())
                    .await?
            }
        };
        let [row] = rows.as_slice() else {
            return Err(StoreError::NotFound(match id {
                Some(id) => format!("a unique job for {id}"),
                None => "a job (add one with `ats job add FILE`)".into(),
            }));
        };
        let analysis = serde_json::from_str(row.get::<&str, _>(2))
            .map_err(|e| StoreError::Malformed(e.to_string()))?;
        Ok((row.get(0), row.get(1), analysis))
    }

    /// Record each candidate's fit to a job on their application (created
    /// if needed), in one transaction.
    pub async fn save_fits(&self, jd_id: &str, fits: &[(String, Fit)]) -> Result<(), StoreError> {
        self.visible_job(jd_id).await?;
        let mut tx = self.pool.begin().await?;
        let ts = now();
        for (candidate_id, fit) in fits {
            sqlx::query(
                "INSERT INTO applications (id, candidate_id, jd_id, status, created_at, fit_score, fit_explanation) \
                 VALUES (?, ?, ?, 'applied', ?, ?, ?) ON CONFLICT (candidate_id, jd_id) DO UPDATE SET \
                 fit_score = excluded.fit_score, fit_explanation = excluded.fit_explanation",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(candidate_id)
            .bind(jd_id)
            .bind(&ts)
            .bind(f64::from(fit.score))
            .bind(json_text(fit)?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Store a rubric as the job's next version; returns (rubric id, version).
    pub async fn save_rubric(
        &self,
        jd_id: &str,
        rubric: &Rubric,
    ) -> Result<(String, i64), StoreError> {
        self.visible_job(jd_id).await?;
        let mut tx = self.pool.begin().await?;
        let version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM rubrics WHERE jd_id = ?")
                .bind(jd_id)
                .fetch_one(&mut *tx)
                .await?;
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO rubrics (id, jd_id, version, dimensions, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(jd_id)
        .bind(version)
        .bind(json_text(rubric)?)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        insert_event(
            &mut tx,
            "rubric.versioned",
            serde_json::json!({ "jd_id": jd_id, "rubric_id": id, "version": version }),
        )
        .await?;
        tx.commit().await?;
        Ok((id, version))
    }

    /// The newest rubric of a job: (rubric id, version, rubric).
    pub async fn latest_rubric(&self, jd_id: &str) -> Result<(String, i64, Rubric), StoreError> {
        self.visible_job(jd_id).await?;
        let row = sqlx::query(
            "SELECT id, version, dimensions FROM rubrics WHERE jd_id = ? ORDER BY version DESC LIMIT 1",
        )
        .bind(jd_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("a rubric for job {jd_id}")))?;
        let rubric = serde_json::from_str(row.get::<&str, _>(2))
            .map_err(|e| StoreError::Malformed(e.to_string()))?;
        Ok((row.get(0), row.get(1), rubric))
    }
}
