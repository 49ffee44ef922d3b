//! The audit log: who did what, and when. Every change made through the
//! API, every look at one candidate's record, every sign-in attempt and
//! every refused call is a row (the shells decide which calls are which,
//! `ats_api`'s `audit.rs`). Rows are only ever added: the store refuses to
//! change one. A row names what a call was about by id, never by content:
//! no resume text, answer, password or token reaches the log.

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub id: String,
    /// RFC 3339, milliseconds, UTC.
    pub at: String,
    /// Whose log it is in: the actor's company (`None`: the installation's,
    /// a super admin's or an unknown e-mail's).
    pub company_id: Option<String>,
    /// The account or interview that acted (`None`: nobody signed in).
    pub actor_id: Option<String>,
    /// How a person reads the actor: an e-mail, `candidate`, `anonymous`.
    pub actor: String,
    pub role: Option<String>,
    /// The method called (`candidates.get`).
    pub action: String,
    /// The id the call was about, when it was about one.
    pub subject: Option<String>,
    /// `ok`, or the error code the call ended with.
    pub outcome: String,
}

/// Which rows to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Exactly this actor (e-mail or id).
    pub actor: Option<String>,
    /// This method, or every method of a group (`candidates`).
    pub action: Option<String>,
    pub subject: Option<String>,
    /// Only refused or failed calls.
    pub failures_only: bool,
    /// The `next` of the previous page.
    pub before: Option<String>,
    pub limit: u32,
}

/// A page of the log and the cursor of the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<String>,
}
