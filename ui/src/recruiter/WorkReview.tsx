// The parse review of the work history: a recruiter corrects each
// position's employer, title and dates (candidates.update with `work`; only
// the entries that changed are sent). A changed date recomputes the total
// experience the ranking reads. All text is text.
import { zodResolver } from "@hookform/resolvers/zod";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { WorkEntryCorrection } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { CorrectionActions, useSaveCorrection } from "./ParseReview";
import { TextField } from "./ui";

export const WORK_FIELDS = ["position", "name", "startDate", "endDate"] as const;
type WorkField = (typeof WORK_FIELDS)[number];

// JSON Resume's dates: YYYY-MM-DD, YYYY-MM or YYYY (empty: none).
const isoDate = z.string().regex(/^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$/, "candidates.date_invalid");
const entry = z
  .object({
    position: z.string().max(200, "candidates.too_long"),
    name: z.string().max(200, "candidates.too_long"),
    startDate: isoDate,
    endDate: isoDate,
  })
  // ISO dates of any precision compare as text once the end is padded.
  .refine((e) => !e.startDate || !e.endDate || `${e.endDate}-99`.localeCompare(e.startDate) >= 0, {
    message: "candidates.end_before_start",
    path: ["endDate"],
  });
const schema = z.object({ work: z.array(entry) });
type Entry = z.infer<typeof entry>;
type Form = z.infer<typeof schema>;

/** The work entries of a JSON Resume as the form's values ("" for none). */
export function workValues(resume: unknown): Entry[] {
  const work = resume && typeof resume === "object" ? (resume as { work?: unknown }).work : undefined;
  if (!Array.isArray(work)) return [];
  return work.map((w) => {
    const o = w && typeof w === "object" ? (w as Record<string, unknown>) : {};
    const get = (k: WorkField) => (typeof o[k] === "string" ? (o[k] as string) : "");
    return { position: get("position"), name: get("name"), startDate: get("startDate"), endDate: get("endDate") };
  });
}

/** The entries that changed, with only their changed fields (trimmed). */
export function changedWork(before: Entry[], after: Entry[]): WorkEntryCorrection[] {
  return after.flatMap((a, index) => {
    const b = before[index];
    if (!b) return [];
    const pick = (k: WorkField) => (a[k].trim() !== b[k].trim() ? a[k].trim() : null);
    const fix: WorkEntryCorrection = {
      index,
      position: pick("position"),
      name: pick("name"),
      start_date: pick("startDate"),
      end_date: pick("endDate"),
    };
    return [fix.position, fix.name, fix.start_date, fix.end_date].some((v) => v !== null) ? [fix] : [];
  });
}

export function WorkCorrectionForm({ candidateId, resume, onDone }: { candidateId: string; resume: unknown; onDone: () => void }) {
  const { t } = useTranslation();
  const before = workValues(resume);
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { work: before } });
  const { fields } = useFieldArray({ control: form.control, name: "work" });
  const save = useSaveCorrection(candidateId, onDone);
  const errors = form.formState.errors.work;
  const err = (m?: string) => (m ? t(m) : undefined);
  return (
    <form
      className="form form--wide"
      noValidate
      aria-label={t("candidates.correct_work_title")}
      onSubmit={form.handleSubmit((v) => {
        const work = changedWork(before, v.work);
        if (work.length === 0) {
          onDone();
          return;
        }
        save.mutate({ id: candidateId, name: null, label: null, email: null, phone: null, url: null, summary: null, work });
      })}
    >
      <p className="hint">{t("candidates.correct_work_intro")}</p>
      {fields.map((f, i) => (
        <fieldset key={f.id}>
          <legend>{t("candidates.work_entry", { n: i + 1 })}</legend>
          <TextField label={t("candidates.work_position")} autoComplete="off" error={err(errors?.[i]?.position?.message)} {...form.register(`work.${i}.position`)} />
          <TextField label={t("candidates.work_name")} autoComplete="off" error={err(errors?.[i]?.name?.message)} {...form.register(`work.${i}.name`)} />
          <TextField
            label={t("candidates.work_startDate")}
            autoComplete="off"
            inputMode="numeric"
            hint={t("candidates.date_hint")}
            error={err(errors?.[i]?.startDate?.message)}
            {...form.register(`work.${i}.startDate`)}
          />
          <TextField
            label={t("candidates.work_endDate")}
            autoComplete="off"
            inputMode="numeric"
            hint={t("candidates.end_date_hint")}
            error={err(errors?.[i]?.endDate?.message)}
            {...form.register(`work.${i}.endDate`)}
          />
        </fieldset>
      ))}
      <ErrorNotice error={save.error} />
      <CorrectionActions pending={save.isPending} onCancel={onDone} />
    </form>
  );
}
