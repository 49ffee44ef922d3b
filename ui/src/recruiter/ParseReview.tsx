// The parse review's tools beside the parsed resume: correcting the
// contact fields the parser read (the work history's: WorkReview.tsx) (candidates.update; only changed fields
// are sent, and every change is kept with what it replaced), and the
// original document with the text read from it (candidates.original), so
// a recruiter can check a field against its source. All text is text.
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { call } from "../api/client";
import { useCallMutation } from "../api/hooks";
import type { OriginalDto, ResumeFileDto } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { formatDateTime } from "../format";
import { AsyncButton, DownloadButton, TextAreaField, TextField } from "./ui";

export const CONTACT_FIELDS = ["name", "label", "email", "phone", "url", "summary"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

const schema = z.object({
  name: z.string().max(200, "candidates.too_long"),
  label: z.string().max(200, "candidates.too_long"),
  email: z.union([z.literal(""), z.email("candidates.email_invalid")]),
  phone: z
    .string()
    .max(40, "candidates.too_long")
    .regex(/^[\p{L}\d +\-()./]*$/u, "candidates.phone_invalid"),
  url: z.union([z.literal(""), z.string().regex(/^https?:\/\/\S+$/, "candidates.url_invalid")]),
  summary: z.string().max(10_000, "candidates.too_long"),
});
type Form = z.infer<typeof schema>;

/** The basics of a JSON Resume as the form's values ("" for none). */
export function contactValues(resume: unknown): Form {
  const basics = resume && typeof resume === "object" ? (resume as { basics?: Record<string, unknown> }).basics : undefined;
  const get = (k: ContactField) => (basics && typeof basics[k] === "string" ? (basics[k] as string) : "");
  return { name: get("name"), label: get("label"), email: get("email"), phone: get("phone"), url: get("url"), summary: get("summary") };
}

/** Only what changed (trimmed), as the API's correction. */
export function changedFields(before: Form, after: Form): Partial<Record<ContactField, string>> {
  const out: Partial<Record<ContactField, string>> = {};
  for (const k of CONTACT_FIELDS) if (after[k].trim() !== before[k].trim()) out[k] = after[k].trim();
  return out;
}

/** candidates.update; the record shown follows, then `onDone`. */
export function useSaveCorrection(candidateId: string, onDone: () => void) {
  const queryClient = useQueryClient();
  return useCallMutation("candidates.update", {
    onSuccess: (detail) => {
      queryClient.setQueryData(["candidates.get", { id: candidateId }], detail);
      void queryClient.invalidateQueries({ queryKey: ["candidates.list"] });
      onDone();
    },
  });
}

export function CorrectionActions({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit" className="button button--primary" disabled={pending}>
        {t("candidates.correct_save")}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

export function CorrectionForm({ candidateId, resume, onDone }: { candidateId: string; resume: unknown; onDone: () => void }) {
  const { t } = useTranslation();
  const before = contactValues(resume);
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: before });
  const save = useSaveCorrection(candidateId, onDone);
  const { errors } = form.formState;
  const err = (m?: string) => (m ? t(m) : undefined);
  return (
    <form
      className="form form--wide"
      noValidate
      aria-label={t("candidates.correct_title")}
      onSubmit={form.handleSubmit((v) => {
        const changed = changedFields(before, v);
        if (Object.keys(changed).length === 0) {
          onDone();
          return;
        }
        save.mutate({
          id: candidateId,
          name: changed.name ?? null,
          label: changed.label ?? null,
          email: changed.email ?? null,
          phone: changed.phone ?? null,
          url: changed.url ?? null,
          summary: changed.summary ?? null,
          work: null,
        });
      })}
    >
      <p className="hint">{t("candidates.correct_intro")}</p>
      <TextField label={t("candidates.field_name")} autoComplete="off" error={err(errors.name?.message)} {...form.register("name")} />
      <TextField label={t("candidates.field_label")} autoComplete="off" error={err(errors.label?.message)} {...form.register("label")} />
      <TextField label={t("candidates.field_email")} type="email" autoComplete="off" error={err(errors.email?.message)} {...form.register("email")} />
      <TextField label={t("candidates.field_phone")} type="tel" autoComplete="off" error={err(errors.phone?.message)} {...form.register("phone")} />
      <TextField label={t("candidates.field_url")} type="url" autoComplete="off" error={err(errors.url?.message)} {...form.register("url")} />
      <TextAreaField label={t("candidates.field_summary")} rows={5} error={err(errors.summary?.message)} {...form.register("summary")} />
      <ErrorNotice error={save.error} />
      <CorrectionActions pending={save.isPending} onCancel={onDone} />
    </form>
  );
}

interface CorrectionRecord {
  path: string;
  from: string | null;
  by: string;
  at: string;
}

/** The corrections kept in the record's `x-ats`, oldest first. */
export function readCorrections(resume: unknown): CorrectionRecord[] {
  const x = resume && typeof resume === "object" ? (resume as Record<string, unknown>)["x-ats"] : undefined;
  const list = x && typeof x === "object" ? (x as { corrections?: unknown }).corrections : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c) => {
    if (!c || typeof c !== "object") return [];
    const o = c as Record<string, unknown>;
    if (typeof o.path !== "string" || typeof o.by !== "string" || typeof o.at !== "string") return [];
    return [{ path: o.path, from: typeof o.from === "string" ? o.from : null, by: o.by, at: o.at }];
  });
}

