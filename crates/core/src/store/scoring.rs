//! Scoring: the queue of scoring jobs (claimed with a renewable lease, so a
//! crashed worker's job is taken again), scorecards (versioned per
//! interview, the whole card as JSON), overrides, and the scorecards of a
//! job for reports and fairness.

use super::events::insert_event;
use super::{Store, json_text, now};
use crate::error::StoreError;
use crate::scoring::Scorecard;
use sqlx::Row;

/// A claimed scoring job.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringJob {
    pub id: String,
    pub interview_id: String,
    /// Including this claim.
    pub attempts: u32,
}

/// A stored scorecard and where it belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredScorecard {
    pub id: String,
    pub version: i64,
    pub interview_id: String,
    pub candidate_id: String,
    pub candidate_name: Option<String>,
    pub jd_id: String,
    pub job_title: String,
    pub card: Scorecard,
}

#[derive(Clone, Copy, PartialEq)]
enum Filter {
    Interview,
    Job,
}

/// Queue a scoring job inside another transaction (the one that completes
/// an interview); nothing when one is already open for it.
pub(super) async fn enqueue(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    interview_id: &str,
) -> Result<bool, StoreError> {
    let ts = now();
    let done = sqlx::query(
        "INSERT INTO scoring_jobs (id, interview_id, status, created_at, updated_at) \
         SELECT ?, ?, 'queued', ?, ? WHERE NOT EXISTS \
         (SELECT 1 FROM scoring_jobs WHERE interview_id = ? AND status IN ('queued', 'running'))",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(interview_id)
    .bind(&ts)
    .bind(&ts)
    .bind(interview_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn lease_end(secs: u64) -> String {
    let end = chrono::Utc::now() + chrono::Duration::seconds(i64::try_from(secs).unwrap_or(60));
    end.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Queue (re-)scoring of an interview. False when one is already open.
    pub async fn enqueue_scoring(&self, interview_id: &str) -> Result<bool, StoreError> {
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let queued = enqueue(&mut tx, interview_id).await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// Claim the oldest job due: queued, or running with its lease run
    /// out. Held for `lease_secs` unless renewed.
    pub async fn claim_scoring_job(
        &self,
        worker: &str,
        lease_secs: u64,
    ) -> Result<Option<ScoringJob>, StoreError> {
        let ts = now();
        let _writing = self.writer.lock().await;
        let row = sqlx::query(
            "UPDATE scoring_jobs SET status = 'running', attempts = attempts + 1, \
             lease_until = ?, worker = ?, updated_at = ? \
             WHERE id = (SELECT id FROM scoring_jobs \
               WHERE (status = 'queued' AND (not_before IS NULL OR not_before <= ?)) \
                  OR (status = 'running' AND lease_until < ?) \
               ORDER BY created_at LIMIT 1) \
             RETURNING id, interview_id, attempts",
        )
        .bind(lease_end(lease_secs))
        .bind(worker)
        .bind(&ts)
        .bind(&ts)
        .bind(&ts)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| ScoringJob {
            id: r.get(0),
            interview_id: r.get(1),
            attempts: u32::try_from(r.get::<i64, _>(2)).unwrap_or(u32::MAX),
        }))
    }

    /// Keep a claimed job's lease while working on it.
    pub async fn renew_scoring_lease(
        &self,
        job_id: &str,
        worker: &str,
        lease_secs: u64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE scoring_jobs SET lease_until = ?, updated_at = ? \
             WHERE id = ? AND worker = ? AND status = 'running'",
        )
        .bind(lease_end(lease_secs))
        .bind(now())
        .bind(job_id)
        .bind(worker)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Store the scorecard, close the job and announce `scoring.completed`,
    /// in one transaction.
    pub async fn finish_scoring_job(
        &self,
        job: &ScoringJob,
        worker: &str,
        card: &Scorecard,
    ) -> Result<StoredScorecard, StoreError> {
        let interview_id = card
            .interview_id
            .clone()
            .ok_or_else(|| StoreError::Malformed("a scorecard without its interview".into()))?;
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        // Only the worker holding the job may close it: one whose lease
        // ran out and was taken over stores nothing.
        let closed = sqlx::query(
            "UPDATE scoring_jobs SET status = 'done', lease_until = NULL, updated_at = ? \
             WHERE id = ? AND worker = ? AND status = 'running'",
        )
        .bind(now())
        .bind(&job.id)
        .bind(worker)
        .execute(&mut *tx)
        .await?;
        if closed.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "scoring job {} is no longer held by {worker}",
                job.id
            )));
        }
        let stored = insert_scorecard(&mut tx, &interview_id, card).await?;
        insert_event(
            &mut tx,
            "scoring.completed",
            serde_json::json!({
                "interview_id": interview_id, "scorecard_id": stored.0,
                "candidate_id": stored.2, "jd_id": stored.3,
                "overall_score": card.overall,
                "recommendation": card.recommendation.decision,
                "scorer": card.reproducibility.scorer,
            }),
        )
        .await?;
        tx.commit().await?;
        self.latest_scorecard(&interview_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("the scorecard of {interview_id}")))
    }

    /// A job that failed: queued again after `retry_after_secs`, or failed
    /// for good after `max_attempts`.
    pub async fn fail_scoring_job(
        &self,
        job: &ScoringJob,
        worker: &str,
        error: &str,
        max_attempts: u32,
        retry_after_secs: u64,
    ) -> Result<(), StoreError> {
        let give_up = job.attempts >= max_attempts;
        sqlx::query(
            "UPDATE scoring_jobs SET status = ?, not_before = ?, lease_until = NULL, \
             last_error = ?, updated_at = ? WHERE id = ? AND status = 'running' AND worker = ?",
        )
        .bind(if give_up { "failed" } else { "queued" })
        .bind(lease_end(retry_after_secs))
        .bind(error)
        .bind(now())
        .bind(&job.id)
        .bind(worker)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Jobs by status, for `ats score --status`.
    pub async fn scoring_queue(
        &self,
    ) -> Result<Vec<(String, String, u32, Option<String>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT interview_id, status, attempts, last_error FROM scoring_jobs \
             WHERE status <> 'done' ORDER BY created_at",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get(1),
                    u32::try_from(r.get::<i64, _>(2)).unwrap_or(0),
                    r.get(3),
                )
            })
            .collect())
    }

    /// The newest scorecard of an interview.
    pub async fn latest_scorecard(
        &self,
        interview_id: &str,
    ) -> Result<Option<StoredScorecard>, StoreError> {
        self.visible_interview(interview_id).await?;
        let rows = self
            .scorecards_where(Filter::Interview, interview_id)
            .await?;
        Ok(rows.into_iter().next())
    }

    /// The newest scorecard of every interview of a job, best first.
    pub async fn job_scorecards(&self, jd_id: &str) -> Result<Vec<StoredScorecard>, StoreError> {
        self.visible_job(jd_id).await?;
        let mut cards = self.scorecards_where(Filter::Job, jd_id).await?;
        cards.sort_by(|a, b| {
            b.card
                .overall
                .unwrap_or(-1.0)
                .total_cmp(&a.card.overall.unwrap_or(-1.0))
        });
        Ok(cards)
    }

    async fn scorecards_where(
        &self,
        filter: Filter,
        value: &str,
    ) -> Result<Vec<StoredScorecard>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.id, s.version, s.interview_id, i.candidate_id, c.name, i.jd_id, j.title, s.card \
             FROM scorecards s JOIN interviews i ON i.id = s.interview_id \
             JOIN candidates c ON c.id = i.candidate_id \
             JOIN job_descriptions j ON j.id = i.jd_id \
             WHERE ((? AND s.interview_id = ?) OR (NOT ? AND i.jd_id = ?)) AND s.version = \
               (SELECT MAX(version) FROM scorecards WHERE interview_id = s.interview_id) \
             ORDER BY s.created_at DESC",
        )
        .bind(filter == Filter::Interview)
        .bind(value)
        .bind(filter == Filter::Interview)
        .bind(value)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredScorecard {
                    id: r.get(0),
                    version: r.get(1),
                    interview_id: r.get(2),
                    candidate_id: r.get(3),
                    candidate_name: r.get(4),
                    jd_id: r.get(5),
                    job_title: r.get(6),
                    card: serde_json::from_str(r.get::<&str, _>(7))
                        .map_err(|e| StoreError::Malformed(format!("scorecard: {e}")))?,
                })
            })
            .collect()
    }

    /// Record an override and store the card with it applied (as the same
    /// version: the card keeps the original level beside the override).
    pub async fn save_override(
        &self,
        scorecard_id: &str,
        dimension: &str,
        level: u32,
        reason: &str,
        by: &str,
        card: &Scorecard,
    ) -> Result<(), StoreError> {
        self.visible_scorecard(scorecard_id).await?;
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO score_overrides (id, scorecard_id, dimension, level, reason, by_user, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(scorecard_id)
        .bind(dimension)
        .bind(i64::from(level))
        .bind(reason)
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE scorecards SET card = ?, overall_score = ? WHERE id = ?")
            .bind(json_text(card)?)
            .bind(card.overall)
            .bind(scorecard_id)
            .execute(&mut *tx)
            .await?;
        insert_event(
            &mut tx,
            "scoring.overridden",
            serde_json::json!({"scorecard_id": scorecard_id, "dimension": dimension,
                               "level": level, "by": by}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Insert a scorecard as the interview's next version; (id, version,
/// candidate, job).
async fn insert_scorecard(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    interview_id: &str,
    card: &Scorecard,
) -> Result<(String, i64, String, String), StoreError> {
    let row = sqlx::query(
        "SELECT i.candidate_id, i.jd_id, \
           (SELECT r.id FROM rubrics r WHERE r.jd_id = i.jd_id ORDER BY r.version DESC LIMIT 1), \
           (SELECT COALESCE(MAX(version), 0) + 1 FROM scorecards WHERE interview_id = i.id) \
         FROM interviews i WHERE i.id = ?",
    )
    .bind(interview_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("interview {interview_id}")))?;
    let candidate_id: String = row.get(0);
    let jd_id: String = row.get(1);
    let rubric_id: Option<String> = row.get(2);
    let version: i64 = row.get(3);
    let rubric_id =
        rubric_id.ok_or_else(|| StoreError::NotFound(format!("a rubric for job {jd_id}")))?;
    let id = uuid::Uuid::new_v4().to_string();
    let scores = json_text(&card.dimensions)?;
    sqlx::query(
        "INSERT INTO scorecards (id, interview_id, rubric_id, scores, overall_score, created_at, \
         version, card, scorer, recommendation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(interview_id)
    .bind(rubric_id)
    .bind(scores)
    .bind(card.overall)
    .bind(now())
    .bind(version)
    .bind(json_text(card)?)
    .bind(&card.reproducibility.scorer)
    .bind(&card.recommendation.decision)
    .execute(&mut **tx)
    .await?;
    Ok((id, version, candidate_id, jd_id))
}
