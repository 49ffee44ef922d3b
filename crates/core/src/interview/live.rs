//! One live connection to an interview, for any transport (the server's
//! WebSocket, the app's event channel): client messages in as text, stored
//! envelopes out as they commit, and the clock acting at each deadline
//! (plus the grace period) without a message from the client. A
//! connection that drops loses nothing: every step committed before it
//! was sent, and the client reconnects with `hello` (docs/interview-protocol.md).

use super::conductor::{Conductor, GRACE_SECS};
use super::protocol::{ClientMessage, Envelope, Outbox, ServerEvent};
use super::state::Phase;
use super::{InterviewError, i18n};
use chrono::{DateTime, Utc};

/// Serve one connection until `inbound` closes (the client went away) or
/// the outbox is dropped.
pub async fn serve(
    conductor: &Conductor,
    interview_id: &str,
    mut inbound: tokio::sync::mpsc::Receiver<String>,
    out: &Outbox,
) -> Result<(), InterviewError> {
    loop {
        let wake = next_wake(conductor, interview_id).await?;
        let sleep = async {
            match wake {
                Some(at) => {
                    let wait = (at - Utc::now()).to_std().unwrap_or_default();
                    tokio::time::sleep(wait).await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            text = inbound.recv() => {
                let Some(text) = text else { return Ok(()) };
                let step = match serde_json::from_str::<ClientMessage>(&text) {
                    Ok(msg) => conductor.handle(interview_id, msg, Some(out)).await.map(drop),
                    Err(_) => Err(InterviewError::Invalid("not a message".into())),
                };
                if let Err(e) = step {
                    let code = match &e {
                        InterviewError::Invalid(_) => "interview.invalid_message",
                        other => other.code(),
                    };
                    send_error(conductor, interview_id, code, out).await?;
                }
            }
            () = sleep => {
                conductor.tick(interview_id, Some(out)).await?;
            }
        }
        if out.is_closed() {
            return Ok(());
        }
    }
}

/// When the clock next has something to do: the open question's deadline
/// or the overall one plus the grace period; now, for a judgement a crash
/// interrupted; the invitation's expiry before consent; never once ended.
async fn next_wake(
    conductor: &Conductor,
    interview_id: &str,
) -> Result<Option<DateTime<Utc>>, InterviewError> {
    let (record, cursor) = conductor.position(interview_id).await?;
    let grace = chrono::Duration::seconds(GRACE_SECS) + chrono::Duration::milliseconds(100);
    Ok(match cursor.phase {
        Phase::Ended => None,
        Phase::Judging => Some(Utc::now()),
        Phase::New | Phase::Consent => record
            .expires_at
            .as_deref()
            .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
            .map(|e| e.with_timezone(&Utc) + grace),
        Phase::Asking => [cursor.deadline, cursor.overall_deadline]
            .into_iter()
            .flatten()
            .min()
            .map(|d| d + grace),
    })
}

/// An error for this connection only: unstored, with the last stored seq.
async fn send_error(
    conductor: &Conductor,
    interview_id: &str,
    code: &str,
    out: &Outbox,
) -> Result<(), InterviewError> {
    let (record, _) = conductor.position(interview_id).await?;
    let _ = out.send(Envelope {
        seq: record.last_seq,
        interview_id: record.id,
        at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        event: ServerEvent::Error {
            code: code.into(),
            message: i18n::error_message(record.language, code).into(),
        },
    });
    Ok(())
}
