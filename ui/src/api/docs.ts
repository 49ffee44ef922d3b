// The JSON documents the core defines (typed `unknown` on the wire), read
// defensively: a field of the wrong shape reads as absent, never as a crash.
// Formats: crates/core/src/jobs/mod.rs (analysis), rubric.rs, matching/
// (ranking), interview/mod.rs (plan), resume.rs (x-ats), docs/scoring.md
// (scorecard), fairness.rs.

type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
export function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}
export function numOr(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function strs(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === "string");
}

// ----- job analysis -----

export interface Requirement {
  skill: string;
  kind: string;
  evidence: string;
}

export interface JobAnalysis {
  title: string | null;
  seniority: string | null;
  min_years: number | null;
  must_have: Requirement[];
  nice_to_have: Requirement[];
  soft_skills: Requirement[];
  responsibilities: string[];
  location: string | null;
  remote: boolean | null;
}

function requirement(v: unknown): Requirement | null {
  if (!isObj(v) || typeof v.skill !== "string") return null;
  return { skill: v.skill, kind: str(v.kind) ?? "", evidence: str(v.evidence) ?? "" };
}
function requirements(v: unknown): Requirement[] {
  return arr(v).map(requirement).filter((r): r is Requirement => r !== null);
}

export function readAnalysis(v: unknown): JobAnalysis {
  const o = isObj(v) ? v : {};
  return {
    title: str(o.title),
    seniority: str(o.seniority),
    min_years: numOr(o.min_years),
    must_have: requirements(o.must_have),
    nice_to_have: requirements(o.nice_to_have),
    soft_skills: requirements(o.soft_skills),
    responsibilities: strs(o.responsibilities),
    location: str(o.location),
    remote: typeof o.remote === "boolean" ? o.remote : null,
  };
}

// ----- rubric -----

export interface RubricLevel {
  score: number;
  label: string;
  description: string;
}

export interface RubricDimension {
  name: string;
  weight: number;
  description: string;
  strong: string;
  weak: string;
  skills: string[];
  levels: RubricLevel[];
}

export interface Rubric {
  dimensions: RubricDimension[];
}

export function readRubric(v: unknown): Rubric {
  const o = isObj(v) ? v : {};
  return {
    dimensions: arr(o.dimensions)
      .filter(isObj)
      .map((d) => ({
        name: str(d.name) ?? "",
        weight: numOr(d.weight) ?? 0,
        description: str(d.description) ?? "",
        strong: str(d.strong) ?? "",
        weak: str(d.weak) ?? "",
        skills: strs(d.skills),
        levels: arr(d.levels)
          .filter(isObj)
          .map((l) => ({
            score: numOr(l.score) ?? 0,
            label: str(l.label) ?? "",
            description: str(l.description) ?? "",
          })),
      })),
  };
}

// ----- ranking -----

export interface RequirementMatch {
  skill: string;
  kind: string;
  met: boolean;
  similarity: number | null;
  evidence: string | null;
}

export interface RankedCandidate {
  candidate_id: string;
  name: string | null;
  score: number;
  must_have: RequirementMatch[];
  nice_to_have: RequirementMatch[];
  experience: { required_years: number | null; candidate_years: number | null; met: boolean | null };
}

export interface SkippedCandidate {
  candidate_id: string;
  code: string;
  message: string;
}

function matches(v: unknown): RequirementMatch[] {
  return arr(v)
    .filter(isObj)
    .map((m) => ({
      skill: str(m.skill) ?? "",
      kind: str(m.kind) ?? "taxonomy",
      met: m.met === true,
      similarity: numOr(m.similarity),
      evidence: str(m.evidence),
    }));
}

export function readRanked(v: unknown): RankedCandidate[] {
  return arr(v)
    .filter(isObj)
    .map((c) => {
      const fit = isObj(c.fit) ? c.fit : {};
      const exp = isObj(fit.experience) ? fit.experience : {};
      return {
        candidate_id: str(c.candidate_id) ?? "",
        name: str(c.name),
        score: numOr(fit.score) ?? 0,
        must_have: matches(fit.must_have),
        nice_to_have: matches(fit.nice_to_have),
        experience: {
          required_years: numOr(exp.required_years),
          candidate_years: numOr(exp.candidate_years),
          met: typeof exp.met === "boolean" ? exp.met : null,
        },
      };
    });
}

export function readSkipped(v: unknown): SkippedCandidate[] {
  return arr(v)
    .filter(isObj)
    .map((s) => ({
      candidate_id: str(s.candidate_id) ?? "",
      code: str(s.code) ?? "",
      message: str(s.message) ?? "",
    }));
}

