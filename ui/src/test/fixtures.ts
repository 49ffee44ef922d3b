// What the fake transport of the screen tests answers, per method: names
// and free text carry markup, which must stay text.
export const account = { id: "u1", company_id: "c1", email: "ada@acme.test", name: "Ada", role: "company_admin", created_at: "2026-11-01T09:00:00Z" };
export const XSS = "<script>alert(1)</script>";

export const fixtures: Record<string, unknown> = {
  "auth.status": { set_up: true },
  "auth.me": account,
  "jobs.list": [
    { id: "j1", title: "Backend Engineer", must_have: 3, candidates_ranked: 2, interviews: 1, created_at: "2026-11-01T09:00:00Z", status: "open" },
    { id: "j2", title: "Retired Role", must_have: 1, candidates_ranked: 0, interviews: 0, created_at: "2026-10-01T09:00:00Z", status: "closed" },
  ],
  "jobs.get": {
    id: "j1",
    title: "Backend Engineer",
    status: "open",
    rubric_version: 2,
    analysis: {
      title: "Backend Engineer",
      seniority: "senior",
      min_years: 5,
      must_have: [{ skill: "PostgreSQL", kind: "taxonomy", evidence: "5+ years of PostgreSQL", span: { start: 0, end: 1 } }],
      nice_to_have: [{ skill: "Kubernetes", kind: "taxonomy", evidence: "Kubernetes a plus", span: { start: 0, end: 1 } }],
      soft_skills: [],
      responsibilities: ["Own the orders service"],
      location: "Berlin",
      remote: true,
      boilerplate: [],
    },
    rubric: {
      dimensions: [
        { name: "Databases", weight: 0.6, description: "SQL", strong: "", weak: "", skills: [], levels: [] },
        { name: "Communication", weight: 0.4, description: "", strong: "", weak: "", skills: [], levels: [] },
      ],
    },
  },
  "jobs.rank": {
    job_id: "j1",
    title: "Backend Engineer",
    candidates: [
      {
        candidate_id: "c1",
        name: XSS,
        fit: {
          score: 81.5,
          must_have: [{ skill: "PostgreSQL", kind: "taxonomy", met: true, evidence: "PostgreSQL, 6 years" }],
          nice_to_have: [{ skill: "Kubernetes", kind: "taxonomy", met: false }],
          experience: { required_years: 5, candidate_years: 6.5, met: true },
        },
      },
    ],
    skipped: [],
  },
  "applications.list": {
    counts: [
      { stage: "applied", count: 0 },
      { stage: "screening", count: 1 },
      { stage: "interviewing", count: 0 },
      { stage: "offer", count: 0 },
      { stage: "hired", count: 0 },
      { stage: "rejected", count: 0 },
      { stage: "withdrawn", count: 0 },
    ],
    applications: [
      {
        candidate_id: "c1", name: XSS, status: "screening", created_at: "2026-11-01T09:00:00Z", status_changed_at: "2026-11-02T09:00:00Z",
        fit_score: 81.5, interview_id: "i1", interview_status: "completed", overall_score: 76,
      },
    ],
    truncated: false,
  },
  "analytics.get": {
    interviews_per_day: [{ day: "2026-11-30", interviews: 2 }],
    average_score: 71.2,
    scorecards: 3,
    time_to_hire_days: 12.5,
    funnel: [
      { stage: "applied", count: 10 },
      { stage: "recommended to advance", count: 2 },
    ],
  },
  "candidates.list": {
    items: [{ id: "c1", name: XSS, email: "g@x.test", phone: null, total_experience_months: 78, created_at: "2026-11-01T09:00:00Z" }],
    next: "cursor-2",
  },
  "candidates.search": [
    { candidate: { id: "c1", name: "Grace", email: null, phone: null, total_experience_months: null, created_at: "2026-11-01T09:00:00Z" }, score: 3.2, snippet: `used ${XSS} in production` },
  ],
  "candidates.get": {
    candidate: { id: "c1", name: "Grace Hopper", email: "g@x.test", phone: "+49 30 1234", total_experience_months: 78, created_at: "2026-11-01T09:00:00Z" },
    resume: {
      basics: { name: "Grace Hopper", email: "g@x.test", phone: "+49 30 1234", summary: XSS },
      work: [{ name: "Acme", position: "Engineer", startDate: "2020-01" }],
      education: [],
      skills: [{ name: "PostgreSQL", keywords: [] }],
      "x-ats": { parserVersion: "1", sourceType: "pdf", referenceDate: "2026-12-01", confidence: { "basics.name": 0.95, "basics.phone": 0.4 }, spans: {}, warnings: ["two columns"] },
    },
    files: [{ id: "f1", sha256: "ab", original_name: "grace.pdf", detected_type: "pdf", size_bytes: 12345, created_at: "2026-11-01T09:00:00Z" }],
  },
  "interviews.list": [{ id: "i1", job_title: "Backend Engineer", candidate_name: "Grace Hopper", status: "completed", language: "en", created_at: "2026-11-01T09:00:00Z" }],
  "interviews.get": {
    id: "i1", job_id: "j1", job_title: "Backend Engineer", candidate_id: "c1", candidate_name: "Grace Hopper", status: "scheduled", language: "en",
    plan_version: 1, plan: { language: "en", generator: "offline templates", questions: [{ id: "q1", kind: "technical", dimension: "Databases", text: "How did you fix a slow query?", key_points: ["EXPLAIN"], time_limit_secs: 300 }] },
    created_at: "2026-11-01T09:00:00Z", expires_at: null, started_at: null, ended_at: null,
  },
  // Turn 0 times out, the repeat of turn 1 is no turn: the answer is turn 2,
  // the one the scorecard's evidence names.
  "interviews.transcript": [
    { seq: 1, interview_id: "i1", at: "2026-12-01T09:00:00Z", type: "welcome", language: "en", job_title: "Backend Engineer", notice: "…", questions: 2, question_time_limit_secs: 300, overall_limit_secs: 5400 },
    { seq: 2, interview_id: "i1", at: "2026-12-01T09:00:30Z", type: "consent", given: true },
    { seq: 3, interview_id: "i1", at: "2026-12-01T09:00:30Z", type: "question", question_id: "q1", number: 1, of: 2, text: "How did you fix a slow query?", kind: "technical", deadline: "2026-12-01T09:05:30Z", time_limit_secs: 300 },
    { seq: 4, interview_id: "i1", at: "2026-12-01T09:05:35Z", type: "timeout", question_id: "q1" },
    { seq: 5, interview_id: "i1", at: "2026-12-01T09:05:35Z", type: "question", question_id: "q2", number: 2, of: 2, text: "Which index did you add?", kind: "technical", deadline: "2026-12-01T09:10:35Z", time_limit_secs: 300 },
    { seq: 6, interview_id: "i1", at: "2026-12-01T09:06:00Z", type: "question", question_id: "q2", number: 2, of: 2, text: "Which index did you add?", kind: "technical", deadline: "2026-12-01T09:10:35Z", time_limit_secs: 300, repeat: true },
    { seq: 7, interview_id: "i1", at: "2026-12-01T09:08:00Z", type: "answer", client_msg_id: "m1", question_id: "q2", follow_up: 0, text: `First I ran EXPLAIN ${XSS} on it.`, signals: { pasted_chars: 120, first_keystroke_ms: 4200, focus_lost: 2 } },
    { seq: 8, interview_id: "i1", at: "2026-12-01T09:08:00Z", type: "answer_ack", client_msg_id: "m1", question_id: "q2" },
    { seq: 9, interview_id: "i1", at: "2026-12-01T09:08:02Z", type: "judgement", question_id: "q2", follow_up: 0, covered: ["EXPLAIN"], missing: ["Measured the gain"], decided: true, judge: "offline judge v1" },
    { seq: 10, interview_id: "i1", at: "2026-12-01T09:08:02Z", type: "complete", reason: "finished", message: "Thank you." },
  ],
  "invitations.list": [{ id: "inv1", interview_id: "i1", created_at: "2026-11-01T09:00:00Z", expires_at: "2099-01-01T00:00:00Z", revoked_at: null }],
  "invitations.create": {
    token: "tok", path: "/i/tok", url: "https://ats.example.com/i/tok", qr_svg: "<svg/>", qr_png_base64: "iVBORw0KGgo=",
    invitation: { id: "inv2", interview_id: "i1", created_at: "2026-12-01T09:00:00Z", expires_at: "2026-12-04T09:00:00Z", revoked_at: null },
  },
  "scorecards.get": {
    id: "s1", version: 1, interview_id: "i1", candidate_id: "c1", candidate_name: "Grace Hopper", job_id: "j1", job_title: "Backend Engineer", overall: 76,
    card: {
      dimensions: [
        { name: "Databases", weight: 0.6, status: "scored", level: 4, label: "good", score: 75, runs: [4, 4, 3], spread: 1, rationale: "Solid.", evidence: [{ quote: `I ran EXPLAIN ${XSS}`, turn: 2 }] },
        { name: "Communication", weight: 0.4, status: "insufficient_evidence", level: null, score: null, runs: [], spread: null, rationale: "", evidence: [] },
      ],
      overall: 76, original_overall: 76, summary: "", strengths: ["Databases"], concerns: ["Communication"],
      recommendation: { decision: "advance", confidence: 0.71, note: "" }, flags: [], reproducibility: { scorer: "offline", k: 3 },
    },
  },
  "scorecards.job": [],
  "jobs.settings_get": {
    plan: { technical: 4, behavioural: 2, situational: 1, resume_deep_dive: 1, time_limit_secs: 300, duplicate_similarity: 0.88 },
    interview: { max_follow_ups: 1, max_clarifications: 2, overall_limit_secs: 5400, invitation_valid_secs: 604800, follow_up_limit_secs: 300, model_time_limit_secs: 60, future_field: "kept" },
  },
  "users.list": [account],
  "settings.smtp_get": null,
  "mail.outbox": [{ id: "m1", invitation_id: "inv1", to: "g@x.test", subject: "Your interview", status: "failed", attempts: 5, next_attempt_at: "2026-12-01T09:00:00Z", last_error: "550 no such user", created_at: "2026-12-01T09:00:00Z", sent_at: null }],
  "audit.list": {
    entries: [
      { id: "a1", at: "2026-12-01T10:00:00Z", actor: "ada@acme.test", actor_id: "u1", role: "company_admin", action: "candidates.get", subject: "c1", outcome: "ok" },
      { id: "a2", at: "2026-12-01T09:00:00Z", actor: XSS, actor_id: null, role: null, action: "auth.sign_in", subject: null, outcome: "auth.bad_credentials" },
    ],
    next: "cursor-2",
  },
  "fairness.report": { job_title: "Backend Engineer", category: "sex", candidates: 12, declined: 1, not_recorded: 2, unscored: 0, median_score: 60, reference_group: "female", groups: [{ group: "female", n: 6, selected: 3, rate: 0.5, impact_ratio: 1, four_fifths_ok: true, fisher_p: 1 }], notes: [] },
};
