// Generated from crates/api (dto.rs, table.rs): do not edit.
// Refresh with `UPDATE_GENERATED=1 cargo test -p ats-api --test generated`.

export type ErrorBody = { code: string, message: string, };

export type Empty = Record<string, never>;

export type ById = { id: string, };

export type ByInterview = { interview_id: string, };

export type SetupStatus = { 
/**
 * False until the first company and its administrator exist.
 */
set_up: boolean, };

export type SetupInput = { company: string, email: string, name: string, password: string, };

export type SignInInput = { email: string, password: string, 
/**
 * The authenticator app's code, for accounts with a second factor.
 */
totp: string | null, };

export type SignedIn = { token: string, account: AccountDto, };

export type AccountDto = { id: string, company_id: string | null, email: string, name: string | null, 
/**
 * super_admin, company_admin, recruiter, hiring_manager or candidate.
 */
role: string, created_at: string, };

export type NewUser = { email: string, name: string, role: string, password: string, };

export type NewCompany = { name: string, admin_email: string, admin_name: string, admin_password: string, };

export type CompanyDto = { id: string, name: string, created_at: string, admin: AccountDto, };

export type JobDto = { id: string, title: string, must_have: number, candidates_ranked: number, interviews: number, created_at: string, 
/**
 * `open` or `closed`.
 */
status: string, };

export type JobDetail = { id: string, title: string, 
/**
 * `open` (takes new interviews) or `closed`.
 */
status: string, analysis: unknown, rubric_version: number, rubric: unknown, };

export type JobStatusInput = { id: string, 
/**
 * `open` or `closed`.
 */
status: string, };

export type NewJob = { 
/**
 * The posting's text.
 */
text: string, 
/**
 * Used when the posting has no recognisable title.
 */
title: string | null, };

export type Assignment = { job_id: string, user_id: string, };

export type RankingDto = { job_id: string, title: string, candidates: unknown, skipped: unknown, };

export type CandidateDto = { id: string, name: string | null, email: string | null, phone: string | null, total_experience_months: number | null, created_at: string, };

export type ResumeFileDto = { id: string, sha256: string, original_name: string, detected_type: string, size_bytes: number, created_at: string, };

export type CandidateDetailDto = { candidate: CandidateDto, 
/**
 * JSON Resume with the `x-ats` extension.
 */
resume: unknown, files: Array<ResumeFileDto>, };

export type CandidateCorrection = { id: string, name: string | null, 
/**
 * The headline (`basics.label`).
 */
label: string | null, email: string | null, phone: string | null, url: string | null, summary: string | null, 
/**
 * Entries of the work history to correct (null: none).
 */
work: Array<WorkEntryCorrection> | null, };

export type WorkEntryCorrection = { index: number, 
/**
 * The employer.
 */
name: string | null, position: string | null, start_date: string | null, end_date: string | null, };

export type OriginalDto = { file_name: string, content_type: string, 
/**
 * pdf, docx, odt, txt or json.
 */
detected_type: string, 
/**
 * What the parser read (empty for a JSON Resume).
 */
text: string, content_base64: string, };

export type Upload = { file_name: string, 
/**
 * The file's bytes, base64 (standard alphabet).
 */
content_base64: string, };

export type Uploaded = { candidate_id: string, resume_id: string, 
/**
 * The same bytes were imported before; nothing new was stored.
 */
duplicate: boolean, };

export type InterviewDto = { id: string, job_title: string, candidate_name: string | null, status: string, language: string, created_at: string, };

export type InterviewDetail = { id: string, job_id: string, job_title: string, candidate_id: string, candidate_name: string | null, status: string, language: string, plan_version: number, 
/**
 * The question plan (`docs/interview-protocol.md`).
 */
plan: unknown, created_at: string, expires_at: string | null, started_at: string | null, ended_at: string | null, };

export type NewInterview = { job_id: string, candidate_id: string, 
/**
 * en, de, fr, es, … (default en).
 */
language: string | null, };

export type NewInvitation = { interview_id: string, 
/**
 * How long the link works (default 72 hours, at most 60 days).
 */
valid_hours: number | null, };

export type InvitationDto = { id: string, interview_id: string, created_at: string, expires_at: string, revoked_at: string | null, };

export type InvitationLink = { token: string, 
/**
 * The path a phone opens (`/i/<token>`), relative to the server.
 */
path: string, 
/**
 * The whole link when the server knows its public address.
 */
url: string | null, 
/**
 * A QR code of the link (of `url`, else of `path`) as SVG text.
 */
qr_svg: string, 
/**
 * The same QR code as a PNG, base64.
 */
qr_png_base64: string, invitation: InvitationDto, };

export type CandidateInterview = { interview_id: string, job_title: string, status: string, language: string, questions: number, expires_at: string | null, };

