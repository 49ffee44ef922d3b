// How a job's interviews are held (`jobs.settings_get` / `jobs.settings_set`):
// the question mix and time limits as a form when the document has the
// known shape, else (or on request) the JSON itself, checked before saving.
// Fields the form does not know are kept as they are.
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useCall, useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { TextField } from "./ui";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const PLAN_FIELDS = ["technical", "behavioural", "situational", "resume_deep_dive", "time_limit_secs", "duplicate_similarity"] as const;
const INTERVIEW_FIELDS = [
  "max_follow_ups",
  "max_clarifications",
  "overall_limit_secs",
  "invitation_valid_secs",
  "follow_up_limit_secs",
  "model_time_limit_secs",
] as const;

const count = z.number("job_settings.number").int("job_settings.whole").min(0, "job_settings.count_range").max(20, "job_settings.count_range");
const answerTime = z
  .number("job_settings.number")
  .int("job_settings.whole")
  .min(30, "job_settings.answer_time_range")
  .max(3600, "job_settings.answer_time_range");

export const jobSettingsSchema = z
  .object({
    technical: count,
    behavioural: count,
    situational: count,
    resume_deep_dive: count,
    time_limit_secs: answerTime,
    duplicate_similarity: z.number("job_settings.number").min(0, "job_settings.similarity_range").max(1, "job_settings.similarity_range"),
    max_follow_ups: z.number("job_settings.number").int("job_settings.whole").min(0, "job_settings.few_range").max(5, "job_settings.few_range"),
    max_clarifications: z.number("job_settings.number").int("job_settings.whole").min(0, "job_settings.few_range").max(5, "job_settings.few_range"),
    overall_limit_minutes: z.number("job_settings.number").min(1, "job_settings.overall_range").max(1440, "job_settings.overall_range"),
    invitation_valid_hours: z.number("job_settings.number").min(1, "job_settings.invitation_range").max(1440, "job_settings.invitation_range"),
    follow_up_limit_secs: answerTime,
    model_time_limit_secs: z.number("job_settings.number").int("job_settings.whole").min(1, "job_settings.model_time_range").max(600, "job_settings.model_time_range"),
  })
  .refine((v) => v.technical + v.behavioural + v.situational + v.resume_deep_dive >= 1, {
    message: "job_settings.total_required",
    path: ["technical"],
  });
export type JobSettingsForm = z.infer<typeof jobSettingsSchema>;

/** The form's values, when the document has every known field as a number. */
export function formOf(doc: unknown): JobSettingsForm | null {
  if (!isObj(doc) || !isObj(doc.plan) || !isObj(doc.interview)) return null;
  const plan = doc.plan;
  const interview = doc.interview;
  const finite = (o: Obj, k: string) => typeof o[k] === "number" && Number.isFinite(o[k]);
  if (!PLAN_FIELDS.every((k) => finite(plan, k)) || !INTERVIEW_FIELDS.every((k) => finite(interview, k))) return null;
  const n = (o: Obj, k: string) => o[k] as number;
  return {
    technical: n(plan, "technical"),
    behavioural: n(plan, "behavioural"),
    situational: n(plan, "situational"),
    resume_deep_dive: n(plan, "resume_deep_dive"),
    time_limit_secs: n(plan, "time_limit_secs"),
    duplicate_similarity: n(plan, "duplicate_similarity"),
    max_follow_ups: n(interview, "max_follow_ups"),
    max_clarifications: n(interview, "max_clarifications"),
    overall_limit_minutes: Math.round((n(interview, "overall_limit_secs") / 60) * 100) / 100,
    invitation_valid_hours: Math.round((n(interview, "invitation_valid_secs") / 3600) * 100) / 100,
    follow_up_limit_secs: n(interview, "follow_up_limit_secs"),
    model_time_limit_secs: n(interview, "model_time_limit_secs"),
  };
}

/** The document with the form's values in place (other fields kept). */
export function docOf(original: unknown, v: JobSettingsForm): Obj {
  const doc = isObj(original) ? original : {};
  const plan = isObj(doc.plan) ? doc.plan : {};
  const interview = isObj(doc.interview) ? doc.interview : {};
  return {
    ...doc,
    plan: {
      ...plan,
      technical: v.technical,
      behavioural: v.behavioural,
      situational: v.situational,
      resume_deep_dive: v.resume_deep_dive,
      time_limit_secs: v.time_limit_secs,
      duplicate_similarity: v.duplicate_similarity,
    },
    interview: {
      ...interview,
      max_follow_ups: v.max_follow_ups,
      max_clarifications: v.max_clarifications,
      overall_limit_secs: Math.round(v.overall_limit_minutes * 60),
      invitation_valid_secs: Math.round(v.invitation_valid_hours * 3600),
      follow_up_limit_secs: v.follow_up_limit_secs,
      model_time_limit_secs: v.model_time_limit_secs,
    },
  };
}

/** The JSON text parsed as a settings object, or the i18n key of why not. */
export function parseSettingsJson(text: string): { ok: true; value: Obj } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "job_settings.json_invalid" };
  }
  if (!isObj(value)) return { ok: false, error: "job_settings.json_object" };
  return { ok: true, value };
}

