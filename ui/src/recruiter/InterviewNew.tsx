import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { useCall, useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field, PageHeader } from "./ui";

/** Languages the conductor speaks (crates/core/src/interview/mod.rs `Language`). */
export const INTERVIEW_LANGUAGES = ["en", "de", "fr"] as const;

const schema = z.object({
  job_id: z.string().min(1, "interviews.job_required"),
  candidate_id: z.string().min(1, "interviews.candidate_required"),
  language: z.string().min(2),
});
type Form = z.infer<typeof schema>;

export default function InterviewNew() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const jobs = useCall("jobs.list", {});
  const candidates = useCall("candidates.list", { limit: 500, after: null });
  const form = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { job_id: params.get("job") ?? "", candidate_id: params.get("candidate") ?? "", language: "en" },
  });
  const create = useCallMutation("interviews.create", {
    onSuccess: (i) => {
      queryClient.setQueryData(["interviews.get", { id: i.id }], i);
      void queryClient.invalidateQueries({ queryKey: ["interviews.list"] });
      void navigate(`/app/interviews/${i.id}`);
    },
  });
  const { errors } = form.formState;
  const err = (m?: string) => (m ? t(m) : undefined);
  return (
    <>
      <PageHeader title={t("interviews.new_title")}>
        <p className="hint">{t("interviews.new_intro")}</p>
      </PageHeader>
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <ErrorNotice error={jobs.error ?? candidates.error} />
        <Field label={t("interviews.job")} error={err(errors.job_id?.message)}>
          {({ id, describedBy, invalid }) => (
            <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...form.register("job_id")}>
              <option value="">{t("common.choose")}</option>
              {jobs.data?.filter((j) => j.status === "open").map((j) => (
                <option key={j.id} value={j.id}>
                  {j.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("interviews.candidate")} error={err(errors.candidate_id?.message)}>
          {({ id, describedBy, invalid }) => (
            <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...form.register("candidate_id")}>
              <option value="">{t("common.choose")}</option>
              {candidates.data?.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name ?? t("candidates.unnamed")}
                  {c.email ? ` <${c.email}>` : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("interviews.language")} hint={t("interviews.language_hint")}>
          {({ id, describedBy }) => (
            <select id={id} aria-describedby={describedBy} {...form.register("language")}>
              {INTERVIEW_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorNotice error={create.error} />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t("interviews.writing_plan") : t("interviews.create")}
        </button>
      </form>
    </>
  );
}
