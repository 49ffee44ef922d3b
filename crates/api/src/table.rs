//! The method table. Adding a method is one line here plus its handler;
//! the server's routes, the OpenAPI document, the TypeScript client's
//! types and the RBAC table all follow from it.

use crate::dto::*;
use crate::handlers::{
    applications, audit, auth, candidates, interviews, jobs, mail, scoring, settings,
};
use crate::{ApiError, Ctx, Permission};
use futures_util::future::BoxFuture;
use schemars::{Schema, SchemaGenerator};

type Call = fn(Ctx, serde_json::Value) -> BoxFuture<'static, Result<serde_json::Value, ApiError>>;

/// One operation of the API.
pub struct Method {
    pub name: &'static str,
    pub summary: &'static str,
    pub permission: Permission,
    pub input: fn(&mut SchemaGenerator) -> Schema,
    pub output: fn(&mut SchemaGenerator) -> Schema,
    /// The TypeScript names of the input and output types.
    pub input_ts: fn() -> String,
    pub output_ts: fn() -> String,
    pub call: Call,
}

impl std::fmt::Debug for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Method")
            .field("name", &self.name)
            .field("permission", &self.permission)
            .finish_non_exhaustive()
    }
}

/// Decode the input, run the handler, encode the output.
async fn run<I, O, F, Fut>(
    ctx: Ctx,
    input: serde_json::Value,
    handler: F,
) -> Result<serde_json::Value, ApiError>
where
    I: serde::de::DeserializeOwned,
    O: serde::Serialize,
    F: FnOnce(Ctx, I) -> Fut,
    Fut: std::future::Future<Output = Result<O, ApiError>>,
{
    // A method without input accepts `null` as well as `{}`.
    let input = if input.is_null() {
        serde_json::json!({})
    } else {
        input
    };
    let input: I = serde_json::from_value(input).map_err(ApiError::invalid)?;
    let output = handler(ctx, input).await?;
    serde_json::to_value(output).map_err(ApiError::internal)
}

macro_rules! methods {
    ($( $name:literal, $permission:ident, $handler:path, $input:ty => $output:ty, $summary:literal; )*) => {
        /// Every method of the API.
        pub static METHODS: &[Method] = &[$(
            Method {
                name: $name,
                summary: $summary,
                permission: Permission::$permission,
                input: |g| g.subschema_for::<$input>(),
                output: |g| g.subschema_for::<$output>(),
                input_ts: <$input as ts_rs::TS>::name,
                output_ts: <$output as ts_rs::TS>::name,
                call: |ctx, input| Box::pin(run::<$input, $output, _, _>(ctx, input, $handler)),
            },
        )*];
    };
}

