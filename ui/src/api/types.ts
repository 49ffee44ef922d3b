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

export type SignInInput = { email: string, password: string, };

export type SignedIn = { token: string, account: AccountDto, };

export type AccountDto = { id: string, company_id: string | null, email: string, name: string | null, 
/**
 * super_admin, company_admin, recruiter, hiring_manager or candidate.
 */
role: string, created_at: string, };

export type NewUser = { email: string, name: string, role: string, password: string, };

export type NewCompany = { name: string, admin_email: string, admin_name: string, admin_password: string, };

export type CompanyDto = { id: string, name: string, created_at: string, admin: AccountDto, };

export type JobDto = { id: string, title: string, must_have: number, candidates_ranked: bigint, interviews: bigint, created_at: string, };

export type JobDetail = { id: string, title: string, analysis: unknown, rubric_version: bigint, rubric: unknown, };

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

export type CandidateDto = { id: string, name: string | null, email: string | null, phone: string | null, total_experience_months: bigint | null, created_at: string, };

export type ResumeFileDto = { id: string, sha256: string, original_name: string, detected_type: string, size_bytes: bigint, created_at: string, };

export type CandidateDetailDto = { candidate: CandidateDto, 
/**
 * JSON Resume with the `x-ats` extension.
 */
resume: unknown, files: Array<ResumeFileDto>, };

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

export type InterviewDetail = { id: string, job_id: string, job_title: string, candidate_id: string, candidate_name: string | null, status: string, language: string, plan_version: bigint, 
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

export type ScorecardDto = { id: string, version: bigint, interview_id: string, candidate_id: string, candidate_name: string | null, job_id: string, job_title: string, overall: number | null, 
/**
 * The whole scorecard (`docs/scoring.md`).
 */
card: unknown, };

export type OverrideInput = { interview_id: string, dimension: string, level: number, reason: string, };

export type FileDto = { name: string, content_type: string, content_base64: string, };

export type FairnessInput = { job_id: string, 
/**
 * sex, race, age, disability, … or an intersection (`sex+race`).
 */
category: string, };

/** A JSON document whose format the core defines (see docs/). */
export type JsonValue = unknown;

/** Every method: its input and output types. */
export interface Methods {
  "auth.status": { input: Empty; output: SetupStatus };
  "auth.setup": { input: SetupInput; output: SignedIn };
  "auth.sign_in": { input: SignInInput; output: SignedIn };
  "auth.sign_out": { input: Empty; output: Empty };
  "auth.me": { input: Empty; output: AccountDto };
  "users.list": { input: Empty; output: Array<AccountDto> };
  "users.create": { input: NewUser; output: AccountDto };
  "companies.create": { input: NewCompany; output: CompanyDto };
  "jobs.list": { input: Empty; output: Array<JobDto> };
  "jobs.get": { input: ById; output: JobDetail };
  "jobs.create": { input: NewJob; output: JobDetail };
  "jobs.assign": { input: Assignment; output: Empty };
  "jobs.rank": { input: ById; output: RankingDto };
  "candidates.list": { input: CandidatePageInput; output: CandidatePage };
  "candidates.search": { input: SearchInput; output: Array<SearchHit> };
  "candidates.get": { input: ById; output: CandidateDetailDto };
  "candidates.upload": { input: Upload; output: Uploaded };
  "interviews.list": { input: Empty; output: Array<InterviewDto> };
  "interviews.get": { input: ById; output: InterviewDetail };
  "interviews.create": { input: NewInterview; output: InterviewDetail };
  "invitations.create": { input: NewInvitation; output: InvitationLink };
  "invitations.list": { input: ByInterview; output: Array<InvitationDto> };
  "invitations.revoke": { input: ById; output: InvitationDto };
  "candidate.interview": { input: Empty; output: CandidateInterview };
  "scorecards.get": { input: ByInterview; output: ScorecardDto | null };
  "scorecards.job": { input: ById; output: Array<ScorecardDto> };
  "scorecards.score": { input: ByInterview; output: ScorecardDto };
  "scorecards.override": { input: OverrideInput; output: ScorecardDto };
  "reports.pdf": { input: ByInterview; output: FileDto };
  "reports.csv": { input: ById; output: FileDto };
  "applications.set_status": { input: StatusInput; output: Empty };
  "analytics.get": { input: AnalyticsInput; output: AnalyticsDto };
  "analytics.csv": { input: AnalyticsInput; output: FileDto };
  "fairness.report": { input: FairnessInput; output: JsonValue };
}
