//! Voluntary self-identification, for adverse-impact reports only.
//!
//! It lives in its own table, apart from the candidate record, and this
//! file is the only code that reads or writes it: no query of candidates,
//! interviews or scorecards joins it, so nothing a scorer, the matcher or
//! the interviewer reads can carry it (`tests/fairness.rs` checks that no
//! other source file names the table). Recording it writes no outbox
//! event: integrations read the outbox, and this data must not travel.

use super::{Store, now};
use crate::error::StoreError;
use crate::fairness::{
    self, FairnessError, FairnessReport, JobRef, Outcome, ReportOptions, SelfIdentification,
};
use sqlx::Row;

impl Store {
    /// Record (or replace) what a candidate stated for a category. The
    /// category and value are normalised ([`fairness::category`],
    /// [`fairness::value`]): every way of declining, an empty answer
    /// included, is stored as "decline to state", which reports count but
    /// do not compare. `candidate_id` is a full id.
    pub async fn record_self_identification(
        &self,
        candidate_id: &str,
        category: &str,
        value: &str,
    ) -> Result<SelfIdentification, FairnessError> {
        self.visible_candidate(candidate_id).await?;
        let category = fairness::category(category)?;
        let value = fairness::value(value)?;
        let recorded_at = now();
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await.map_err(StoreError::from)?;
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM candidates WHERE id = ?")
            .bind(candidate_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!("candidate {candidate_id}")).into());
        }
        // Portable upsert: the same statement in PostgreSQL.
        sqlx::query(
            "INSERT INTO self_identification (candidate_id, category, value, recorded_at) \
             VALUES (?, ?, ?, ?) ON CONFLICT (candidate_id, category) DO UPDATE SET \
             value = excluded.value, recorded_at = excluded.recorded_at",
        )
        .bind(candidate_id)
        .bind(&category)
        .bind(&value)
        .bind(&recorded_at)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(SelfIdentification {
            candidate_id: candidate_id.to_owned(),
            category,
            value,
            recorded_at,
        })
    }

    /// Forget everything a candidate stated (they withdrew it); how many
    /// categories were removed.
    pub async fn clear_self_identification(&self, candidate_id: &str) -> Result<u64, StoreError> {
        self.visible_candidate(candidate_id).await?;
        let _writing = self.writer.lock().await;
        let done = sqlx::query("DELETE FROM self_identification WHERE candidate_id = ?")
            .bind(candidate_id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// What a candidate stated, by category.
    pub async fn candidate_self_identification(
        &self,
        candidate_id: &str,
    ) -> Result<Vec<SelfIdentification>, StoreError> {
        self.visible_candidate(candidate_id).await?;
        let rows = sqlx::query(
            "SELECT candidate_id, category, value, recorded_at FROM self_identification \
             WHERE candidate_id = ? ORDER BY category",
        )
        .bind(candidate_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| SelfIdentification {
                candidate_id: r.get(0),
                category: r.get(1),
                value: r.get(2),
                recorded_at: r.get(3),
            })
            .collect())
    }

    /// (candidate id, value) for `category` of every candidate who applied
    /// to (or was interviewed for) the job `jd_id` (a full id), by
    /// candidate id.
    pub async fn job_self_identification(
        &self,
        jd_id: &str,
        category: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        self.visible_job(jd_id).await?;
        let rows = sqlx::query(
            "SELECT s.candidate_id, s.value FROM self_identification s \
             WHERE s.category = ? AND EXISTS \
               (SELECT 1 FROM applications a WHERE a.candidate_id = s.candidate_id AND a.jd_id = ?) \
             ORDER BY s.candidate_id",
        )
        .bind(fairness::category_key(category))
        .bind(jd_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The adverse-impact report of a job (id or unique prefix; the job
    /// added last for `None`) for a category, or for an intersection of
    /// categories joined by `+` (`sex+race`): the newest scorecard of each
    /// of its interviews against what the candidates stated.
    pub async fn adverse_impact(
        &self,
        job: Option<&str>,
        category: &str,
        options: &ReportOptions,
    ) -> Result<FairnessReport, FairnessError> {
        let categories = category
            .split('+')
            .map(fairness::category)
            .collect::<Result<Vec<_>, _>>()?;
        let (id, title, _) = self.get_job(job).await?;
        let outcomes: Vec<Outcome> = self
            .job_scorecards(&id)
            .await?
            .iter()
            .map(Outcome::of)
            .collect();
        let mut parts = Vec::with_capacity(categories.len());
        for c in &categories {
            parts.push(self.job_self_identification(&id, c).await?);
        }
        let identities = fairness::intersect(&parts);
        Ok(fairness::report(
            &JobRef { id, title },
            &categories.join("+"),
            &outcomes,
            &identities,
            options,
        ))
    }
}