methods! {
    "auth.status", Public, auth::status, Empty => SetupStatus, "Whether first-run setup is done.";
    "auth.setup", Public, auth::setup, SetupInput => SignedIn, "First run: create the company and its administrator, signed in.";
    "auth.sign_in", Public, auth::sign_in, SignInInput => SignedIn, "Sign in with e-mail and password (five failures lock the account for 15 minutes).";
    "auth.sign_out", SignedIn, auth::sign_out, Empty => Empty, "End this session.";
    "auth.me", SignedIn, auth::me, Empty => AccountDto, "The signed-in account.";
    "auth.totp_begin", SignedIn, auth::totp_begin, Empty => TotpSetup, "Start turning on the authenticator-app second factor (a pending secret and its QR code).";
    "auth.totp_confirm", SignedIn, auth::totp_confirm, TotpCode => Empty, "Turn the second factor on with a current code from the app.";
    "auth.totp_disable", SignedIn, auth::totp_disable, PasswordInput => Empty, "Turn the second factor off (the password confirms).";
    "users.list", ManageUsers, auth::list_users, Empty => Vec<AccountDto>, "The company's users.";
    "users.create", ManageUsers, auth::create_user, NewUser => AccountDto, "Add a user to the company.";
    "settings.llm_get", ManageSettings, settings::llm_get, Empty => LlmSettings, "The installation's model settings (keys never shown).";
    "settings.llm_set", ManageSettings, settings::llm_set, LlmSettingsInput => LlmSettings, "Change providers, models, offline mode; store API keys in the OS keyring.";
    "settings.models", ManageSettings, settings::models, Empty => LocalModels, "The local GGUF models to choose from, each with the memory it needs against what is free, and whether this build runs them.";
    "settings.watch_get", ManageSettings, settings::watch_get, Empty => WatchSettings, "The watched drop folder, whether this shell watches it, and the latest files it imported or refused.";
    "settings.watch_set", ManageSettings, settings::watch_set, WatchSettingsInput => WatchSettings, "Set or clear the watched drop folder; the watcher restarts on it.";
    "companies.create", ManageCompanies, auth::create_company, NewCompany => CompanyDto, "Add a company (tenant) with its administrator.";
    "jobs.list", ViewJobs, jobs::list, Empty => Vec<JobDto>, "Jobs with counts of ranked candidates and interviews.";
    "jobs.get", ViewJobs, jobs::get, ById => JobDetail, "A job's analysis and its newest rubric.";
    "jobs.create", EditJobs, jobs::create, NewJob => JobDetail, "Analyse a posting and store it with a generated rubric.";
    "jobs.rubric_save", EditJobs, jobs::rubric_save, RubricInput => RubricSaved, "Store an edited rubric (validated) as the job's next version.";
    "jobs.settings_get", ViewJobs, jobs::settings_get, ById => JsonDocument, "How the job's interviews are held (question mix, time limits, follow-ups).";
    "jobs.settings_set", EditJobs, jobs::settings_set, JobSettingsInput => JsonDocument, "Change how the job's interviews are held.";
    "jobs.set_status", EditJobs, jobs::set_status, JobStatusInput => JobDetail, "Close a job (no new interviews; everything kept) or open it again.";
    "jobs.assign", EditJobs, jobs::assign, Assignment => Empty, "Let a hiring manager see a job and its candidates.";
    "jobs.rank", EditJobs, jobs::rank, ById => RankingDto, "Rank every candidate for a job, with reasons (progress events).";
    "candidates.list", ViewCandidates, candidates::list, CandidatePageInput => CandidatePage, "Candidates, oldest first, a page at a time.";
    "candidates.search", ViewCandidates, candidates::search, SearchInput => Vec<SearchHit>, "Full-text search over names and resume text, best first.";
    "candidates.get", ViewCandidates, candidates::get, ById => CandidateDetailDto, "A candidate's parsed resume and files.";
    "candidates.upload", EditCandidates, candidates::upload, Upload => Uploaded, "Import one resume file (PDF, DOCX, TXT, JSON Resume; up to 20 MB).";
    "candidates.update", EditCandidates, candidates::update, CandidateCorrection => CandidateDetailDto, "Correct what the parser read of a candidate's contact fields and work history; what it read and each change (who, when, the old value) are kept.";
    "candidates.original", ViewCandidates, candidates::original, ById => OriginalDto, "One of a candidate's original files (by its id) with the text read from it.";
    "interviews.list", ViewCandidates, interviews::list, Empty => Vec<InterviewDto>, "Interviews, oldest first.";
    "interviews.get", ViewCandidates, interviews::get, ById => InterviewDetail, "An interview with its question plan.";
    "interviews.transcript", ViewCandidates, interviews::transcript, TranscriptInput => JsonDocument, "The interview's stored envelopes in order, recruiter-only entries (answers with their signals, judgements) included (docs/interview-protocol.md).";
    "interviews.create", RunInterviews, interviews::create, NewInterview => InterviewDetail, "Schedule an interview with a generated question plan.";
    "interviews.plan_save", RunInterviews, interviews::plan_save, PlanInput => PlanSaved, "Store a recruiter's edit of the questions as the plan's next version (before the interview starts).";
    "invitations.create", RunInterviews, interviews::invite, NewInvitation => InvitationLink, "A single-interview link for the candidate (the token is shown once).";
    "invitations.list", RunInterviews, interviews::invitations, ByInterview => Vec<InvitationDto>, "An interview's invitations.";
    "invitations.revoke", RunInterviews, interviews::revoke, ById => InvitationDto, "Revoke an invitation link.";
    "invitations.email", RunInterviews, mail::email_invitation, EmailInvitationInput => EmailedInvitation, "A new invitation link, e-mailed to the candidate through the company's SMTP server (queued, retried).";
    "candidate.interview", TakeInterview, interviews::own, Empty => CandidateInterview, "The invited candidate's own interview.";
    "scorecards.get", ViewScorecards, scoring::get, ByInterview => Option<ScorecardDto>, "The newest scorecard of an interview.";
    "scorecards.job", ViewScorecards, scoring::job, ById => Vec<ScorecardDto>, "The newest scorecard of each interview of a job, best first.";
    "scorecards.score", RunInterviews, scoring::score, ByInterview => ScorecardDto, "Score a completed interview now with the offline scorer.";
    "scorecards.override", OverrideScores, scoring::override_dimension, OverrideInput => ScorecardDto, "Override one dimension's level, with a reason; the original is kept.";
    "reports.pdf", ViewScorecards, scoring::pdf, ByInterview => FileDto, "An interview's scorecard report as PDF.";
    "reports.csv", ViewScorecards, scoring::csv, ById => FileDto, "A job's scorecards as CSV.";
    "applications.list", ViewCandidates, applications::list, ApplicationsInput => PipelineDto, "A job's pipeline: how many candidates are at each stage, and the applications at one stage or all, best fit first.";
    "applications.set_status", EditCandidates, applications::set_status, StatusInput => Empty, "Move a candidate's application to a job along the pipeline.";
    "analytics.get", ViewScorecards, scoring::analytics, AnalyticsInput => AnalyticsDto, "Interviews per day, average score, time to hire, pipeline funnel.";
    "analytics.csv", ViewScorecards, scoring::analytics_csv, AnalyticsInput => FileDto, "The same metrics as CSV.";
    "audit.list", ViewAudit, audit::list, AuditQuery => AuditPageDto, "The company's audit log, newest first: changes, views of a candidate's record, sign-ins, refused calls.";
    "audit.csv", ViewAudit, audit::csv, AuditQuery => FileDto, "The audit log (filtered the same way) as CSV.";
    "fairness.report", ViewFairness, scoring::fairness, FairnessInput => JsonDocument, "Adverse impact of a job's scores by a self-identified category.";
    "settings.smtp_get", ManageUsers, mail::smtp_get, Empty => Option<SmtpSettingsDto>, "The company's SMTP settings for invitation e-mail (never the password).";
    "settings.smtp_set", ManageUsers, mail::smtp_set, SmtpSettingsInput => SmtpSettingsDto, "Set the company's SMTP server for invitation e-mail.";
    "mail.outbox", ManageUsers, mail::outbox, OutboxInput => Vec<OutboxMailDto>, "The company's e-mail outbox, newest first: status, attempts, last error (no bodies).";
}

/// The method called `name`.
pub fn method(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|m| m.name == name)
}
