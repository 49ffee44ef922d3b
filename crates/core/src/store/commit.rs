//! Group commit of interview steps. Every step must be durable before the
//! candidate is told it was saved, and with `synchronous=FULL` each commit
//! costs one flush of the disk; a thousand candidates answering at once
//! queued a thousand flushes. Steps are instead handed to one committer
//! task, which writes every step waiting at that moment in one transaction
//! (each step in its own savepoint, so a step that fails, e.g. a conflict,
//! is rolled back alone) and commits once: one flush for the group, and
//! every step's caller hears back only after that commit.
//!
//! The savepoints are standard SQL; the committer itself is the store's,
//! whatever the backend.

use super::events::insert_event;
use super::interviews::StepChange;
use super::{json_text, now};
use crate::error::StoreError;
use crate::interview::Status;
use crate::interview::protocol::{Envelope, ServerEvent};
use sqlx::{Acquire, SqlitePool};
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// Steps written in one transaction at most (more wait for the next).
const MAX_GROUP: usize = 256;

/// One interview step: its events after sequence number `seen`.
pub(super) struct Step {
    pub interview_id: String,
    pub seen: i64,
    pub events: Vec<(ServerEvent, Option<String>)>,
    pub change: StepChange,
}

type Reply = oneshot::Sender<Result<Vec<Envelope>, StoreError>>;

/// The handle the store keeps; the task ends when the last handle is gone.
#[derive(Debug, Clone)]
pub(super) struct Committer {
    queue: mpsc::UnboundedSender<(Step, Reply)>,
}

impl Committer {
    /// Start the committer on the current runtime.
    pub fn start(pool: SqlitePool, writer: Arc<Mutex<()>>) -> Self {
        let (queue, steps) = mpsc::unbounded_channel();
        tokio::spawn(run(pool, writer, steps));
        Self { queue }
    }

    /// Write `step` with whatever else is waiting. The step comes back
    /// when the committer is gone (its runtime ended): the caller writes
    /// it alone.
    pub async fn commit(&self, step: Step) -> Result<Result<Vec<Envelope>, StoreError>, Step> {
        let (reply, answer) = oneshot::channel();
        if let Err(mpsc::error::SendError((step, _))) = self.queue.send((step, reply)) {
            return Err(step);
        }
        Ok(answer.await.unwrap_or_else(|_| {
            Err(StoreError::Malformed(
                "the committer stopped before this step was written".into(),
            ))
        }))
    }
}

async fn run(
    pool: SqlitePool,
    writer: Arc<Mutex<()>>,
    mut steps: mpsc::UnboundedReceiver<(Step, Reply)>,
) {
    while let Some(first) = steps.recv().await {
        let _writing = writer.lock().await;
        // Whatever arrived meanwhile (also while waiting for the lock).
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match steps.try_recv() {
                Ok(step) => group.push(step),
                Err(_) => break,
            }
        }
        write_group(&pool, group).await;
    }
}

/// One transaction for `group`; every reply after the commit.
pub(super) async fn write_group(pool: &SqlitePool, group: Vec<(Step, Reply)>) {
    let mut outcomes = Vec::with_capacity(group.len());
    let committed = async {
        let mut tx = pool.begin().await?;
        for (step, _) in &group {
            let mut savepoint = tx.begin().await?;
            let outcome = write_step(&mut savepoint, step).await;
            if outcome.is_ok() {
                savepoint.commit().await?;
            } else {
                savepoint.rollback().await?;
            }
            outcomes.push(outcome);
        }
        tx.commit().await
    }
    .await;
    let mut outcomes = outcomes.into_iter();
    for (_, reply) in group {
        let _ = reply.send(match &committed {
            Ok(()) => outcomes
                .next()
                .unwrap_or_else(|| Err(StoreError::Malformed("a step was not written".into()))),
            Err(e) => Err(StoreError::Database(sqlx::Error::Protocol(format!(
                "the commit of this step failed: {e}"
            )))),
        });
    }
}

fn malformed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Malformed(e.to_string())
}

/// The step's writes. The update comes first, and its guard on `last_seq`
/// is the check that no other step of this interview came in between.
async fn write_step(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    step: &Step,
) -> Result<Vec<Envelope>, StoreError> {
    let Step {
        interview_id,
        seen,
        events,
        change,
    } = step;
    let count = i64::try_from(events.len()).map_err(malformed)?;
    let ts = now();
    let updated = sqlx::query(
        "UPDATE interviews SET last_seq = last_seq + ?, state = ?, \
         status = COALESCE(?, status), consent = COALESCE(?, consent), \
         started_at = CASE WHEN ? = 'in_progress' AND started_at IS NULL THEN ? ELSE started_at END, \
         ended_at = CASE WHEN ? IN ('completed', 'abandoned', 'expired') AND ended_at IS NULL THEN ? ELSE ended_at END \
         WHERE id = ? AND last_seq = ?",
    )
    .bind(count)
    .bind(change.state.to_string())
    .bind(change.status.map(Status::as_str))
    .bind(change.consent.as_ref().map(ToString::to_string))
    .bind(change.status.map(Status::as_str))
    .bind(&ts)
    .bind(change.status.map(Status::as_str))
    .bind(&ts)
    .bind(interview_id)
    .bind(seen)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::Conflict(format!(
            "interview {interview_id} moved on since sequence number {seen}"
        )));
    }
    let mut out = Vec::with_capacity(events.len());
    for (i, (event, client_msg_id)) in events.iter().enumerate() {
        let seq = seen + 1 + i64::try_from(i).map_err(malformed)?;
        let inserted = sqlx::query(
            "INSERT INTO interview_events (interview_id, seq, kind, payload, client_msg_id, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(interview_id)
        .bind(seq)
        .bind(event.kind())
        .bind(json_text(event)?)
        .bind(client_msg_id.as_deref())
        .bind(&ts)
        .execute(&mut **tx)
        .await;
        if let Err(sqlx::Error::Database(e)) = &inserted
            && e.is_unique_violation()
        {
            return Err(StoreError::Conflict(format!(
                "client message {} was already handled",
                client_msg_id.as_deref().unwrap_or_default()
            )));
        }
        inserted?;
        out.push(Envelope {
            seq: u64::try_from(seq).map_err(malformed)?,
            interview_id: interview_id.clone(),
            at: ts.clone(),
            event: event.clone(),
        });
    }
    for (kind, data) in &change.outbox {
        insert_event(tx, kind, data.clone()).await?;
    }
    // A completed interview is queued for scoring in the same commit.
    if change.status == Some(Status::Completed) {
        super::scoring::enqueue(tx, interview_id).await?;
    }
    Ok(out)
}