export function JobSettingsPanel({ jobId, canEdit }: { jobId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useCall("jobs.settings_get", { id: jobId });
  const [asJson, setAsJson] = useState(false);
  const save = useCallMutation("jobs.settings_set", {
    onSuccess: (doc) => queryClient.setQueryData(["jobs.settings_get", { id: jobId }], doc),
  });
  if (settings.isPending) return <Loading />;
  if (settings.error) return <ErrorNotice error={settings.error} />;
  const doc: unknown = settings.data;
  const values = formOf(doc);
  const json = asJson || values === null;
  return (
    <div className="stack">
      <p className="hint">{t("job_settings.intro")}</p>
      {values !== null && (
        <div className="actions">
          <button type="button" className="button button--small" onClick={() => setAsJson(!asJson)}>
            {asJson ? t("job_settings.edit_form") : t("job_settings.edit_json")}
          </button>
        </div>
      )}
      {json ? (
        <SettingsJson
          key={settings.dataUpdatedAt}
          doc={doc}
          canEdit={canEdit}
          pending={save.isPending}
          onSave={(v) => save.mutate({ job_id: jobId, settings: v })}
        />
      ) : (
        <SettingsForm
          key={settings.dataUpdatedAt}
          values={values}
          canEdit={canEdit}
          pending={save.isPending}
          onSave={(v) => save.mutate({ job_id: jobId, settings: docOf(doc, v) })}
        />
      )}
      <ErrorNotice error={save.error} />
      <p role="status" aria-live="polite" className="hint">
        {save.isSuccess ? t("common.saved") : ""}
      </p>
    </div>
  );
}

function SettingsForm({
  values,
  canEdit,
  pending,
  onSave,
}: {
  values: JobSettingsForm;
  canEdit: boolean;
  pending: boolean;
  onSave: (v: JobSettingsForm) => void;
}) {
  const { t } = useTranslation();
  const form = useForm<JobSettingsForm>({ resolver: zodResolver(jobSettingsSchema), defaultValues: values });
  const { errors } = form.formState;
  const err = (k: keyof JobSettingsForm) => {
    const m = errors[k]?.message;
    return m ? t(m) : undefined;
  };
  const num = (k: keyof JobSettingsForm, label: string, extra: { step?: string; hint?: string } = {}) => (
    <TextField
      label={label}
      type="number"
      inputMode="decimal"
      step={extra.step ?? "1"}
      hint={extra.hint}
      error={err(k)}
      {...form.register(k, { valueAsNumber: true })}
    />
  );
  return (
    <form className="form form--wide" noValidate onSubmit={form.handleSubmit(onSave)}>
      <fieldset disabled={!canEdit} className="stack">
        <legend>{t("job_settings.questions")}</legend>
        <div className="grid-2">
          {num("technical", t("question_kind.technical"))}
          {num("behavioural", t("question_kind.behavioural"))}
          {num("situational", t("question_kind.situational"))}
          {num("resume_deep_dive", t("question_kind.resume_deep_dive"))}
          {num("time_limit_secs", t("job_settings.time_limit_secs"))}
          {num("duplicate_similarity", t("job_settings.duplicate_similarity"), { step: "0.01", hint: t("job_settings.duplicate_similarity_hint") })}
        </div>
      </fieldset>
      <fieldset disabled={!canEdit} className="stack">
        <legend>{t("job_settings.conduct")}</legend>
        <div className="grid-2">
          {num("max_follow_ups", t("job_settings.max_follow_ups"))}
          {num("max_clarifications", t("job_settings.max_clarifications"))}
          {num("follow_up_limit_secs", t("job_settings.follow_up_limit_secs"))}
          {num("overall_limit_minutes", t("job_settings.overall_limit_minutes"), { step: "any" })}
          {num("invitation_valid_hours", t("job_settings.invitation_valid_hours"), { step: "any" })}
          {num("model_time_limit_secs", t("job_settings.model_time_limit_secs"), { hint: t("job_settings.model_time_limit_hint") })}
        </div>
      </fieldset>
      {canEdit && (
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? t("common.working") : t("common.save")}
          </button>
          <button type="button" className="button" onClick={() => form.reset(values)}>
            {t("rubric.reset")}
          </button>
        </div>
      )}
    </form>
  );
}

function SettingsJson({
  doc,
  canEdit,
  pending,
  onSave,
}: {
  doc: unknown;
  canEdit: boolean;
  pending: boolean;
  onSave: (v: Obj) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => JSON.stringify(doc, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="form form--wide"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = parseSettingsJson(text);
        if (!parsed.ok) {
          setError(parsed.error);
          return;
        }
        setError(null);
        onSave(parsed.value);
      }}
    >
      <div className={`field ${error ? "field--invalid" : ""}`}>
        <label htmlFor={id}>{t("job_settings.json_label")}</label>
        <textarea
          id={id}
          className="code"
          rows={18}
          spellCheck={false}
          readOnly={!canEdit}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {t("job_settings.json_hint")}
        </p>
        {error && (
          <p id={`${id}-error`} className="error-text" role="alert">
            {t(error)}
          </p>
        )}
      </div>
      {canEdit && (
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? t("common.working") : t("common.save")}
          </button>
        </div>
      )}
    </form>
  );
}
