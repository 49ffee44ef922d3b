import { describe, expect, it } from "vitest";
import en from "../i18n/en.json";
import { normaliseWeights, rubricSchema, weightSum } from "./rubricSchema";

const dim = (name: string, weight: number, levels: { score: number; label: string; description: string }[] = []) => ({
  name,
  weight,
  description: "",
  strong: "",
  weak: "",
  skills: [],
  levels,
});

function messages(input: unknown): string[] {
  const r = rubricSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe("rubric weights", () => {
  it("accepts weights that sum to 1 (within 0.001)", () => {
    expect(messages({ dimensions: [dim("a", 0.5), dim("b", 0.3), dim("c", 0.2)] })).toEqual([]);
    expect(messages({ dimensions: [dim("a", 0.3333), dim("b", 0.3333), dim("c", 0.3334)] })).toEqual([]);
    expect(messages({ dimensions: [dim("a", 0.142857), dim("b", 0.857143)] })).toEqual([]);
  });

  it("refuses weights that do not sum to 1", () => {
    expect(messages({ dimensions: [dim("a", 0.5), dim("b", 0.4)] })).toContain("rubric.weights_sum");
    expect(messages({ dimensions: [dim("a", 0.6), dim("b", 0.6)] })).toContain("rubric.weights_sum");
  });

  it("refuses zero or negative weights and empty rubrics", () => {
    expect(messages({ dimensions: [dim("a", 1), dim("b", 0)] })).toContain("rubric.weight_positive");
    expect(messages({ dimensions: [dim("a", 1.2), dim("b", -0.2)] })).toContain("rubric.weight_positive");
    expect(messages({ dimensions: [] })).toContain("rubric.empty");
    expect(messages({ dimensions: [dim("a", Number.NaN)] }).length).toBeGreaterThan(0);
  });

  it("needs names, unique ones", () => {
    expect(messages({ dimensions: [dim(" ", 1)] })).toContain("rubric.name_required");
    expect(messages({ dimensions: [dim("Go", 0.5), dim("go", 0.5)] })).toContain("rubric.name_unique");
  });

  it("checks scales: 2–10 levels with rising scores, labels and descriptions", () => {
    const l = (score: number, label = "x", description = "y") => ({ score, label, description });
    expect(messages({ dimensions: [dim("a", 1, [l(1), l(2), l(3)])] })).toEqual([]);
    expect(messages({ dimensions: [dim("a", 1, [l(1)])] })).toContain("rubric.levels_count");
    expect(messages({ dimensions: [dim("a", 1, [l(2), l(1)])] })).toContain("rubric.levels_rising");
    expect(messages({ dimensions: [dim("a", 1, [l(1, ""), l(2)])] })).toContain("rubric.level_label_required");
  });

  it("normalises weights to a sum of exactly 1", () => {
    const out = normaliseWeights([dim("a", 2), dim("b", 1), dim("c", 1)]);
    expect(out.map((d) => d.weight)).toEqual([0.5, 0.25, 0.25]);
    const thirds = normaliseWeights([dim("a", 1), dim("b", 1), dim("c", 1)]);
    expect(Math.abs(weightSum(thirds) - 1)).toBeLessThan(1e-9);
    expect(messages({ dimensions: thirds })).toEqual([]);
    const zeros = normaliseWeights([dim("a", 0), dim("b", 0)]);
    expect(zeros.map((d) => d.weight)).toEqual([0.5, 0.5]);
  });

  it("every validation message is a translated key", () => {
    const rubric = (en as { rubric: Record<string, string> }).rubric;
    for (const key of [
      "weights_sum", "weight_positive", "weight_max", "weight_number", "empty", "name_required", "name_unique",
      "levels_count", "levels_rising", "score_integer", "level_label_required", "level_description_required",
    ]) {
      expect(rubric[key], key).toBeTruthy();
    }
  });
});