// ----- question plan -----

export interface PlanQuestion {
  id: string;
  kind: string;
  difficulty: string;
  dimension: string;
  requirements: string[];
  text: string;
  key_points: string[];
  time_limit_secs: number;
  source: string;
}

export interface Plan {
  language: string;
  generator: string;
  questions: PlanQuestion[];
  notes: string[];
}

export function readPlan(v: unknown): Plan {
  const o = isObj(v) ? v : {};
  return {
    language: str(o.language) ?? "",
    generator: str(o.generator) ?? "",
    notes: strs(o.notes),
    questions: arr(o.questions)
      .filter(isObj)
      .map((q) => ({
        id: str(q.id) ?? "",
        kind: str(q.kind) ?? "",
        difficulty: str(q.difficulty) ?? "",
        dimension: str(q.dimension) ?? "",
        requirements: strs(q.requirements),
        text: str(q.text) ?? "",
        key_points: strs(q.key_points),
        time_limit_secs: numOr(q.time_limit_secs) ?? 0,
        source: str(q.source) ?? "",
      })),
  };
}

// ----- scorecard -----

export interface Evidence {
  quote: string;
  turn: number | null;
}

export interface ScoreDimension {
  name: string;
  weight: number;
  status: string;
  level: number | null;
  label: string | null;
  score: number | null;
  runs: number[];
  spread: number | null;
  rationale: string;
  note: string | null;
  evidence: Evidence[];
  override: { level: number; reason: string; by: string; at: string } | null;
}

export interface Scorecard {
  dimensions: ScoreDimension[];
  overall: number | null;
  original_overall: number | null;
  summary: string;
  strengths: string[];
  concerns: string[];
  recommendation: { decision: string; confidence: number | null; note: string } | null;
  flags: string[];
  reproducibility: Record<string, string>;
  created_at: string | null;
}

export function readScorecard(v: unknown): Scorecard {
  const o = isObj(v) ? v : {};
  const rec = isObj(o.recommendation) ? o.recommendation : null;
  const repro = isObj(o.reproducibility) ? o.reproducibility : {};
  const reproducibility: Record<string, string> = {};
  for (const [k, val] of Object.entries(repro)) {
    if (val === null || val === undefined) continue;
    reproducibility[k] = Array.isArray(val) ? val.join(", ") : String(val);
  }
  return {
    dimensions: arr(o.dimensions)
      .filter(isObj)
      .map((d) => {
        const ov = isObj(d.override) ? d.override : null;
        return {
          name: str(d.name) ?? "",
          weight: numOr(d.weight) ?? 0,
          status: str(d.status) ?? "",
          level: numOr(d.level),
          label: str(d.label),
          score: numOr(d.score),
          runs: arr(d.runs).filter((x): x is number => typeof x === "number"),
          spread: numOr(d.spread),
          rationale: str(d.rationale) ?? "",
          note: str(d.note),
          evidence: arr(d.evidence)
            .filter(isObj)
            .map((e) => ({ quote: str(e.quote) ?? "", turn: numOr(e.turn) })),
          override: ov
            ? {
                level: numOr(ov.level) ?? 0,
                reason: str(ov.reason) ?? "",
                by: str(ov.by) ?? "",
                at: str(ov.at) ?? "",
              }
            : null,
        };
      }),
    overall: numOr(o.overall),
    original_overall: numOr(o.original_overall),
    summary: str(o.summary) ?? "",
    strengths: strs(o.strengths),
    concerns: strs(o.concerns),
    recommendation: rec
      ? { decision: str(rec.decision) ?? "", confidence: numOr(rec.confidence), note: str(rec.note) ?? "" }
      : null,
    flags: strs(o.flags),
    reproducibility,
    created_at: str(o.created_at),
  };
}

// ----- parsed resume (JSON Resume + x-ats) -----

export interface ResumeView {
  basics: { label: string; path: string; value: string }[];
  work: { title: string; org: string; start: string; end: string; summary: string; path: string }[];
  education: { institution: string; area: string; studyType: string; start: string; end: string; path: string }[];
  skills: { name: string; keywords: string[]; path: string }[];
  languages: { language: string; fluency: string; path: string }[];
  confidence: Record<string, number>;
  warnings: string[];
  totalExperienceMonths: number | null;
  sourceType: string | null;
}

/** Confidence under which a parsed field is shown as needing a look. */
export const LOW_CONFIDENCE = 0.6;

