// Resume text, answers, snippets and names are always rendered as text:
// no HTML injection sink anywhere in the sources. And the candidate's
// screens import nothing of the recruiter's.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe("no HTML sinks", () => {
  it("never uses dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML or document.write", () => {
    const sink = new RegExp(["dangerously" + "SetInnerHTML", "inner" + "HTML", "outer" + "HTML", "insertAdjacent" + "HTML", "document\\.wr" + "ite"].join("|"));
    const hits = files(SRC)
      .filter((f) => !f.endsWith("safety.test.ts"))
      .filter((f) => sink.test(readFileSync(f, "utf8")));
    expect(hits).toEqual([]);
  });
});

/** Every module a file imports, followed through relative imports. */
function graph(entry: string, followDynamic = true): { files: Set<string>; packages: Set<string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:import|export)\s[^"';]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (m[2] && !followDynamic) continue;
      // Type-only imports vanish from the bundle.
      if (/^(?:import|export)\s+type\s/.test(m[0])) continue;
      if (!spec.startsWith(".")) {
        packages.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")];
      const found = candidates.find((c) => {
        try {
          return statSync(c).isFile();
        } catch {
          return false;
        }
      });
      if (found && /\.(ts|tsx)$/.test(found)) visit(found);
    }
  };
  visit(entry);
  return { files: seen, packages };
}

describe("bundle separation", () => {
  it("the candidate's screens pull nothing of the recruiter's (no charts, forms, Radix or zod)", () => {
    for (const entry of ["candidate/InterviewPage.tsx", "candidate/Redeem.tsx"]) {
      const g = graph(join(SRC, entry));
      const recruiter = [...g.files].filter((f) => f.includes(`${join(SRC, "recruiter")}`));
      expect(recruiter, entry).toEqual([]);
      const heavy = [...g.packages].filter((p) => /^(@radix-ui|zod|react-hook-form|@hookform)/.test(p));
      expect(heavy, entry).toEqual([]);
    }
  });

  it("the start-up code loads the recruiter's screens only lazily", () => {
    const g = graph(join(SRC, "main.tsx"), false);
    const eager = [...g.files].filter((f) => f.includes(join(SRC, "recruiter")) || f.includes(join(SRC, "candidate")));
    expect(eager).toEqual([]);
  });
});
