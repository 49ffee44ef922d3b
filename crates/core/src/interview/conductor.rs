//! The conductor: the interview as a state machine over its durable event
//! log. Every step — a client message, a tick of the clock, a restart —
//! loads the interview's committed position, decides, and commits the
//! events it produces together with the new position in one transaction
//! before anything is sent: acknowledged means durable, and a process
//! killed at any moment resumes where the last commit left it (an answer
//! acknowledged but not yet judged is judged on the next step).
//!
//! A turn: ask → answer (stored, acknowledged) → judge (the model's
//! verdict, or the offline judge's) → a follow-up while a key point or the
//! level is undecided, at most `max_follow_ups` → the next question. The
//! model proposes; this code moves, so a model that fails or drifts cannot
//! stall or skip anything.

use super::judge::{self, Verdict};
use super::protocol::{ClientMessage, EndReason, Envelope, Outbox, ServerEvent};
pub use super::state::{Cursor, Phase};
use super::{InterviewError, InterviewRecord, Question, Status, i18n};
use crate::error::StoreError;
use crate::llm::{CancellationToken, LlmService};
use crate::store::{StepChange, Store};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// An answer is accepted this long after its deadline (the network's
/// share), and a question times out only after it.
pub const GRACE_SECS: i64 = 5;
/// The longest answer accepted, in characters.
pub const MAX_ANSWER_CHARS: usize = 20_000;

struct Session {
    record: InterviewRecord,
    cursor: Cursor,
}