export type ScorecardDto = { id: string, version: number, interview_id: string, candidate_id: string, candidate_name: string | null, job_id: string, job_title: string, overall: number | null, 
/**
 * The whole scorecard (`docs/scoring.md`).
 */
card: unknown, };

export type OverrideInput = { interview_id: string, dimension: string, level: number, reason: string, };

export type FileDto = { name: string, content_type: string, content_base64: string, };

export type CandidatePageInput = { 
/**
 * At most this many (default 50, at most 500).
 */
limit: number | null, 
/**
 * The `next` of the previous page.
 */
after: string | null, };

export type CandidatePage = { items: Array<CandidateDto>, 
/**
 * Pass as `after` for the next page; null on the last.
 */
next: string | null, };

export type SearchInput = { 
/**
 * Words to find in names and resume text (each as a prefix), or,
 * by meaning, a description of what the candidate should show.
 */
query: string, 
/**
 * At most this many hits (default 20, at most 200).
 */
limit: number | null, 
/**
 * `words` (default: full text, BM25) or `meaning` (the sentence
 * model over the candidates' stored evidence phrases).
 */
mode: string | null, };

export type SearchHit = { candidate: CandidateDto, 
/**
 * Higher is better: BM25 for words, cosine similarity (−1 … 1)
 * for meaning.
 */
score: number, 
/**
 * The best-matching passage (by meaning: the evidence phrase
 * closest to the query), as plain text.
 */
snippet: string, };

export type AnalyticsInput = { 
/**
 * One job; all the caller sees when absent.
 */
job_id: string | null, 
/**
 * Count interviews scheduled from this date on (YYYY-MM-DD).
 */
since: string | null, };

export type DayCount = { day: string, interviews: number, };

export type Stage = { stage: string, count: number, };

export type AnalyticsDto = { interviews_per_day: Array<DayCount>, 
/**
 * Mean overall score (0–100) of the newest scorecards.
 */
average_score: number | null, scorecards: number, 
/**
 * Mean days from application to hire.
 */
time_to_hire_days: number | null, 
/**
 * Applied → interviewed → completed → scored → recommended to
 * advance → offer → hired.
 */
funnel: Array<Stage>, };

export type StatusInput = { job_id: string, candidate_id: string, 
/**
 * applied, screening, interviewing, offer, hired, rejected or withdrawn.
 */
status: string, };

export type ApplicationsInput = { job_id: string, 
/**
 * Only the applications at this stage (all when absent).
 */
status: string | null, };

export type ApplicationDto = { candidate_id: string, name: string | null, 
/**
 * applied, screening, interviewing, offer, hired, rejected or withdrawn.
 */
status: string, created_at: string, status_changed_at: string | null, 
/**
 * The ranking's fit (0–100), once ranked.
 */
fit_score: number | null, 
/**
 * The newest interview for the job, its status and its newest
 * scorecard's overall score (0–100).
 */
interview_id: string | null, interview_status: string | null, overall_score: number | null, };

export type PipelineDto = { counts: Array<Stage>, applications: Array<ApplicationDto>, truncated: boolean, };

export type TotpSetup = { 
/**
 * The secret, base32 (for typing into an app by hand).
 */
secret: string, 
/**
 * `otpauth://totp/…` for the app.
 */
url: string, 
/**
 * The URL as a QR code, SVG text.
 */
qr_svg: string, };

export type TotpCode = { code: string, };

export type PasswordInput = { password: string, };

export type RubricInput = { job_id: string, 
/**
 * The rubric in the form `jobs.get` returns (`{dimensions: [...]}`).
 */
rubric: unknown, };

export type RubricSaved = { job_id: string, version: number, };

export type JobSettingsInput = { job_id: string, 
/**
 * How the job's interviews are held (`jobs.settings_get`'s form).
 */
settings: unknown, };

export type PlanInput = { interview_id: string, 
/**
 * The plan's questions (`interviews.get`'s `plan.questions`).
 */
questions: unknown, };

export type PlanSaved = { interview_id: string, version: number, };

export type CloudSettings = { base_url: string, model: string, 
/**
 * "keyring", "env:<VARIABLE>" or null when no key is found.
 */
key_source: string | null, };

export type LocalSettings = { 
/**
 * The GGUF file.
 */
model: string, threads: number | null, context: number, };

export type LocalModelInfo = { path: string, 
/**
 * The bundled model's name from the manifest, if it is one.
 */
name: string | null, licence: string | null, size_mb: number, 
/**
 * Memory it needs loaded (weights, context, a margin).
 */
needed_mb: number, 
/**
 * Needs no more than the memory free now.
 */
fits: boolean, 
/**
 * Why it cannot be used (not a GGUF, an unknown version).
 */
problem: string | null, 
/**
 * The file the settings point at.
 */
configured: boolean, };

