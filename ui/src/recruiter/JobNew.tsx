// A new job from its posting: pasted, or read from a .txt file.
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { z } from "zod";
import { useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader, TextAreaField, TextField } from "./ui";

const MAX_POSTING = 200_000;

const schema = z.object({
  text: z.string().trim().min(1, "jobs.text_required").max(MAX_POSTING, "jobs.text_too_long"),
  title: z.string().trim().max(200),
});
type Form = z.infer<typeof schema>;

export default function JobNew() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [fileError, setFileError] = useState<string | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { text: "", title: "" } });
  const create = useCallMutation("jobs.create", {
    onSuccess: (job) => {
      queryClient.setQueryData(["jobs.get", { id: job.id }], job);
      void queryClient.invalidateQueries({ queryKey: ["jobs.list"] });
      void navigate(`/app/jobs/${job.id}`);
    },
  });
  const { errors } = form.formState;

  const readFile = (file: File | undefined) => {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_POSTING * 4) {
      setFileError(t("jobs.file_too_large"));
      return;
    }
    file.text().then(
      (text) => form.setValue("text", text, { shouldValidate: true, shouldDirty: true }),
      () => setFileError(t("jobs.file_unreadable")),
    );
  };

  return (
    <>
      <PageHeader title={t("jobs.new_title")}>
        <p className="hint">{t("jobs.new_intro")}</p>
      </PageHeader>
      <form
        className="form form--wide"
        noValidate
        onSubmit={form.handleSubmit((v) => create.mutate({ text: v.text, title: v.title || null }))}
      >
        <div className="field">
          <label htmlFor={fileId}>{t("jobs.upload_txt")}</label>
          <input
            id={fileId}
            type="file"
            accept=".txt,.md,text/plain,text/markdown"
            aria-describedby={fileError ? `${fileId}-err` : undefined}
            onChange={(e) => readFile(e.target.files?.[0])}
          />
          {fileError && (
            <p id={`${fileId}-err`} className="error-text">
              {fileError}
            </p>
          )}
        </div>
        <TextAreaField
          label={t("jobs.posting_text")}
          rows={16}
          hint={t("jobs.posting_hint")}
          error={errors.text?.message ? t(errors.text.message, { max: MAX_POSTING }) : undefined}
          {...form.register("text")}
        />
        <TextField label={t("jobs.fallback_title")} hint={t("jobs.fallback_title_hint")} {...form.register("title")} />
        <ErrorNotice error={create.error} />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t("jobs.analysing") : t("jobs.create")}
        </button>
        {create.isPending && (
          <p role="status" className="hint">
            {t("jobs.analysing_hint")}
          </p>
        )}
      </form>
    </>
  );
}