type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Conducts interviews; one per process serves any number of them.
pub struct Conductor {
    store: Store,
    llm: Option<Arc<LlmService>>,
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    clock: Clock,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Conductor {
    /// With no model, the offline judge and template follow-ups are used.
    pub fn new(store: Store, llm: Option<Arc<LlmService>>) -> Self {
        Self {
            store,
            llm,
            locks: Mutex::default(),
            clock: Arc::new(Utc::now),
        }
    }

    /// Read time from `clock` instead of the system (tests).
    pub fn with_clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The interview's full id, for an id or a unique prefix.
    async fn full_id(&self, id: &str) -> Result<String, InterviewError> {
        if id.len() == 36 {
            return Ok(id.to_owned());
        }
        Ok(self.store.get_interview(id).await?.0.id)
    }

    /// An error for one message: sent, never stored (it carries the last
    /// stored sequence number and is not replayed).
    fn error(
        &self,
        s: &Session,
        code: &'static str,
        out: Option<&Outbox>,
        sent: &mut Vec<Envelope>,
    ) {
        let env = Envelope {
            seq: s.record.last_seq,
            interview_id: s.record.id.clone(),
            at: rfc3339(self.now()),
            event: ServerEvent::Error {
                code: code.into(),
                message: i18n::error_message(s.record.language, code).into(),
            },
        };
        if let Some(out) = out {
            let _ = out.send(env.clone());
        }
        sent.push(env);
    }

    fn lock(&self, id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 4096 {
            map.retain(|_, l| Arc::strong_count(l) > 1);
        }
        map.entry(id.to_owned()).or_default().clone()
    }

    async fn load(&self, id: &str) -> Result<Session, InterviewError> {
        let (record, state) = self.store.get_interview(id).await?;
        let cursor = serde_json::from_value(state)
            .map_err(|e| StoreError::Malformed(format!("interview state: {e}")))?;
        Ok(Session { record, cursor })
    }

    /// The interview's committed position (for timers and views).
    pub async fn position(&self, id: &str) -> Result<(InterviewRecord, Cursor), InterviewError> {
        let s = self.load(id).await?;
        Ok((s.record, s.cursor))
    }

    /// Bring the interview up to date (a restart, the clock) without a
    /// client message: expire it, open it, time out the open question,
    /// judge an answer left unjudged. Returns what was sent.
    pub async fn tick(
        &self,
        id: &str,
        out: Option<&Outbox>,
    ) -> Result<Vec<Envelope>, InterviewError> {
        let id = self.full_id(id).await?;
        let lock = self.lock(&id);
        let _guard = lock.lock().await;
        let mut s = self.load(&id).await?;
        let mut sent = Vec::new();
        self.catch_up(&mut s, out, &mut sent).await?;
        Ok(sent)
    }

    /// Handle one client message. Everything returned (and sent to `out`
    /// as soon as it is committed) is durable; `question_delta`s go only
    /// to `out`.
    pub async fn handle(
        &self,
        id: &str,
        msg: ClientMessage,
        out: Option<&Outbox>,
    ) -> Result<Vec<Envelope>, InterviewError> {
        let id = self.full_id(id).await?;
        let lock = self.lock(&id);
        let _guard = lock.lock().await;
        let mut s = self.load(&id).await?;
        let mut sent = Vec::new();
        if msg
            .client_msg_id()
            .is_some_and(|c| c.trim().is_empty() || c.len() > 200)
        {
            self.error(&s, "interview.invalid_message", out, &mut sent);
            return Ok(sent);
        }
        match &msg {
            ClientMessage::Hello { last_seq } => {
                let past = self
                    .store
                    .interview_events(&s.record.id, last_seq.unwrap_or(0), false)
                    .await?;
                emit(out, &mut sent, past);
            }
            other => {
                let cid = other.client_msg_id().unwrap_or_default();
                // A retried message: what answered it, again, and nothing more.
                if let Some(prev) = self.store.interview_event_for(&s.record.id, cid).await? {
                    emit(out, &mut sent, vec![prev]);
                    self.catch_up(&mut s, out, &mut sent).await?;
                    return Ok(sent);
                }
            }
        }
        let before = (s.cursor.index, s.cursor.follow_ups, s.cursor.phase);
        self.catch_up(&mut s, out, &mut sent).await?;
        if let ClientMessage::Answer { question_id, .. } = &msg {
            // An answer to a question that timed out just now, or to one
            // no longer open, is not taken for the next one.
            let moved = before != (s.cursor.index, s.cursor.follow_ups, s.cursor.phase)
                && before.2 == Phase::Asking;
            let stale = question_id
                .as_deref()
                .is_some_and(|q| self.question(&s).is_ok_and(|open| open.id != q));
            if moved || stale {
                self.error(&s, "interview.too_late", out, &mut sent);
                return Ok(sent);
            }
        }
        self.apply(&mut s, msg, out, &mut sent).await?;
        Ok(sent)
    }

    async fn apply(
        &self,
        s: &mut Session,
        msg: ClientMessage,
        out: Option<&Outbox>,
        sent: &mut Vec<Envelope>,
    ) -> Result<(), InterviewError> {
        let phase = s.cursor.phase;
        let lang = s.record.language;
        match msg {
            ClientMessage::Hello { .. } => Ok(()),
            _ if phase == Phase::Ended => {
                self.error(s, "interview.ended", out, sent);
                Ok(())
            }
            ClientMessage::Consent {
                client_msg_id,
                given,
            } => {
                if phase != Phase::Consent {
                    self.error(s, "interview.not_asking", out, sent);
                    return Ok(());
                }
                let now = self.now();
                let consent = serde_json::json!({ "given": given, "at": rfc3339(now) });
                let mut events = vec![(ServerEvent::Consent { given }, Some(client_msg_id))];
                let mut change = StepChange {
                    consent: Some(consent),
                    ..StepChange::default()
                };
                if given {
                    let overall = i64::try_from(s.record.settings.overall_limit_secs)
                        .unwrap_or(i64::MAX / 2_000);
                    s.cursor.overall_deadline =
                        Some((now + Duration::seconds(overall)).trunc_subsecs(3));
                    change.status = Some(Status::InProgress);
                    change.outbox.push((
                        "interview.started",
                        serde_json::json!({
                            "interview_id": s.record.id, "candidate_id": s.record.candidate_id,
                            "jd_id": s.record.jd_id, "language": lang.code(),
                        }),
                    ));
                    events.extend(self.next(s, 0, &mut change));
                } else {
                    events.extend(self.end(s, EndReason::ConsentDeclined, &mut change));
                }
                self.commit(s, events, change, out, sent).await
            }
            ClientMessage::Answer {
                client_msg_id,
                text,
                signals,
                ..
            } => {
                let problem = match phase {
                    Phase::Consent | Phase::New => Some("interview.consent_required"),
                    Phase::Asking if text.trim().is_empty() => Some("interview.empty_answer"),
                    Phase::Asking if text.chars().count() > MAX_ANSWER_CHARS => {
                        Some("interview.answer_too_long")
                    }
                    Phase::Asking => None,
                    _ => Some("interview.not_asking"),
                };
                if let Some(code) = problem {
                    self.error(s, code, out, sent);
                    return Ok(());
                }
                let question = self.question(s)?.clone();
                s.cursor.answers.push(text.clone());
                s.cursor.phase = Phase::Judging;
                s.cursor.deadline = None;
                let events = vec![
                    (
                        ServerEvent::Answer {
                            client_msg_id: client_msg_id.clone(),
                            question_id: question.id.clone(),
                            follow_up: s.cursor.follow_ups,
                            text,
                            signals,
                        },
                        None,
                    ),
                    (
                        ServerEvent::AnswerAck {
                            client_msg_id: client_msg_id.clone(),
                            question_id: question.id,
                        },
                        Some(client_msg_id),
                    ),
                ];
                self.commit(s, events, StepChange::default(), out, sent)
                    .await?;
                self.judge_and_move(s, out, sent).await
            }
            ClientMessage::Repeat { client_msg_id } => {
                let again = match (phase, s.cursor.asked.clone()) {
                    (
                        Phase::Asking,
                        Some(ServerEvent::Question {
                            question_id,
                            number,
                            of,
                            text,
                            kind,
                            deadline,
                            time_limit_secs,
                            ..
                        }),
                    ) => ServerEvent::Question {
                        question_id,
                        number,
                        of,
                        text,
                        kind,
                        deadline,
                        time_limit_secs,
                        repeat: true,
                    },
                    (Phase::Asking, Some(other)) => other,
                    _ => {
                        self.error(s, "interview.not_asking", out, sent);
                        return Ok(());
                    }
                };
                self.reply(s, again, client_msg_id, out, sent).await
            }
            ClientMessage::Clarify { client_msg_id, .. } => {
                if phase != Phase::Asking {
                    self.error(s, "interview.not_asking", out, sent);
                    return Ok(());
                }
                if s.cursor.clarifications >= s.record.settings.max_clarifications {
                    self.error(s, "interview.too_many_clarifications", out, sent);
                    return Ok(());
                }
                let q = self.question(s)?;
                let event = ServerEvent::Clarification {
                    question_id: q.id.clone(),
                    text: i18n::clarification(lang, q.kind, &q.dimension),
                };
                s.cursor.clarifications += 1;
                self.reply(s, event, client_msg_id, out, sent).await
            }
            ClientMessage::Leave { client_msg_id } => {
                let mut change = StepChange::default();
                let mut events = self.end(s, EndReason::Left, &mut change);
                if let Some(first) = events.first_mut() {
                    first.1 = Some(client_msg_id);
                }
                self.commit(s, events, change, out, sent).await
            }
        }
    }

    /// Expire, open, time out or finish judging, as the clock and the
    /// committed position say.
    async fn catch_up(
        &self,
        s: &mut Session,
        out: Option<&Outbox>,
        sent: &mut Vec<Envelope>,
    ) -> Result<(), InterviewError> {
        let now = self.now();
        let mut change = StepChange::default();
        let expired = s.record.status == Status::Scheduled
            && s.record
                .expires_at
                .as_deref()
                .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
                .is_some_and(|e| now > e);
        match s.cursor.phase {
            Phase::Ended => {}
            Phase::New | Phase::Consent if expired => {
                let events = self.end(s, EndReason::InvitationExpired, &mut change);
                self.commit(s, events, change, out, sent).await?;
            }
            Phase::New => {
                let r = &s.record;
                let event = ServerEvent::Welcome {
                    language: r.language,
                    job_title: r.job_title.clone(),
                    notice: i18n::notice(
                        r.language,
                        &r.job_title,
                        r.plan.questions.len(),
                        r.settings.overall_limit_secs / 60,
                    ),
                    questions: r.plan.questions.len(),
                    question_time_limit_secs: r
                        .plan
                        .questions
                        .first()
                        .map_or(300, |q| q.time_limit_secs),
                    overall_limit_secs: r.settings.overall_limit_secs,
                };
                s.cursor.phase = Phase::Consent;
                self.commit(s, vec![(event, None)], change, out, sent)
                    .await?;
            }
            Phase::Consent => {}
            // An answer acknowledged before a crash is judged first, even
            // after the time ran out (judging then ends the interview).
            Phase::Judging => self.judge_and_move(s, out, sent).await?,
            _ if s
                .cursor
                .overall_deadline
                .is_some_and(|d| now > d + Duration::seconds(GRACE_SECS)) =>
            {
                let events = self.end(s, EndReason::TimeUp, &mut change);
                self.commit(s, events, change, out, sent).await?;
            }
            Phase::Asking
                if s.cursor
                    .deadline
                    .is_some_and(|d| now > d + Duration::seconds(GRACE_SECS)) =>
            {
                let q = self.question(s)?;
                let mut events = vec![(
                    ServerEvent::Timeout {
                        question_id: q.id.clone(),
                    },
                    None,
                )];
                let index = s.cursor.index + 1;
                events.extend(self.next(s, index, &mut change));
                self.commit(s, events, change, out, sent).await?;
            }
            Phase::Asking => {}
        }
        Ok(())
    }

    fn question<'a>(&self, s: &'a Session) -> Result<&'a Question, InterviewError> {
        s.record.plan.questions.get(s.cursor.index).ok_or_else(|| {
            InterviewError::Invalid(format!("the plan has no question {}", s.cursor.index + 1))
        })
    }

    /// Judge the open question's answers; follow up or move on.
    async fn judge_and_move(
        &self,
        s: &mut Session,
        out: Option<&Outbox>,
        sent: &mut Vec<Envelope>,
    ) -> Result<(), InterviewError> {
        let question = self.question(s)?.clone();
        let answer = s.cursor.answers.join("\n\n");
        // The model has a time of its own per turn; past it the offline
        // judge and the template follow-up answer.
        let cancel = CancellationToken::new();
        let timer = {
            let cancel = cancel.clone();
            let limit =
                std::time::Duration::from_secs(u64::from(s.record.settings.model_time_limit_secs));
            tokio::spawn(async move {
                tokio::time::sleep(limit).await;
                cancel.cancel();
            })
        };
        let llm = self.llm.as_deref();
        let verdict: Verdict = match self.store.latest_rubric(&s.record.jd_id).await {
            Ok((_, _, rubric)) => judge::judge(llm, &rubric, &question, &answer, &cancel).await,
            Err(e) => Verdict {
                note: Some(format!("no rubric: {e}")),
                ..judge::offline(&question, &answer)
            },
        };
        let mut events = vec![(
            ServerEvent::Judgement {
                question_id: question.id.clone(),
                follow_up: s.cursor.follow_ups,
                covered: verdict.covered.clone(),
                missing: verdict.missing.clone(),
                decided: verdict.decided,
                judge: verdict.judge.clone(),
                note: verdict.note.clone(),
                follow_up_by: None,
            },
            None,
        )];
        let mut change = StepChange::default();
        if !verdict.settled()
            && s.cursor.follow_ups < s.record.settings.max_follow_ups
            && !self.time_up(s)
        {
            // Deltas carry the number the follow-up will be stored under.
            let seq = s.record.last_seq + 2;
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<String>();
            let forward = out.cloned().map(|out| {
                judge::show_while_plausible(out, rx, seq, s.record.id.clone(), question.id.clone())
            });
            let (text, note) = judge::follow_up(
                llm,
                s.record.language,
                &question,
                &answer,
                &verdict,
                forward.is_some().then_some(&tx),
                &cancel,
            )
            .await;
            drop(tx);
            if let Some(f) = forward {
                let _ = f.await;
            }
            if let Some(note) = &note {
                tracing::warn!("interview {}: template follow-up: {note}", s.record.id);
            }
            if let Some((ServerEvent::Judgement { follow_up_by, .. }, _)) = events.first_mut() {
                *follow_up_by = Some(match (&note, llm) {
                    (None, Some(_)) => "model".into(),
                    (None, None) => "template".into(),
                    (Some(n), _) => format!("template ({n})"),
                });
            }
            timer.abort();
            let limit = s.record.settings.follow_up_limit_secs;
            let deadline = self.deadline(s, limit);
            s.cursor.follow_ups += 1;
            s.cursor.clarifications = 0;
            s.cursor.phase = Phase::Asking;
            s.cursor.deadline = Some(deadline);
            let event = ServerEvent::FollowUp {
                question_id: question.id.clone(),
                number: s.cursor.follow_ups,
                text,
                deadline: rfc3339(deadline),
                time_limit_secs: limit,
            };
            s.cursor.asked = Some(event.clone());
            events.push((event, None));
        } else {
            timer.abort();
            let index = s.cursor.index + 1;
            events.extend(self.next(s, index, &mut change));
        }
        self.commit(s, events, change, out, sent).await
    }

    /// The interview's overall time has run out.
    fn time_up(&self, s: &Session) -> bool {
        s.cursor.overall_deadline.is_some_and(|d| self.now() >= d)
    }

    /// A question's deadline: its time limit from now, never past the
    /// end of the interview.
    fn deadline(&self, s: &Session, limit_secs: u32) -> DateTime<Utc> {
        // To the millisecond, as the events carry it: the stored deadline
        // and the one sent are the same instant.
        let own = (self.now() + Duration::seconds(i64::from(limit_secs))).trunc_subsecs(3);
        s.cursor
            .overall_deadline
            .map_or(own, |overall| own.min(overall))
    }

    /// Ask question `index`, or end the interview after the last one.
    fn next(
        &self,
        s: &mut Session,
        index: usize,
        change: &mut StepChange,
    ) -> Vec<(ServerEvent, Option<String>)> {
        let Some(q) = s.record.plan.questions.get(index) else {
            return self.end(s, EndReason::Finished, change);
        };
        if self.time_up(s) {
            return self.end(s, EndReason::TimeUp, change);
        }
        let deadline = self.deadline(s, q.time_limit_secs);
        let event = ServerEvent::Question {
            question_id: q.id.clone(),
            number: index + 1,
            of: s.record.plan.questions.len(),
            text: q.text.clone(),
            kind: q.kind,
            deadline: rfc3339(deadline),
            time_limit_secs: q.time_limit_secs,
            repeat: false,
        };
        s.cursor = Cursor {
            phase: Phase::Asking,
            index,
            deadline: Some(deadline),
            asked: Some(event.clone()),
            overall_deadline: s.cursor.overall_deadline,
            ..Cursor::default()
        };
        vec![(event, None)]
    }

    fn end(
        &self,
        s: &mut Session,
        reason: EndReason,
        change: &mut StepChange,
    ) -> Vec<(ServerEvent, Option<String>)> {
        let status = match reason {
            EndReason::Finished | EndReason::TimeUp => Status::Completed,
            EndReason::ConsentDeclined | EndReason::Left => Status::Abandoned,
            EndReason::InvitationExpired => Status::Expired,
        };
        change.status = Some(status);
        if status == Status::Completed {
            let started = s
                .record
                .started_at
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc));
            let minutes = started.map_or(0, |t| (self.now() - t).num_minutes().max(0));
            change.outbox.push((
                "interview.completed",
                serde_json::json!({
                    "interview_id": s.record.id, "candidate_id": s.record.candidate_id,
                    "jd_id": s.record.jd_id, "duration_minutes": minutes,
                    "reason": reason,
                }),
            ));
        }
        s.cursor.phase = Phase::Ended;
        s.cursor.deadline = None;
        vec![(
            ServerEvent::Complete {
                reason,
                message: i18n::end_message(s.record.language, reason).into(),
            },
            None,
        )]
    }

    /// Commit one envelope answering a client message.
    async fn reply(
        &self,
        s: &mut Session,
        event: ServerEvent,
        client_msg_id: String,
        out: Option<&Outbox>,
        sent: &mut Vec<Envelope>,
    ) -> Result<(), InterviewError> {
        let events = vec![(event, Some(client_msg_id))];
        self.commit(s, events, StepChange::default(), out, sent)
            .await
    }

    async fn commit(
        &self,
        s: &mut Session,
        events: Vec<(ServerEvent, Option<String>)>,
        mut change: StepChange,
        out: Option<&Outbox>,
        sent: &mut Vec<Envelope>,
    ) -> Result<(), InterviewError> {
        change.state =
            serde_json::to_value(&s.cursor).map_err(|e| StoreError::Malformed(e.to_string()))?;
        let status = change.status;
        let envs = self
            .store
            .append_interview(&s.record.id, s.record.last_seq, &events, change)
            .await?;
        if let Some(last) = envs.last() {
            s.record.last_seq = last.seq;
        }
        if let Some(status) = status {
            if status == Status::InProgress && s.record.started_at.is_none() {
                s.record.started_at = envs.first().map(|e| e.at.clone());
            }
            s.record.status = status;
        }
        emit(out, sent, envs);
        Ok(())
    }
}

/// Send the public envelopes on and keep them.
fn emit(out: Option<&Outbox>, sent: &mut Vec<Envelope>, envs: Vec<Envelope>) {
    for e in envs.into_iter().filter(|e| !e.event.is_private()) {
        if let Some(out) = out {
            let _ = out.send(e.clone());
        }
        sent.push(e);
    }
}
