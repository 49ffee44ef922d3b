//! Interviews: the row with its conductor state, versioned question plans,
//! the event log (what the candidate was sent and what they answered, in
//! sequence), and the job-level question cache.
//!
//! A step of an interview is one transaction ([`Store::append_interview`]):
//! its events, the conductor's new state and the outbox rows commit
//! together, guarded by the sequence number the conductor last saw, so two
//! conductors of one interview can never interleave.

use super::events::insert_event;
use super::tenancy::{JOB_VISIBLE, bind_scope};
use super::{Store, json_text, now};
use crate::error::StoreError;
use crate::interview::protocol::{Envelope, ServerEvent};
use crate::interview::{InterviewRecord, InterviewSettings, Language, Plan, Question, Status};
use sqlx::Row;

/// What one step of an interview changes, besides its events.
#[derive(Debug, Default)]
pub struct StepChange {
    pub state: serde_json::Value,
    pub status: Option<Status>,
    pub consent: Option<serde_json::Value>,
    /// Outbox events: (type, data).
    pub outbox: Vec<(&'static str, serde_json::Value)>,
}

/// An interview in a list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InterviewSummary {
    pub id: String,
    pub job_title: String,
    pub candidate_name: Option<String>,
    pub status: String,
    pub language: String,
    pub created_at: String,
}

fn malformed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Malformed(e.to_string())
}

fn envelope(interview_id: &str, row: &sqlx::sqlite::SqliteRow) -> Result<Envelope, StoreError> {
    let event: ServerEvent = serde_json::from_str(row.get::<&str, _>(1)).map_err(malformed)?;
    Ok(Envelope {
        seq: u64::try_from(row.get::<i64, _>(0)).map_err(malformed)?,
        interview_id: interview_id.to_owned(),
        at: row.get(2),
        event,
    })
}