export type LocalModels = { 
/**
 * Whether this build runs local models at all (llama.cpp).
 */
engine: boolean, 
/**
 * Where GGUF files are looked for.
 */
folder: string, 
/**
 * Memory free now; null where the platform does not say.
 */
available_mb: number | null, 
/**
 * The configured file; it may be missing.
 */
configured: string, configured_present: boolean, models: Array<LocalModelInfo>, };

export type WatchSettings = { 
/**
 * The folder set; null: none.
 */
folder: string | null, settle_secs: number, 
/**
 * Whether this shell runs the watcher (the desktop app does; a
 * server keeps the setting but imports through uploads only).
 */
runs_here: boolean, 
/**
 * The folder being watched now.
 */
watching: string | null, 
/**
 * Why the folder is not watched, if it should be.
 */
problem: string | null, 
/**
 * The latest files handled, newest first.
 */
recent: Array<WatchedFileDto>, };

export type WatchedFileDto = { at: string, path: string, 
/**
 * imported, duplicate, failed or error.
 */
outcome: string, candidate_id: string | null, 
/**
 * The import error's code, for a refused file.
 */
code: string | null, message: string | null, };

export type WatchSettingsInput = { 
/**
 * An absolute path (created if missing); null or empty: watch none.
 */
folder: string | null, 
/**
 * 0.05 to 600 seconds; absent keeps the current one.
 */
settle_secs: number | null, };

export type LlmSettings = { 
/**
 * Providers tried in turn: openai, anthropic, local.
 */
order: Array<string>, 
/**
 * No cloud calls at all.
 */
offline: boolean, timeout_secs: number, openai: CloudSettings, anthropic: CloudSettings, local: LocalSettings, };

export type LlmSettingsInput = { order: Array<string> | null, offline: boolean | null, timeout_secs: number | null, openai_model: string | null, openai_base_url: string | null, anthropic_model: string | null, anthropic_base_url: string | null, local_model: string | null, 
/**
 * Keys to store in the OS keyring: (provider, key); an empty key
 * removes the stored one.
 */
keys: Array<ProviderKey> | null, };

export type ProviderKey = { provider: string, key: string, };

export type FairnessInput = { job_id: string, 
/**
 * sex, race, age, disability, … or an intersection (`sex+race`).
 */
category: string, };

export type SmtpSettingsInput = { host: string, port: number, 
/**
 * For servers that need a sign-in; sent only over TLS, or to a
 * relay on the server's own machine.
 */
username: string | null, 
/**
 * Write-only: never returned. Absent keeps the stored one (while
 * the user name stays the same); empty removes it.
 */
password: string | null, 
/**
 * The sender: `jobs@example.com` or `Acme Hiring <jobs@example.com>`.
 */
from: string, 
/**
 * none, starttls (usually port 587) or tls (usually port 465).
 */
security: string, 
/**
 * A CA certificate (PEM) to trust besides the system's, for a
 * relay whose certificate the company issued itself.
 */
ca_certificate: string | null, };

export type SmtpSettingsDto = { host: string, port: number, username: string | null, from: string, security: string, 
/**
 * Whether a password is stored (it is never shown).
 */
password_set: boolean, 
/**
 * The CA certificate (PEM) trusted besides the system's.
 */
ca_certificate: string | null, };

export type EmailInvitationInput = { interview_id: string, 
/**
 * The candidate's e-mail address (one bare address).
 */
to: string, 
/**
 * How long the link works (default 72 hours, at most 60 days).
 */
valid_hours: number | null, };

export type EmailedInvitation = { invitation: InvitationDto, queued_mail_id: string, };

export type OutboxInput = { 
/**
 * At most this many, newest first (default 100, at most 500).
 */
limit: number | null, };

export type OutboxMailDto = { id: string, invitation_id: string | null, to: string, subject: string, 
/**
 * queued, sent or failed.
 */
status: string, attempts: number, 
/**
 * When a queued mail is tried next.
 */
next_attempt_at: string, last_error: string | null, created_at: string, sent_at: string | null, };

export type AuditQuery = { 
/**
 * Exactly this actor (an e-mail, or an account or interview id).
 */
actor: string | null, 
/**
 * This method (`candidates.get`) or every method of a group
 * (`candidates`).
 */
action: string | null, 
/**
 * Calls about this id.
 */
subject: string | null, 
/**
 * Only refused or failed calls.
 */
failures_only: boolean | null, 
/**
 * The `next` of the previous page.
 */
before: string | null, 
/**
 * At most this many (default 100, at most 500).
 */
limit: number | null, };

