import { describe, expect, it } from "vitest";
import { AUDIT_PAGE, auditQuery, filtered, NO_FILTERS, subjectLink } from "./audit";

describe("auditQuery", () => {
  it("sends no filter for an empty form", () => {
    expect(auditQuery(NO_FILTERS)).toEqual({
      actor: null,
      action: null,
      subject: null,
      failures_only: null,
      before: null,
      limit: null,
    });
    expect(filtered(NO_FILTERS)).toBe(false);
  });

  it("trims the fields and turns blanks into null", () => {
    const q = auditQuery({ actor: "  ada@acme.test ", action: " candidates ", subject: "   ", failuresOnly: false });
    expect(q).toMatchObject({ actor: "ada@acme.test", action: "candidates", subject: null, failures_only: null });
    expect(filtered({ ...NO_FILTERS, subject: " \t" })).toBe(false);
    expect(filtered({ ...NO_FILTERS, action: "jobs" })).toBe(true);
  });

  it("asks for refused or failed calls only when ticked", () => {
    expect(auditQuery({ ...NO_FILTERS, failuresOnly: true }).failures_only).toBe(true);
    expect(filtered({ ...NO_FILTERS, failuresOnly: true })).toBe(true);
  });

  it("passes the cursor and the page size", () => {
    expect(auditQuery({ ...NO_FILTERS, subject: "c1" }, "cursor-2", AUDIT_PAGE)).toEqual({
      actor: null,
      action: null,
      subject: "c1",
      failures_only: null,
      before: "cursor-2",
      limit: AUDIT_PAGE,
    });
  });
});

describe("subjectLink", () => {
  it("links candidates, interviews and jobs by what the method's subject is", () => {
    expect(subjectLink("candidates.get", "c1")).toBe("/app/candidates/c1");
    expect(subjectLink("candidates.upload", "c1")).toBe("/app/candidates/c1");
    // The server takes `candidate_id` before `job_id` from the input.
    expect(subjectLink("interviews.create", "c1")).toBe("/app/candidates/c1");
    expect(subjectLink("interviews.get", "i1")).toBe("/app/interviews/i1");
    expect(subjectLink("scorecards.override", "i1")).toBe("/app/interviews/i1");
    expect(subjectLink("reports.pdf", "i1")).toBe("/app/interviews/i1");
    expect(subjectLink("jobs.create", "j1")).toBe("/app/jobs/j1");
    // `reports.csv` and `scorecards.job` are about a job, not an interview.
    expect(subjectLink("reports.csv", "j1")).toBe("/app/jobs/j1");
    expect(subjectLink("scorecards.job", "j1")).toBe("/app/jobs/j1");
  });

  it("leaves other subjects as text", () => {
    expect(subjectLink("candidates.get", null)).toBeNull();
    expect(subjectLink("candidates.get", "")).toBeNull();
    expect(subjectLink("invitations.revoke", "inv1")).toBeNull();
    expect(subjectLink("users.create", "u1")).toBeNull();
    expect(subjectLink("auth.sign_in", "x")).toBeNull();
    expect(subjectLink("candidatesX.get", "c1")).toBeNull();
  });

  it("keeps an odd id inside its path segment", () => {
    expect(subjectLink("candidates.get", "..")).toBeNull();
    expect(subjectLink("candidates.get", "../settings?x=1#y")).toBe("/app/candidates/..%2Fsettings%3Fx%3D1%23y");
  });
});
