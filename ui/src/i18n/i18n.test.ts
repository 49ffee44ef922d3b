import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import de from "./de.json";
import en from "./en.json";
import fr from "./fr.json";

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

const E = flatten(en as Tree);
const D = flatten(de as Tree);
const F = flatten(fr as Tree);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe("translations", () => {
  it("have the same keys in English, German and French", () => {
    expect(Object.keys(D).sort()).toEqual(Object.keys(E).sort());
    expect(Object.keys(F).sort()).toEqual(Object.keys(E).sort());
  });

  it("use the same placeholders in every language", () => {
    for (const k of Object.keys(E)) {
      expect(vars(D[k]!), `de ${k}`).toEqual(vars(E[k]!));
      expect(vars(F[k]!), `fr ${k}`).toEqual(vars(E[k]!));
    }
  });

  it("have no empty strings", () => {
    for (const [name, table] of [["en", E], ["de", D], ["fr", F]] as const) {
      for (const [k, v] of Object.entries(table)) expect(v.trim(), `${name} ${k}`).not.toBe("");
    }
  });

  it("cover every key the code names literally", () => {
    const src = join(__dirname, "..");
    const missing: string[] = [];
    for (const file of sources(src)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-z_0-9.]+)"/g)) {
        const key = m[1]!;
        if (!(key in E) && !(`${key}_one` in E && `${key}_other` in E)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("cover the keys the code builds from server values", () => {
    const groups: Record<string, string[]> = {
      "candidate.complete": ["finished", "time_up", "consent_declined", "left", "invitation_expired"],
      "candidate.complete_next": ["finished", "time_up", "consent_declined", "left", "invitation_expired"],
      languages: ["en", "de", "fr"],
      roles: ["super_admin", "company_admin", "recruiter", "hiring_manager", "candidate"],
      interview_status: ["scheduled", "in_progress", "completed", "abandoned", "expired"],
      question_kind: ["technical", "behavioural", "situational", "resume_deep_dive"],
      stages: ["applied", "interviewed", "completed", "scored", "recommended_to_advance", "offer", "hired"],
      statuses: ["applied", "screening", "interviewing", "offer", "hired", "rejected", "withdrawn"],
      decisions: ["advance", "consider", "do_not_advance"],
      dimension_status: ["scored", "insufficient_evidence", "unsupported", "failed"],
      errors: [
        "auth.unauthenticated", "auth.forbidden", "auth.bad_credentials", "auth.locked", "auth.totp_required", "auth.bad_totp",
        "auth.invalid_invitation", "validation.invalid", "validation.weak_password", "not_found", "conflict", "rate_limited",
        "mail.not_configured", "internal", "resume.unsupported_type", "resume.too_large", "resume.encrypted", "resume.needs_ocr",
        "resume.corrupt", "resume.empty", "resume.timeout", "resume.io", "interview.invalid", "interview.invalid_message",
        "interview.consent_required", "interview.not_asking", "interview.empty_answer", "interview.answer_too_long",
        "interview.too_late", "interview.too_many_clarifications", "interview.ended", "client.network", "client.too_large",
      ],
    };
    for (const [prefix, keys] of Object.entries(groups)) {
      for (const k of keys) expect(E[`${prefix}.${k}`], `${prefix}.${k}`).toBeTruthy();
    }
    for (const k of ["analysis", "rubric", "settings", "ranking", "scorecards", "team"]) expect(E[`jobs.tab_${k}`]).toBeTruthy();
    for (const k of ["queued", "reading", "uploading", "done", "duplicate", "error"]) expect(E[`upload.status_${k}`]).toBeTruthy();
    for (const k of ["account", "users", "mail", "models"]) expect(E[`settings.tab_${k}`]).toBeTruthy();
  });
});
