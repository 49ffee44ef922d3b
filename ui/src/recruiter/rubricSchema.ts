// The rubric editor's rules, as the core checks them (crates/core/src/
// rubric.rs `Rubric::validate`): at least one named dimension, weights
// positive and summing to 1 (±0.001), and a scale of 2–10 levels whose
// scores rise, each with a label and a description (or no levels: the
// default 1–5 scale).
import { z } from "zod";

export const WEIGHT_TOLERANCE = 1e-3;

export const levelSchema = z.object({
  score: z.number().int("rubric.score_integer").min(0, "rubric.score_integer"),
  label: z.string().trim().min(1, "rubric.level_label_required"),
  description: z.string().trim().min(1, "rubric.level_description_required"),
});

export const dimensionSchema = z.object({
  name: z.string().trim().min(1, "rubric.name_required"),
  weight: z.number("rubric.weight_number").gt(0, "rubric.weight_positive").max(1, "rubric.weight_max"),
  description: z.string(),
  strong: z.string(),
  weak: z.string(),
  skills: z.array(z.string()),
  levels: z
    .array(levelSchema)
    .refine((l) => l.length === 0 || (l.length >= 2 && l.length <= 10), "rubric.levels_count")
    .refine((l) => l.every((x, i) => i === 0 || l[i - 1]!.score < x.score), "rubric.levels_rising"),
});

export const rubricSchema = z
  .object({ dimensions: z.array(dimensionSchema).min(1, "rubric.empty") })
  .superRefine((r, ctx) => {
    const sum = weightSum(r.dimensions);
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
      ctx.addIssue({ code: "custom", message: "rubric.weights_sum", path: ["dimensions"] });
    }
    const names = r.dimensions.map((d) => d.name.trim().toLowerCase());
    names.forEach((n, i) => {
      if (n && names.indexOf(n) !== i) {
        ctx.addIssue({ code: "custom", message: "rubric.name_unique", path: ["dimensions", i, "name"] });
      }
    });
  });

export type RubricForm = z.infer<typeof rubricSchema>;

export function weightSum(dimensions: { weight: number }[]): number {
  return dimensions.reduce((s, d) => s + (Number.isFinite(d.weight) ? d.weight : 0), 0);
}

/** Scale the weights to sum to 1 (rounded to 3 places, the rest on the last). */
export function normaliseWeights<T extends { weight: number }>(dimensions: T[]): T[] {
  const sum = weightSum(dimensions);
  if (dimensions.length === 0) return dimensions;
  if (sum <= 0) {
    const w = Math.round((1 / dimensions.length) * 1000) / 1000;
    const out = dimensions.map((d) => ({ ...d, weight: w }));
    out[out.length - 1]!.weight = Math.round((1 - w * (out.length - 1)) * 1000) / 1000;
    return out;
  }
  const out = dimensions.map((d) => ({ ...d, weight: Math.round((d.weight / sum) * 1000) / 1000 }));
  const rest = 1 - weightSum(out.slice(0, -1));
  out[out.length - 1]!.weight = Math.round(rest * 1000) / 1000;
  return out;
}
