//! The interview message protocol (`docs/interview-protocol.md`): what a
//! client sends ([`ClientMessage`]) and the event stream it receives
//! ([`Envelope`]: a sequence number, the interview, the time, one
//! [`ServerEvent`]). Every shell — the terminal, the WebSocket server, the
//! app — forwards these unchanged, as JSON.
//!
//! Sequence numbers increase strictly within an interview; they may skip
//! (entries only recruiters see take numbers too). `question_delta`
//! envelopes are the exception: they stream a message still being written,
//! carry the number that message will get, and are never replayed — a
//! reconnecting client receives the whole message instead.

use super::{Language, QuestionKind};
use serde::{Deserialize, Serialize};

/// What a client reports about how an answer was written. Shown to
/// recruiters; never used to reject anyone automatically.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Signals {
    /// Characters pasted into the answer.
    pub pasted_chars: u32,
    /// Milliseconds from the question to the first keystroke.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_keystroke_ms: Option<u64>,
    /// Times the interview window lost focus while answering.
    pub focus_lost: u32,
}

/// From the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// Open or reopen the stream: everything after `last_seq` is sent
    /// (everything when absent), then what comes next.
    Hello {
        #[serde(default)]
        last_seq: Option<u64>,
    },
    /// The answer to the AI notice: `true` to be interviewed by the AI,
    /// `false` to ask for another process.
    Consent { client_msg_id: String, given: bool },
    /// An answer to the question (or follow-up) being asked.
    Answer {
        client_msg_id: String,
        /// The question (or follow-up's question) answered; an answer to a
        /// question no longer open is refused (`interview.too_late`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        question_id: Option<String>,
        text: String,
        #[serde(default)]
        signals: Signals,
    },
    /// Ask for the current question again (the clock keeps running).
    Repeat { client_msg_id: String },
    /// Ask what the current question means.
    Clarify {
        client_msg_id: String,
        #[serde(default)]
        text: String,
    },
    /// Leave the interview for good.
    Leave { client_msg_id: String },
}

impl ClientMessage {
    pub fn client_msg_id(&self) -> Option<&str> {
        match self {
            Self::Hello { .. } => None,
            Self::Consent { client_msg_id, .. }
            | Self::Answer { client_msg_id, .. }
            | Self::Repeat { client_msg_id }
            | Self::Clarify { client_msg_id, .. }
            | Self::Leave { client_msg_id } => Some(client_msg_id),
        }
    }
}

/// Why an interview ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Every question was asked.
    Finished,
    /// The overall time limit passed.
    TimeUp,
    /// The candidate asked for another process instead.
    ConsentDeclined,
    /// The candidate left.
    Left,
    /// The invitation expired before the interview started.
    InvitationExpired,
}

/// To the client (and, with the recruiter-only kinds, to the log).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerEvent {
    /// Before anything is asked: who conducts the interview, what is
    /// recorded and how it is used; a consent is expected.
    Welcome {
        language: Language,
        job_title: String,
        notice: String,
        questions: usize,
        question_time_limit_secs: u32,
        overall_limit_secs: u64,
    },
    /// The candidate's choice, as recorded.
    Consent { given: bool },
    /// A question of the plan (again, with `repeat`).
    Question {
        question_id: String,
        /// 1-based position in the plan.
        number: usize,
        of: usize,
        text: String,
        kind: QuestionKind,
        /// When the answer is due (RFC 3339, UTC): stored, so a restart
        /// neither resets nor loses it.
        deadline: String,
        time_limit_secs: u32,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        repeat: bool,
    },
    /// Part of a message being written (never stored, never replayed).
    QuestionDelta { question_id: String, delta: String },
    /// A follow-up to the last answer.
    FollowUp {
        question_id: String,
        /// 1-based among this question's follow-ups.
        number: u32,
        text: String,
        deadline: String,
        time_limit_secs: u32,
    },
    /// The answer is stored: acknowledged means durable.
    AnswerAck {
        client_msg_id: String,
        question_id: String,
    },
    /// What the current question means; the deadline stands.
    Clarification { question_id: String, text: String },
    /// The time for the current question ran out; it is recorded unanswered.
    Timeout { question_id: String },
    /// The interview is over.
    Complete { reason: EndReason, message: String },
    /// Something the client sent could not be used; the interview goes on.
    /// Never stored: it carries the last stored sequence number and is not
    /// replayed.
    Error { code: String, message: String },
    // --- Recruiter-only entries (not sent to candidates) ---
    /// An answer as given (the candidate sees only its acknowledgement).
    Answer {
        client_msg_id: String,
        question_id: String,
        /// 0 for the answer to the question, n for the n-th follow-up.
        follow_up: u32,
        text: String,
        signals: Signals,
    },
    /// The judge's verdict on an answer and who gave it.
    Judgement {
        question_id: String,
        follow_up: u32,
        covered: Vec<String>,
        missing: Vec<String>,
        decided: bool,
        judge: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        /// Who wrote the follow-up this judgement led to: `model`, or
        /// `template` (with why).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        follow_up_by: Option<String>,
    },
}

impl ServerEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Welcome { .. } => "welcome",
            Self::Consent { .. } => "consent",
            Self::Question { .. } => "question",
            Self::QuestionDelta { .. } => "question_delta",
            Self::FollowUp { .. } => "follow_up",
            Self::AnswerAck { .. } => "answer_ack",
            Self::Clarification { .. } => "clarification",
            Self::Timeout { .. } => "timeout",
            Self::Complete { .. } => "complete",
            Self::Error { .. } => "error",
            Self::Answer { .. } => "answer",
            Self::Judgement { .. } => "judgement",
        }
    }

    /// Seen by recruiters only.
    pub fn is_private(&self) -> bool {
        matches!(self, Self::Answer { .. } | Self::Judgement { .. })
    }
}

/// One entry of an interview's stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub seq: u64,
    pub interview_id: String,
    /// When it was stored (RFC 3339, UTC).
    pub at: String,
    #[serde(flatten)]
    pub event: ServerEvent,
}

/// Where a conductor sends envelopes as soon as they are durable (and
/// `question_delta`s as they are written).
pub type Outbox = tokio::sync::mpsc::UnboundedSender<Envelope>;
