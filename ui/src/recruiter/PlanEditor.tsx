// A recruiter's edit of an interview's questions before it starts: add,
// remove, reorder and reword them, stored as the plan's next version with
// `interviews.plan_save`. Each question keeps the fields the form does not
// show (key points, requirements, …) as `interviews.get` gave them; the
// core marks a changed question as the recruiter's and checks the plan
// again (a rubric dimension, 30–3600 s to answer).
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { readRubric } from "../api/docs";
import { useCall, useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "./ui";

export const QUESTION_KINDS = ["technical", "behavioural", "situational", "resume_deep_dive"] as const;
export const MAX_QUESTION_CHARS = 2000;

const questionSchema = z.object({
  origin: z.number().int(),
  text: z.string().trim().min(1, "plan_edit.text_required").max(MAX_QUESTION_CHARS, "plan_edit.text_too_long"),
  kind: z.enum(QUESTION_KINDS, "plan_edit.kind_required"),
  dimension: z.string().min(1, "plan_edit.dimension_required"),
  time_limit_secs: z
    .number("plan_edit.time_range")
    .int("plan_edit.time_range")
    .min(30, "plan_edit.time_range")
    .max(3600, "plan_edit.time_range"),
});
export const planSchema = z.object({ questions: z.array(questionSchema).min(1, "plan_edit.empty") });
export type PlanForm = z.infer<typeof planSchema>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The plan's questions as `interviews.get` gave them. */
export function rawQuestions(plan: unknown): Obj[] {
  return isObj(plan) && Array.isArray(plan.questions) ? plan.questions.filter(isObj) : [];
}

function formOf(raw: Obj[]): PlanForm {
  return {
    questions: raw.map((q, i) => ({
      origin: i,
      text: typeof q.text === "string" ? q.text : "",
      kind: (QUESTION_KINDS as readonly string[]).includes(q.kind as string)
        ? (q.kind as (typeof QUESTION_KINDS)[number])
        : "technical",
      dimension: typeof q.dimension === "string" ? q.dimension : "",
      time_limit_secs: typeof q.time_limit_secs === "number" ? q.time_limit_secs : 300,
    })),
  };
}

/** The questions to send: each original with the edits on top; new ones bare. */
export function questionsOf(raw: Obj[], v: PlanForm): Obj[] {
  return v.questions.map(({ origin, ...edit }) => {
    const base = origin >= 0 && raw[origin] ? raw[origin] : { id: "" };
    return { ...base, ...edit };
  });
}

export function PlanEditor({
  interviewId,
  jobId,
  plan,
  onDone,
}: {
  interviewId: string;
  jobId: string;
  plan: unknown;
  /** The plan's new version when saved, null when cancelled. */
  onDone: (version: number | null) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The plan as it was when editing began (the page refreshes it meanwhile).
  const [raw] = useState(() => rawQuestions(plan));
  const job = useCall("jobs.get", { id: jobId });
  const dimensions = job.data ? readRubric(job.data.rubric).dimensions.map((d) => d.name) : [];
  const form = useForm<PlanForm>({ resolver: zodResolver(planSchema), defaultValues: formOf(raw) });
  const questions = useFieldArray({ control: form.control, name: "questions" });
  const save = useCallMutation("interviews.plan_save", {
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["interviews.get", { id: interviewId }] });
      onDone(saved.version);
    },
  });
  const { errors } = form.formState;
  const rootError = errors.questions?.root?.message ?? errors.questions?.message;
  const n = questions.fields.length;

  return (
    <form
      className="stack plan-editor"
      noValidate
      onSubmit={form.handleSubmit((v) => save.mutate({ interview_id: interviewId, questions: questionsOf(raw, v) }))}
    >
      <p className="hint">{t("plan_edit.intro")}</p>
      <ErrorNotice error={job.error} />
      {rootError && (
        <p className="error-text" role="alert">
          {t(rootError)}
        </p>
      )}
      <ol className="plan">
        {questions.fields.map((field, i) => {
          const e = errors.questions?.[i];
          const current = form.getValues(`questions.${i}.dimension`);
          const options = current && !dimensions.includes(current) ? [current, ...dimensions] : dimensions;
          return (
            <li key={field.id} className="plan__q card">
              <fieldset>
                <legend>{t("plan_edit.question_n", { n: i + 1 })}</legend>
                <Field label={t("plan_edit.text")} error={e?.text?.message ? t(e.text.message) : undefined}>
                  {({ id, describedBy, invalid }) => (
                    <textarea
                      id={id}
                      rows={3}
                      aria-describedby={describedBy}
                      aria-invalid={invalid || undefined}
                      {...form.register(`questions.${i}.text`)}
                    />
                  )}
                </Field>
                <div className="grid-3">
                  <Field label={t("plan_edit.kind")} error={e?.kind?.message ? t(e.kind.message) : undefined}>
                    {({ id, describedBy }) => (
                      <select id={id} aria-describedby={describedBy} {...form.register(`questions.${i}.kind`)}>
                        {QUESTION_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {t(`question_kind.${k}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label={t("plan_edit.dimension")} error={e?.dimension?.message ? t(e.dimension.message) : undefined}>
                    {({ id, describedBy, invalid }) => (
                      <select
                        id={id}
                        aria-describedby={describedBy}
                        aria-invalid={invalid || undefined}
                        {...form.register(`questions.${i}.dimension`)}
                      >
                        <option value="">{t("common.choose")}</option>
                        {options.map((d) => (
                          <option key={d} value={d}>
                            {d}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field
                    label={t("plan_edit.time_limit")}
                    error={e?.time_limit_secs?.message ? t(e.time_limit_secs.message) : undefined}
                  >
                    {({ id, describedBy, invalid }) => (
                      <input
                        id={id}
                        type="number"
                        min={30}
                        max={3600}
                        step={30}
                        inputMode="numeric"
                        aria-describedby={describedBy}
                        aria-invalid={invalid || undefined}
                        {...form.register(`questions.${i}.time_limit_secs`, { valueAsNumber: true })}
                      />
                    )}
                  </Field>
                </div>
                <div className="actions">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={i === 0}
                    onClick={() => questions.move(i, i - 1)}
                    aria-label={t("plan_edit.move_up", { n: i + 1 })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={i === n - 1}
                    onClick={() => questions.move(i, i + 1)}
                    aria-label={t("plan_edit.move_down", { n: i + 1 })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() => questions.remove(i)}
                    aria-label={t("plan_edit.remove", { n: i + 1 })}
                  >
                    {t("common.remove")}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            questions.append({ origin: -1, text: "", kind: "technical", dimension: dimensions[0] ?? "", time_limit_secs: 300 })
          }
        >
          {t("plan_edit.add")}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t("common.working") : t("plan_edit.save")}
        </button>
      </div>
      <ErrorNotice error={save.error} />
    </form>
  );
}
