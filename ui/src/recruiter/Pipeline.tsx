// A job's pipeline: how many candidates are at each stage, the applications
// at one stage (or all), and each one's stage to change.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCall, useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatNumber } from "../format";
import { StatusTag } from "./Interviews";
import { Empty } from "./ui";

export const STAGES = ["applied", "screening", "interviewing", "offer", "hired", "rejected", "withdrawn"] as const;

// A candidate's stage with the job, changed on selection; the job's
// pipeline is read again once it is saved.
export function StageSelect({
  jobId,
  candidateId,
  current,
  name,
}: {
  jobId: string;
  candidateId: string;
  current: string | null;
  name: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<string | null>(null);
  const setStatus = useCallMutation("applications.set_status", {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["applications.list"] }),
  });
  const shown = value ?? current ?? "";
  return (
    <div className="field field--inline">
      <label htmlFor={id}>
        {t("ranking.status")}{" "}
        <span className="visually-hidden">{t("pipeline.of", { name })}</span>
      </label>
      <select
        id={id}
        value={shown}
        disabled={setStatus.isPending}
        onChange={(e) => {
          const v = e.target.value;
          setValue(v);
          if (v) setStatus.mutate({ job_id: jobId, candidate_id: candidateId, status: v });
        }}
      >
        {!shown && <option value="">{t("ranking.status_unset")}</option>}
        {STAGES.map((s) => (
          <option key={s} value={s}>
            {t(`statuses.${s}`)}
          </option>
        ))}
      </select>
      {setStatus.isSuccess && <span role="status">{t("common.saved")}</span>}
      <ErrorNotice error={setStatus.error} />
    </div>
  );
}

export function PipelinePanel({ jobId, canEdit }: { jobId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [stage, setStage] = useState<string>("");
  const pipeline = useCall("applications.list", { job_id: jobId, status: stage || null });
  const counts = pipeline.data?.counts ?? [];
  const total = counts.reduce((n, c) => n + c.count, 0);
  const rows = pipeline.data?.applications ?? [];
  return (
    <div className="stack">
      <h2 className="visually-hidden">{t("jobs.tab_pipeline")}</h2>
      <fieldset className="segmented">
        <legend>{t("pipeline.stage")}</legend>
        {[["", total] as const, ...counts.map((c) => [c.stage, c.count] as const)].map(([s, n]) => (
          <label key={s || "all"} className="segmented__option">
            <input type="radio" name={`${id}-stage`} value={s} checked={stage === s} onChange={() => setStage(s)} />
            {s ? t(`statuses.${s}`) : t("pipeline.all")} ({n})
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={pipeline.error} />
      {pipeline.isPending && <Loading />}
      {pipeline.data && rows.length === 0 && <Empty>{stage ? t("pipeline.none_at_stage") : t("pipeline.none")}</Empty>}
      {rows.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t("jobs.tab_pipeline")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("candidates.name")}</th>
              <th scope="col">{t("ranking.status")}</th>
              <th scope="col">{t("pipeline.fit")}</th>
              <th scope="col">{t("pipeline.interview")}</th>
              <th scope="col">{t("scorecard.overall")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => {
              const name = a.name ?? t("candidates.unnamed");
              return (
                <tr key={a.candidate_id}>
                  <th scope="row">
                    <Link to={`/app/candidates/${a.candidate_id}`}>{name}</Link>
                  </th>
                  <td>
                    {canEdit ? (
                      <StageSelect jobId={jobId} candidateId={a.candidate_id} current={a.status} name={name} />
                    ) : (
                      t(`statuses.${a.status}`, { defaultValue: a.status })
                    )}
                  </td>
                  <td>{a.fit_score === null ? "—" : formatNumber(a.fit_score, 0)}</td>
                  <td>
                    {a.interview_id && a.interview_status ? (
                      <Link to={`/app/interviews/${a.interview_id}`}>
                        <StatusTag status={a.interview_status} />
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    {a.overall_score === null || !a.interview_id ? (
                      "—"
                    ) : (
                      <Link to={`/app/interviews/${a.interview_id}/scorecard`}>{formatNumber(a.overall_score, 0)}</Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pipeline.data?.truncated && <p className="hint">{t("pipeline.truncated", { n: rows.length })}</p>}
    </div>
  );
}