export function readResume(v: unknown): ResumeView {
  const o = isObj(v) ? v : {};
  const b = isObj(o.basics) ? o.basics : {};
  const x = isObj(o["x-ats"]) ? o["x-ats"] : {};
  const confidence: Record<string, number> = {};
  if (isObj(x.confidence)) {
    for (const [k, c] of Object.entries(x.confidence)) if (typeof c === "number") confidence[k] = c;
  }
  const loc = isObj(b.location) ? b.location : {};
  const place = [str(loc.city), str(loc.region), str(loc.countryCode)].filter(Boolean).join(", ");
  const rows: [string, string, string | null][] = [
    ["name", "basics.name", str(b.name)],
    ["label", "basics.label", str(b.label)],
    ["email", "basics.email", str(b.email)],
    ["phone", "basics.phone", str(b.phone)],
    ["url", "basics.url", str(b.url)],
    ["location", "basics.location", place || null],
    ["summary", "basics.summary", str(b.summary)],
  ];
  const basics = rows.flatMap(([label, path, value]) => (value ? [{ label, path, value }] : []));
  return {
    basics,
    work: arr(o.work)
      .filter(isObj)
      .map((w, i) => ({
        title: str(w.position) ?? "",
        org: str(w.name) ?? "",
        start: str(w.startDate) ?? "",
        end: str(w.endDate) ?? "",
        summary: str(w.summary) ?? "",
        path: `work[${i}]`,
      })),
    education: arr(o.education)
      .filter(isObj)
      .map((e, i) => ({
        institution: str(e.institution) ?? "",
        area: str(e.area) ?? "",
        studyType: str(e.studyType) ?? "",
        start: str(e.startDate) ?? "",
        end: str(e.endDate) ?? "",
        path: `education[${i}]`,
      })),
    skills: arr(o.skills)
      .filter(isObj)
      .map((s, i) => ({ name: str(s.name) ?? "", keywords: strs(s.keywords), path: `skills[${i}]` })),
    languages: arr(o.languages)
      .filter(isObj)
      .map((l, i) => ({ language: str(l.language) ?? "", fluency: str(l.fluency) ?? "", path: `languages[${i}]` })),
    confidence,
    warnings: strs(x.warnings),
    totalExperienceMonths: numOr(x.totalExperienceMonths),
    sourceType: str(x.sourceType),
  };
}

/** The lowest confidence of a path or any field under it. */
export function confidenceOf(conf: Record<string, number>, path: string): number | null {
  let lowest: number | null = null;
  for (const [k, c] of Object.entries(conf)) {
    if (k === path || k.startsWith(`${path}.`) || k.startsWith(`${path}[`)) {
      lowest = lowest === null ? c : Math.min(lowest, c);
    }
  }
  return lowest;
}

// ----- fairness report -----

export interface FairnessGroup {
  group: string;
  n: number;
  share: number | null;
  selected: number;
  rate: number | null;
  impact_ratio: number | null;
  four_fifths_ok: boolean | null;
  fisher_p: number | null;
  above_median_rate: number | null;
  ll144_impact_ratio: number | null;
  warning: string | null;
}

export interface FairnessReport {
  job_title: string;
  category: string;
  candidates: number;
  declined: number;
  not_recorded: number;
  unscored: number;
  median_score: number | null;
  reference_group: string | null;
  groups: FairnessGroup[];
  notes: string[];
}

export function readFairness(v: unknown): FairnessReport {
  const o = isObj(v) ? v : {};
  return {
    job_title: str(o.job_title) ?? "",
    category: str(o.category) ?? "",
    candidates: numOr(o.candidates) ?? 0,
    declined: numOr(o.declined) ?? 0,
    not_recorded: numOr(o.not_recorded) ?? 0,
    unscored: numOr(o.unscored) ?? 0,
    median_score: numOr(o.median_score),
    reference_group: str(o.reference_group),
    notes: strs(o.notes),
    groups: arr(o.groups)
      .filter(isObj)
      .map((g) => ({
        group: str(g.group) ?? "",
        n: numOr(g.n) ?? 0,
        share: numOr(g.share),
        selected: numOr(g.selected) ?? 0,
        rate: numOr(g.rate),
        impact_ratio: numOr(g.impact_ratio),
        four_fifths_ok: typeof g.four_fifths_ok === "boolean" ? g.four_fifths_ok : null,
        fisher_p: numOr(g.fisher_p),
        above_median_rate: numOr(g.above_median_rate),
        ll144_impact_ratio: numOr(g.ll144_impact_ratio),
        warning: str(g.warning),
      })),
  };
}
