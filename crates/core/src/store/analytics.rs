//! The design's business metrics over one scope: interviews per day, the
//! average overall score, time to hire and the pipeline funnel. Portable SQL (`substr` of the RFC 3339
//! text for the day; julianday is SQLite's and is kept to `days_between`).

use super::Store;
use super::tenancy::{JOB_VISIBLE, bind_scope};
use crate::error::StoreError;
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analytics {
    /// (day, interviews scheduled that day), oldest first.
    pub interviews_per_day: Vec<(String, i64)>,
    /// Mean of the newest scorecards' overall scores (0–100).
    pub average_score: Option<f64>,
    pub scorecards: i64,
    /// Mean days from application to hire.
    pub time_to_hire_days: Option<f64>,
    /// (stage, count): applied, interviewed, completed, scored,
    /// recommended to advance, offer, hired.
    pub funnel: Vec<(String, i64)>,
}

impl Store {
    /// The metrics over the jobs this scope sees (one job when given),
    /// counting interviews scheduled from `since` (RFC 3339 date) on.
    pub async fn analytics(
        &self,
        jd_id: Option<&str>,
        since: Option<&str>,
    ) -> Result<Analytics, StoreError> {
        if let Some(jd) = jd_id {
            self.visible_job(jd).await?;
        }
        let job = "(? IS NULL OR j.id = ?)";
        let sql = format!(
            "SELECT substr(i.created_at, 1, 10) AS day, COUNT(*) FROM interviews i \
             JOIN job_descriptions j ON j.id = i.jd_id \
             WHERE {job} AND (? IS NULL OR i.created_at >= ?) AND {JOB_VISIBLE} \
             GROUP BY day ORDER BY day"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(jd_id)
            .bind(jd_id)
            .bind(since)
            .bind(since);
        let per_day = bind_scope(query, self.scope())
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let sql = format!(
            "SELECT AVG(s.overall_score), COUNT(*), \
             SUM(CASE WHEN s.recommendation = 'advance' THEN 1 ELSE 0 END) \
             FROM scorecards s JOIN interviews i ON i.id = s.interview_id \
             JOIN job_descriptions j ON j.id = i.jd_id \
             WHERE s.version = (SELECT MAX(version) FROM scorecards WHERE interview_id = s.interview_id) \
             AND {job} AND {JOB_VISIBLE}"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(jd_id)
            .bind(jd_id);
        let cards = bind_scope(query, self.scope())
            .fetch_one(self.pool())
            .await?;
        let scorecards: i64 = cards.get(1);
        let advance: Option<i64> = cards.get(2);
        let sql = format!(
            "SELECT COUNT(a.id), \
             SUM(CASE WHEN a.status IN ('offer', 'hired') THEN 1 ELSE 0 END), \
             SUM(CASE WHEN a.status = 'hired' THEN 1 ELSE 0 END) \
             FROM job_descriptions j LEFT JOIN applications a ON a.jd_id = j.id \
             WHERE {job} AND {JOB_VISIBLE}"
        );
        // SQLite-only: julianday; PostgreSQL would subtract timestamps.
        let hired_sql = format!(
            "SELECT AVG(julianday(a.status_changed_at) - julianday(a.created_at)) \
             FROM applications a JOIN job_descriptions j ON j.id = a.jd_id \
             WHERE a.status = 'hired' AND {job} AND {JOB_VISIBLE}"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(jd_id)
            .bind(jd_id);
        let apps = bind_scope(query, self.scope())
            .fetch_one(self.pool())
            .await?;
        let query = sqlx::query(sqlx::AssertSqlSafe(hired_sql))
            .bind(jd_id)
            .bind(jd_id);
        let time_to_hire: Option<f64> = bind_scope(query, self.scope())
            .fetch_one(self.pool())
            .await?
            .get(0);
        let sql = format!(
            "SELECT COUNT(DISTINCT i.application_id), \
             COUNT(DISTINCT CASE WHEN i.status = 'completed' THEN i.application_id END) \
             FROM interviews i JOIN job_descriptions j ON j.id = i.jd_id \
             WHERE {job} AND {JOB_VISIBLE}"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(jd_id)
            .bind(jd_id);
        let interviews = bind_scope(query, self.scope())
            .fetch_one(self.pool())
            .await?;
        let applied: i64 = apps.get(0);
        let offers: Option<i64> = apps.get(1);
        let hired: Option<i64> = apps.get(2);
        Ok(Analytics {
            interviews_per_day: per_day,
            average_score: cards.get(0),
            scorecards,
            time_to_hire_days: time_to_hire,
            funnel: vec![
                ("applied".into(), applied),
                ("interviewed".into(), interviews.get(0)),
                ("completed".into(), interviews.get(1)),
                ("scored".into(), scorecards),
                ("recommended to advance".into(), advance.unwrap_or(0)),
                ("offer".into(), offers.unwrap_or(0)),
                ("hired".into(), hired.unwrap_or(0)),
            ],
        })
    }
}