export type AuditEntryDto = { id: string, at: string, 
/**
 * An e-mail, `candidate` or `anonymous`.
 */
actor: string, actor_id: string | null, role: string | null, 
/**
 * The method called.
 */
action: string, 
/**
 * The id the call was about.
 */
subject: string | null, 
/**
 * `ok` or the error code the call ended with.
 */
outcome: string, };

export type AuditPageDto = { entries: Array<AuditEntryDto>, 
/**
 * Pass as `before` for the next (older) page; null on the last.
 */
next: string | null, };

export type TranscriptInput = { id: string, 
/**
 * Only envelopes after this sequence number (default: all).
 */
after_seq: number | null, };

/** A JSON document whose format the core defines (see docs/). */
export type JsonValue = unknown;

/** Every method: its input and output types. */
export interface Methods {
  "auth.status": { input: Empty; output: SetupStatus };
  "auth.setup": { input: SetupInput; output: SignedIn };
  "auth.sign_in": { input: SignInInput; output: SignedIn };
  "auth.sign_out": { input: Empty; output: Empty };
  "auth.me": { input: Empty; output: AccountDto };
  "auth.totp_begin": { input: Empty; output: TotpSetup };
  "auth.totp_confirm": { input: TotpCode; output: Empty };
  "auth.totp_disable": { input: PasswordInput; output: Empty };
  "users.list": { input: Empty; output: Array<AccountDto> };
  "users.create": { input: NewUser; output: AccountDto };
  "settings.llm_get": { input: Empty; output: LlmSettings };
  "settings.llm_set": { input: LlmSettingsInput; output: LlmSettings };
  "settings.models": { input: Empty; output: LocalModels };
  "settings.watch_get": { input: Empty; output: WatchSettings };
  "settings.watch_set": { input: WatchSettingsInput; output: WatchSettings };
  "companies.create": { input: NewCompany; output: CompanyDto };
  "jobs.list": { input: Empty; output: Array<JobDto> };
  "jobs.get": { input: ById; output: JobDetail };
  "jobs.create": { input: NewJob; output: JobDetail };
  "jobs.rubric_save": { input: RubricInput; output: RubricSaved };
  "jobs.settings_get": { input: ById; output: JsonValue };
  "jobs.settings_set": { input: JobSettingsInput; output: JsonValue };
  "jobs.set_status": { input: JobStatusInput; output: JobDetail };
  "jobs.assign": { input: Assignment; output: Empty };
  "jobs.rank": { input: ById; output: RankingDto };
  "candidates.list": { input: CandidatePageInput; output: CandidatePage };
  "candidates.search": { input: SearchInput; output: Array<SearchHit> };
  "candidates.get": { input: ById; output: CandidateDetailDto };
  "candidates.upload": { input: Upload; output: Uploaded };
  "candidates.update": { input: CandidateCorrection; output: CandidateDetailDto };
  "candidates.original": { input: ById; output: OriginalDto };
  "interviews.list": { input: Empty; output: Array<InterviewDto> };
  "interviews.get": { input: ById; output: InterviewDetail };
  "interviews.transcript": { input: TranscriptInput; output: JsonValue };
  "interviews.create": { input: NewInterview; output: InterviewDetail };
  "interviews.plan_save": { input: PlanInput; output: PlanSaved };
  "invitations.create": { input: NewInvitation; output: InvitationLink };
  "invitations.list": { input: ByInterview; output: Array<InvitationDto> };
  "invitations.revoke": { input: ById; output: InvitationDto };
  "invitations.email": { input: EmailInvitationInput; output: EmailedInvitation };
  "candidate.interview": { input: Empty; output: CandidateInterview };
  "scorecards.get": { input: ByInterview; output: ScorecardDto | null };
  "scorecards.job": { input: ById; output: Array<ScorecardDto> };
  "scorecards.score": { input: ByInterview; output: ScorecardDto };
  "scorecards.override": { input: OverrideInput; output: ScorecardDto };
  "reports.pdf": { input: ByInterview; output: FileDto };
  "reports.csv": { input: ById; output: FileDto };
  "applications.list": { input: ApplicationsInput; output: PipelineDto };
  "applications.set_status": { input: StatusInput; output: Empty };
  "analytics.get": { input: AnalyticsInput; output: AnalyticsDto };
  "analytics.csv": { input: AnalyticsInput; output: FileDto };
  "audit.list": { input: AuditQuery; output: AuditPageDto };
  "audit.csv": { input: AuditQuery; output: FileDto };
  "fairness.report": { input: FairnessInput; output: JsonValue };
  "settings.smtp_get": { input: Empty; output: SmtpSettingsDto | null };
  "settings.smtp_set": { input: SmtpSettingsInput; output: SmtpSettingsDto };
  "mail.outbox": { input: OutboxInput; output: Array<OutboxMailDto> };
}