/** A corrected field's name: "Phone", "Position 2: start date". */
export function fieldLabel(t: (k: string, o?: Record<string, unknown>) => string, path: string): string {
  const work = /^work\[(\d+)\]\.(\w+)$/.exec(path);
  if (work) {
    return t("candidates.work_field", {
      n: Number(work[1]) + 1,
      field: t(`candidates.work_${work[2]}`, { defaultValue: work[2] }),
    });
  }
  return t(`candidates.field_${path.replace(/^basics\./, "")}`, { defaultValue: path });
}

export function Corrections({ resume }: { resume: unknown }) {
  const { t } = useTranslation();
  const list = readCorrections(resume);
  if (list.length === 0) return null;
  return (
    <details className="corrections">
      <summary>{t("candidates.corrections", { count: list.length })}</summary>
      <ul>
        {list.map((c, i) => (
          <li key={i}>
            {t("candidates.correction_line", {
              field: fieldLabel(t, c.path),
              by: c.by,
              at: formatDateTime(c.at),
            })}{" "}
            {c.from === null ? <span className="hint">{t("candidates.correction_was_empty")}</span> : <q>{c.from}</q>}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The original files: the text read from the chosen one, and its download. */
export function OriginalDocument({ files }: { files: ResumeFileDto[] }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<OriginalDto | null>(null);
  if (files.length === 0) return null;
  const fetchOriginal = (id: string) => call("candidates.original", { id });
  return (
    <section className="card" aria-labelledby="original-heading">
      <h2 id="original-heading">{t("candidates.original")}</h2>
      <p className="hint">{t("candidates.original_intro")}</p>
      <ul className="original-files">
        {files.map((f) => (
          <li key={f.id}>
            <span className="original-files__name">{f.original_name}</span>{" "}
            <AsyncButton label={t("candidates.original_show")} run={async () => setShown(await fetchOriginal(f.id))} />{" "}
            <DownloadButton
              label={t("candidates.original_download")}
              fetchFile={async () => {
                const o = await fetchOriginal(f.id);
                return { name: o.file_name, content_type: o.content_type, content_base64: o.content_base64 };
              }}
            />
          </li>
        ))}
      </ul>
      {shown && (
        <figure className="original">
          <figcaption>{t("candidates.original_text", { name: shown.file_name })}</figcaption>
          {shown.text.trim() === "" ? (
            <p className="hint">{t("candidates.original_no_text")}</p>
          ) : (
            <pre className="original__text" tabIndex={0}>
              {shown.text}
            </pre>
          )}
        </figure>
      )}
    </section>
  );
}
