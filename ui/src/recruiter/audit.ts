// The audit log screen's logic: the filter form as an `AuditQuery`, and
// where an entry's subject leads.
import type { AuditQuery } from "../api/types";

/** Entries per page of `audit.list`. */
export const AUDIT_PAGE = 100;

/** What the filter form holds. */
export interface AuditFilters {
  actor: string;
  action: string;
  subject: string;
  failuresOnly: boolean;
}

export const NO_FILTERS: AuditFilters = { actor: "", action: "", subject: "", failuresOnly: false };

/**
 * The query for the filters: blank fields are no filter (null), the rest
 * trimmed. `before` is the cursor of the page to load (null: the newest);
 * `limit` null lets the server choose (the CSV export takes every row).
 */
export function auditQuery(f: AuditFilters, before: string | null = null, limit: number | null = null): AuditQuery {
  const text = (v: string) => v.trim() || null;
  return {
    actor: text(f.actor),
    action: text(f.action),
    subject: text(f.subject),
    failures_only: f.failuresOnly ? true : null,
    before,
    limit,
  };
}

/** Whether any filter is set. */
export function filtered(f: AuditFilters): boolean {
  const q = auditQuery(f);
  return q.actor !== null || q.action !== null || q.subject !== null || q.failures_only === true;
}

// The server names a call's subject by the first of `id`, `interview_id`,
// `candidate_id` and `job_id` in its input (else in its output), so what
// kind of record it is depends on the method (see crates/api/src/audit.rs).
const CANDIDATE = ["candidates.get", "candidates.upload", "interviews.create", "applications.set_status"];
const INTERVIEW = [
  "interviews.get",
  "interviews.transcript",
  "interviews.plan_save",
  "invitations.create",
  "invitations.email",
  "scorecards.get",
  "scorecards.score",
  "scorecards.override",
  "reports.pdf",
];
const JOB = [
  "jobs.create",
  "jobs.get",
  "jobs.rank",
  "jobs.rubric_save",
  "jobs.settings_get",
  "jobs.settings_set",
  "jobs.assign",
  "scorecards.job",
  "reports.csv",
  "fairness.report",
];

/**
 * The page an entry's subject is shown on, or null (plain text): only
 * for methods whose subject is known to be a candidate, an interview or a
 * job.
 */
export function subjectLink(action: string, subject: string | null): string | null {
  if (!subject || subject === "." || subject === "..") return null;
  const id = encodeURIComponent(subject);
  if (CANDIDATE.includes(action)) return `/app/candidates/${id}`;
  if (INTERVIEW.includes(action)) return `/app/interviews/${id}`;
  if (JOB.includes(action)) return `/app/jobs/${id}`;
  return null;
}
