//! What the audit log (`ats_core::audit`) keeps of a call through the
//! method table. Every call that changes something, every look at one
//! candidate's record or a job's scorecards, every sign-in attempt and
//! every call refused for its role is a row; reads of lists and settings
//! are not (they are frequent and about no one record), and a person seeing
//! the same record again within [`VIEW_WINDOW`] is the same row (a screen
//! that refreshes, a live transcript). A row names the
//! call's subject by id, taken from a fixed set of id fields: never a
//! token, a password or any text of the call.

use crate::{Api, ApiError, Principal};
use ats_core::audit::AuditEntry;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit {
    /// Not logged unless refused.
    Quiet,
    /// A look at one candidate's record, a job's scorecards, an export.
    Access,
    /// Anything that changes something, and signing in.
    Change,
}

/// Methods not logged unless refused: reads of lists, settings and one's
/// own account.
const QUIET: &[&str] = &[
    "auth.status",
    "auth.me",
    "jobs.list",
    "jobs.get",
    "jobs.settings_get",
    "candidates.list",
    "candidates.search",
    "interviews.list",
    "invitations.list",
    "users.list",
    "settings.llm_get",
    "settings.models",
    "settings.watch_get",
    "settings.smtp_get",
    "mail.outbox",
    "analytics.get",
    "candidate.interview",
    "audit.list",
];

/// Methods that show one candidate's record, a job's scorecards or export.
const ACCESS: &[&str] = &[
    "candidates.get",
    "candidates.original",
    "interviews.get",
    "interviews.transcript",
    "scorecards.get",
    "scorecards.job",
    "reports.pdf",
    "reports.csv",
    "fairness.report",
    "analytics.csv",
    "audit.csv",
];

/// How a method's calls are logged. A method not named above is a change:
/// a new method is logged until someone decides that it need not be.
pub fn kind(method: &str) -> Audit {
    if QUIET.contains(&method) {
        Audit::Quiet
    } else if ACCESS.contains(&method) {
        Audit::Access
    } else {
        Audit::Change
    }
}

/// The fields that name what a call is about, looked for in its input,
/// then in its output (what it created).
const SUBJECT_FIELDS: [&str; 4] = ["id", "interview_id", "candidate_id", "job_id"];

fn subject_of(doc: &Value) -> Option<String> {
    SUBJECT_FIELDS
        .iter()
        .find_map(|k| doc.get(k)?.as_str().map(str::to_owned))
}

/// How long a record view is one entry: the same person seeing the same
/// record through the same method again within it (a screen that refreshes
/// every few seconds, a live transcript) is not logged again.
pub const VIEW_WINDOW: Duration = Duration::from_secs(300);
/// The most views remembered; the oldest are forgotten first.
const VIEWS_KEPT: usize = 10_000;

/// The record views logged within [`VIEW_WINDOW`], per process.
#[derive(Debug, Default)]
pub(crate) struct RecentViews(Mutex<HashMap<(String, String, String), Instant>>);

impl RecentViews {
    /// Whether this view is to be logged: true unless the same actor saw
    /// the same subject through the same method within the window.
    pub(crate) fn first_in_a_while(
        &self,
        actor: &str,
        method: &str,
        subject: &str,
        now: Instant,
    ) -> bool {
        let mut seen = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (actor.to_owned(), method.to_owned(), subject.to_owned());
        if seen
            .get(&key)
            .is_some_and(|&at| now.saturating_duration_since(at) < VIEW_WINDOW)
        {
            return false;
        }
        if seen.len() >= VIEWS_KEPT {
            seen.retain(|_, at| now.saturating_duration_since(*at) < VIEW_WINDOW);
            if seen.len() >= VIEWS_KEPT {
                seen.clear();
            }
        }
        seen.insert(key, now);
        true
    }
}

/// A call on its way: what the log needs of its input, taken before the
/// handler consumes it.
pub(crate) struct Pending {
    method: String,
    subject: Option<String>,
    /// The e-mail a sign-in or a first-run setup was made with.
    email: Option<String>,
}

impl Pending {
    pub(crate) fn start(method: &str, input: &Value) -> Self {
        let signs_in = matches!(method, "auth.sign_in" | "auth.setup");
        Self {
            method: method.to_owned(),
            subject: subject_of(input),
            email: signs_in
                .then(|| input.get("email")?.as_str())
                .flatten()
                .map(|e| e.trim().to_lowercase()),
        }
    }