impl Store {
    /// Create an interview (and the application it belongs to) with its
    /// first plan; `interview.scheduled` goes to the outbox. Returns its id.
    pub async fn create_interview(
        &self,
        candidate_id: &str,
        jd_id: &str,
        settings: &InterviewSettings,
        plan: &Plan,
    ) -> Result<String, StoreError> {
        self.visible_job(jd_id).await?;
        self.visible_candidate(candidate_id).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let ts = now();
        let expires = (chrono::Utc::now()
            + chrono::Duration::seconds(
                i64::try_from(settings.invitation_valid_secs).unwrap_or(i64::MAX / 2_000),
            ))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO applications (id, candidate_id, jd_id, status, created_at) VALUES (?, ?, ?, 'applied', ?) \
             ON CONFLICT (candidate_id, jd_id) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(candidate_id)
        .bind(jd_id)
        .bind(&ts)
        .execute(&mut *tx)
        .await?;
        let application_id: String =
            sqlx::query_scalar("SELECT id FROM applications WHERE candidate_id = ? AND jd_id = ?")
                .bind(candidate_id)
                .bind(jd_id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO interviews (id, application_id, candidate_id, jd_id, status, language, settings, \
             state, expires_at, created_at) VALUES (?, ?, ?, ?, 'scheduled', ?, ?, '{}', ?, ?)",
        )
        .bind(&id)
        .bind(&application_id)
        .bind(candidate_id)
        .bind(jd_id)
        .bind(plan.language.code())
        .bind(json_text(settings)?)
        .bind(&expires)
        .bind(&ts)
        .execute(&mut *tx)
        .await?;
        insert_plan(&mut tx, &id, 1, plan, "generator").await?;
        insert_event(
            &mut tx,
            "interview.scheduled",
            serde_json::json!({
                "interview_id": id, "candidate_id": candidate_id, "jd_id": jd_id,
                "language": plan.language.code(), "questions": plan.questions.len(),
                "expires_at": expires,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Store an edited plan as the next version; only before the interview
    /// starts. Returns the new version.
    pub async fn save_plan(
        &self,
        interview_id: &str,
        plan: &Plan,
        edited_by: &str,
    ) -> Result<i64, StoreError> {
        self.visible_interview(interview_id).await?;
        let mut tx = self.pool.begin().await?;
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM interviews WHERE id = ? AND last_seq = 0")
                .bind(interview_id)
                .fetch_optional(&mut *tx)
                .await?;
        if status.as_deref() != Some("scheduled") {
            return Err(StoreError::Conflict(
                "the plan can only be edited before the interview starts".into(),
            ));
        }
        let version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM question_plans WHERE interview_id = ?",
        )
        .bind(interview_id)
        .fetch_one(&mut *tx)
        .await?;
        insert_plan(&mut tx, interview_id, version, plan, edited_by).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// An interview by id or unique id prefix, with its plan in force and
    /// the conductor's state.
    pub async fn get_interview(
        &self,
        id: &str,
    ) -> Result<(InterviewRecord, serde_json::Value), StoreError> {
        let sql = format!(
            "SELECT i.id, i.candidate_id, i.jd_id, j.title, c.name, i.status, i.language, i.settings, \
             i.state, i.last_seq, i.created_at, i.expires_at, i.started_at, i.ended_at, \
             p.version, p.plan \
             FROM interviews i JOIN job_descriptions j ON j.id = i.jd_id \
             JOIN candidates c ON c.id = i.candidate_id \
             JOIN question_plans p ON p.interview_id = i.id AND p.version = \
               (SELECT MAX(version) FROM question_plans WHERE interview_id = i.id) \
             WHERE i.id >= ? AND i.id < ? AND {JOB_VISIBLE} LIMIT 2"
        );
        let (from, to) = super::id_range(id);
        let rows = bind_scope(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(to),
            self.scope(),
        )
        .fetch_all(self.pool())
        .await?;
        let row = match rows.as_slice() {
            [row] => row,
            [] => return Err(StoreError::NotFound(format!("interview {id}"))),
            _ => return Err(StoreError::NotFound(format!("a unique interview for {id}"))),
        };
        let status: String = row.get(5);
        let language: Language = row.get::<&str, _>(6).parse().map_err(malformed)?;
        let record = InterviewRecord {
            id: row.get(0),
            candidate_id: row.get(1),
            jd_id: row.get(2),
            job_title: row.get(3),
            candidate_name: row.get(4),
            status: Status::parse(&status).ok_or_else(|| malformed(format!("status {status}")))?,
            language,
            settings: serde_json::from_str(row.get::<&str, _>(7)).map_err(malformed)?,
            last_seq: u64::try_from(row.get::<i64, _>(9)).map_err(malformed)?,
            created_at: row.get(10),
            expires_at: row.get(11),
            started_at: row.get(12),
            ended_at: row.get(13),
            plan_version: row.get(14),
            plan: serde_json::from_str(row.get::<&str, _>(15)).map_err(malformed)?,
        };
        let state = serde_json::from_str(row.get::<&str, _>(8)).map_err(malformed)?;
        Ok((record, state))
    }

    pub async fn list_interviews(&self) -> Result<Vec<InterviewSummary>, StoreError> {
        let sql = format!(
            "SELECT i.id, j.title, c.name, i.status, i.language, i.created_at FROM interviews i \
             JOIN job_descriptions j ON j.id = i.jd_id JOIN candidates c ON c.id = i.candidate_id \
             WHERE {JOB_VISIBLE} ORDER BY i.created_at, i.id"
        );
        let rows = bind_scope(sqlx::query(sqlx::AssertSqlSafe(sql)), self.scope())
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .map(|r| InterviewSummary {
                id: r.get(0),
                job_title: r.get(1),
                candidate_name: r.get(2),
                status: r.get(3),
                language: r.get(4),
                created_at: r.get(5),
            })
            .collect())
    }

    /// Commit one step: `events` (each with the client message id it
    /// answers, if any) after sequence number `seen`, and the change.
    /// Fails with `Conflict` when another step committed since `seen`, or
    /// when a client message id was already used.
    pub async fn append_interview(
        &self,
        interview_id: &str,
        seen: u64,
        events: &[(ServerEvent, Option<String>)],
        change: StepChange,
    ) -> Result<Vec<Envelope>, StoreError> {
        self.visible_interview(interview_id).await?;
        let step = super::commit::Step {
            interview_id: interview_id.to_owned(),
            seen: i64::try_from(seen).map_err(malformed)?,
            events: events.to_vec(),
            change,
        };
        self.commit_step(step).await
    }

    /// The stream after sequence number `after`; recruiter-only entries
    /// when `private`.
    pub async fn interview_events(
        &self,
        interview_id: &str,
        after: u64,
        private: bool,
    ) -> Result<Vec<Envelope>, StoreError> {
        self.visible_interview(interview_id).await?;
        let rows = sqlx::query(
            "SELECT seq, payload, created_at FROM interview_events \
             WHERE interview_id = ? AND seq > ? AND (? OR kind NOT IN ('answer', 'judgement')) ORDER BY seq",
        )
        .bind(interview_id)
        .bind(i64::try_from(after).map_err(malformed)?)
        .bind(private)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| envelope(interview_id, r)).collect()
    }

    /// The entry that answered a client message, if it was handled.
    pub async fn interview_event_for(
        &self,
        interview_id: &str,
        client_msg_id: &str,
    ) -> Result<Option<Envelope>, StoreError> {
        self.visible_interview(interview_id).await?;
        let row = sqlx::query(
            "SELECT seq, payload, created_at FROM interview_events \
             WHERE interview_id = ? AND client_msg_id = ?",
        )
        .bind(interview_id)
        .bind(client_msg_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| envelope(interview_id, &r)).transpose()
    }

    /// Cached job-level questions for these inputs.
    pub async fn job_questions(
        &self,
        jd_id: &str,
        key: &str,
    ) -> Result<Option<Vec<Question>>, StoreError> {
        self.visible_job(jd_id).await?;
        let text: Option<String> = sqlx::query_scalar(
            "SELECT questions FROM job_question_cache WHERE jd_id = ? AND cache_key = ?",
        )
        .bind(jd_id)
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        text.map(|t| serde_json::from_str(&t).map_err(malformed))
            .transpose()
    }

    pub async fn save_job_questions(
        &self,
        jd_id: &str,
        key: &str,
        questions: &[Question],
    ) -> Result<(), StoreError> {
        self.visible_job(jd_id).await?;
        sqlx::query(
            "INSERT INTO job_question_cache (jd_id, cache_key, questions, created_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT (jd_id, cache_key) DO UPDATE SET questions = excluded.questions, created_at = excluded.created_at",
        )
        .bind(jd_id)
        .bind(key)
        .bind(json_text(questions)?)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

async fn insert_plan(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    interview_id: &str,
    version: i64,
    plan: &Plan,
    edited_by: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO question_plans (id, interview_id, version, plan, edited_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(interview_id)
    .bind(version)
    .bind(json_text(plan)?)
    .bind(edited_by)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    // The design's questions table mirrors the plan in force.
    sqlx::query("DELETE FROM questions WHERE interview_id = ?")
        .bind(interview_id)
        .execute(&mut **tx)
        .await?;
    for (i, q) in plan.questions.iter().enumerate() {
        sqlx::query(
            "INSERT INTO questions (id, interview_id, position, question_text, question_type, difficulty, \
             dimension, key_points, time_limit_secs, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(format!("{interview_id}:{}", q.id))
        .bind(interview_id)
        .bind(i64::try_from(i).map_err(malformed)?)
        .bind(&q.text)
        .bind(json_text(&q.kind)?.trim_matches('"'))
        .bind(json_text(&q.difficulty)?.trim_matches('"'))
        .bind(&q.dimension)
        .bind(json_text(&q.key_points)?)
        .bind(i64::from(q.time_limit_secs))
        .bind(json_text(&q.source)?.trim_matches('"'))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
