//! The conductor's committed position in an interview, stored as JSON
//! with it after every step.

use crate::interview::protocol::ServerEvent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Nothing sent yet.
    #[default]
    New,
    /// The notice is out; waiting for consent.
    Consent,
    /// A question or follow-up is out; waiting for the answer.
    Asking,
    /// An answer is stored and acknowledged; its judgement is pending.
    Judging,
    Ended,
}

/// The committed position of an interview (stored as JSON with it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cursor {
    pub phase: Phase,
    /// The plan's question being asked (0-based).
    pub index: usize,
    pub follow_ups: u32,
    pub clarifications: u32,
    /// When the open question's answer is due.
    pub deadline: Option<DateTime<Utc>>,
    pub overall_deadline: Option<DateTime<Utc>>,
    /// The answers given to the open question so far (with follow-ups).
    pub answers: Vec<String>,
    /// The last question or follow-up sent (what a repeat sends again).
    pub asked: Option<ServerEvent>,
}