    /// Log the call's end, if it is one to log. A failure to write the log
    /// is reported, not passed to the caller: the call has happened.
    pub(crate) async fn finish(self, api: &Api, who: &Principal, result: &Result<Value, ApiError>) {
        let outcome = match result {
            Ok(_) => "ok",
            Err(e) => e.code(),
        };
        let logged = match (who, kind(&self.method)) {
            // Nobody signed in calling what needs a session: noise.
            (Principal::Anonymous, _) if outcome == "auth.unauthenticated" => false,
            (_, _) if outcome == "auth.forbidden" => true,
            (_, Audit::Quiet) => false,
            (_, Audit::Access | Audit::Change) => true,
        };
        if !logged {
            return;
        }
        let output = result.as_ref().ok();
        if kind(&self.method) == Audit::Access
            && outcome == "ok"
            && let Principal::User(account) = who
            && !api.inner.recent_views.first_in_a_while(
                &account.id,
                &self.method,
                self.subject.as_deref().unwrap_or(""),
                Instant::now(),
            )
        {
            return;
        }
        let mut entry = AuditEntry {
            id: String::new(),
            at: String::new(),
            company_id: None,
            actor_id: None,
            actor: "anonymous".into(),
            role: who.role().map(|r| r.as_str().to_owned()),
            action: self.method,
            // An id the caller could not see is not repeated into their
            // company's log (it may be another company's).
            subject: match outcome {
                "not_found" => None,
                _ => self.subject.or_else(|| output.and_then(subject_of)),
            },
            outcome: outcome.to_owned(),
        };
        match who {
            Principal::User(a) => {
                entry.company_id = a.company_id.clone();
                entry.actor_id = Some(a.id.clone());
                entry.actor = a.email.clone();
            }
            Principal::Candidate {
                interview_id,
                company_id,
            } => {
                entry.company_id = company_id.clone();
                entry.actor_id = Some(interview_id.clone());
                entry.actor = "candidate".into();
            }
            Principal::Anonymous => {
                let account = output.and_then(|o| o.get("account"));
                let field = |k: &str| account?.get(k)?.as_str().map(str::to_owned);
                if let Some(email) = self.email {
                    entry.actor = email;
                }
                entry.actor_id = field("id");
                entry.role = field("role");
                entry.company_id = match field("company_id") {
                    Some(company) => Some(company),
                    // A failed sign-in goes to the log of the company
                    // whose account was tried, if there is one.
                    None => api
                        .store()
                        .company_of_email(&entry.actor)
                        .await
                        .ok()
                        .flatten(),
                };
            }
        }
        if let Err(e) = api.store().record_audit(entry).await {
            tracing::error!(error = %e, "the audit log could not be written");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_methods_named_quiet_or_access_exist() {
        // A renamed method would otherwise fall silently to the default.
        for name in QUIET.iter().chain(ACCESS) {
            assert!(crate::method(name).is_some(), "{name} is not a method");
        }
        assert_eq!(kind("candidates.get"), Audit::Access);
        assert_eq!(kind("candidates.upload"), Audit::Change);
        assert_eq!(kind("a.method.added.later"), Audit::Change);
    }

    #[test]
    fn a_refreshing_view_is_one_entry_per_window() {
        let views = RecentViews::default();
        let t0 = Instant::now();
        assert!(views.first_in_a_while("u1", "interviews.get", "i1", t0));
        assert!(!views.first_in_a_while("u1", "interviews.get", "i1", t0 + Duration::from_secs(5)));
        assert!(views.first_in_a_while("u1", "interviews.transcript", "i1", t0));
        assert!(views.first_in_a_while("u2", "interviews.get", "i1", t0));
        assert!(views.first_in_a_while("u1", "interviews.get", "i2", t0));
        assert!(views.first_in_a_while("u1", "interviews.get", "i1", t0 + VIEW_WINDOW));
    }

    #[test]
    fn a_subject_is_an_id_never_the_call_s_text() {
        let input = serde_json::json!({"token": "secret", "text": "resume", "job_id": "j1"});
        assert_eq!(subject_of(&input).as_deref(), Some("j1"));
        assert_eq!(subject_of(&serde_json::json!({"token": "t"})), None);
    }
}
