// A scorecard: overall and recommendation, a bar chart of the dimension
// scores, each dimension's evidence quotes (linked to their turn in the
// transcript, shown as an appendix) and spread, and overrides with a
// reason (scorecards.override).
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { z } from "zod";
import { call } from "../api/client";
import { readRubric, readScorecard, type RubricLevel, type ScoreDimension } from "../api/docs";
import { useCall, useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDateTime, formatNumber, formatPercent } from "../format";
import { can, useAccount } from "./session";
import { showTurn, Transcript, turnId } from "./Transcript";
import { BarChart, DownloadButton, Empty, Field, Modal, PageHeader, TextAreaField } from "./ui";

const DEFAULT_SCALE: RubricLevel[] = [1, 2, 3, 4, 5].map((score) => ({ score, label: String(score), description: "" }));

export default function Scorecard() {
  const { t } = useTranslation();
  const { interviewId = "" } = useParams();
  const account = useAccount();
  const queryClient = useQueryClient();
  // A completed interview is scored in the background within seconds:
  // until its scorecard exists, look again every few seconds.
  const card = useCall(
    "scorecards.get",
    { interview_id: interviewId },
    { refetchInterval: (q) => (q.state.data === null ? 3000 : false) },
  );
  const jobId = card.data?.job_id;
  const job = useCall("jobs.get", { id: jobId ?? "" }, { enabled: Boolean(jobId) });
  const score = useCallMutation("scorecards.score", {
    onSuccess: (s) => queryClient.setQueryData(["scorecards.get", { interview_id: interviewId }], s),
  });

  if (card.isPending) return <Loading />;
  if (card.error) return <ErrorNotice error={card.error} />;
  if (!card.data) {
    return (
      <>
        <PageHeader title={t("scorecard.title")} />
        <Empty>{t("scorecard.not_yet")}</Empty>
        <p className="hint" role="status">
          {t("scorecard.waiting")}
        </p>
        {can(account, "edit") && (
          <div className="actions">
            <button type="button" className="button button--primary" disabled={score.isPending} onClick={() => score.mutate({ interview_id: interviewId })}>
              {score.isPending ? t("scorecard.scoring") : t("scorecard.score_now")}
            </button>
          </div>
        )}
        <ErrorNotice error={score.error} />
        <p>
          <Link to={`/app/interviews/${interviewId}`}>{t("scorecard.back_to_interview")}</Link>
        </p>
      </>
    );
  }
  const s = card.data;
  const c = readScorecard(s.card);
  const rubric = job.data ? readRubric(job.data.rubric) : null;
  const scaleOf = (name: string): RubricLevel[] => {
    const d = rubric?.dimensions.find((x) => x.name === name);
    return d && d.levels.length > 0 ? d.levels : DEFAULT_SCALE;
  };
  const evidenceTurns = new Set(
    c.dimensions.flatMap((d) => d.evidence.map((e) => e.turn).filter((n): n is number => n !== null)),
  );

  return (
    <>
      <PageHeader
        title={t("scorecard.title_for", { name: s.candidate_name ?? t("candidates.unnamed") })}
        actions={
          <DownloadButton label={t("scorecard.download_pdf")} fetchFile={() => call("reports.pdf", { interview_id: interviewId })} />
        }
      >
        <p>
          <Link to={`/app/jobs/${s.job_id}`}>{s.job_title}</Link> · {t("scorecard.version_n", { version: s.version })} ·{" "}
          <Link to={`/app/interviews/${interviewId}`}>{t("scorecard.back_to_interview")}</Link>
        </p>
      </PageHeader>

      <dl className="kpis">
        <div className="kpi">
          <dt>{t("scorecard.overall")}</dt>
          <dd>
            {c.overall === null ? "—" : formatNumber(c.overall, 0)}
            {c.original_overall !== null && c.original_overall !== c.overall && (
              <span className="hint"> {t("scorecard.before_override", { value: formatNumber(c.original_overall, 0) })}</span>
            )}
          </dd>
        </div>
        {c.recommendation && (
          <div className="kpi">
            <dt>{t("scorecard.recommendation")}</dt>
            <dd>
              {t(`decisions.${c.recommendation.decision.replace(/ /g, "_")}`, { defaultValue: c.recommendation.decision })}
              {c.recommendation.confidence !== null && (
                <span className="hint"> {t("scorecard.confidence", { value: formatPercent(c.recommendation.confidence) })}</span>
              )}
            </dd>
          </div>
        )}
      </dl>
      {c.recommendation && <p className="notice">{t("scorecard.person_decides")}</p>}
      {c.summary && <p className="prewrap">{c.summary}</p>}

      <section className="card" aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t("scorecard.dimension_scores")}</h2>
        <BarChart
          title={t("scorecard.dimension_scores")}
          bars={c.dimensions.map((d) => ({
            label: d.name,
            value: d.score,
            note: d.override ? t("scorecard.overridden_mark") : undefined,
          }))}
        />
      </section>

      {(c.strengths.length > 0 || c.concerns.length > 0) && (
        <div className="grid-2">
          <section className="card">
            <h2>{t("scorecard.strengths")}</h2>
            <ul>{c.strengths.map((x, i) => <li key={i}>{x}</li>)}</ul>
          </section>
          <section className="card">
            <h2>{t("scorecard.concerns")}</h2>
            <ul>{c.concerns.map((x, i) => <li key={i}>{x}</li>)}</ul>
          </section>
        </div>
      )}

      <section aria-labelledby="dims-heading">
        <h2 id="dims-heading">{t("scorecard.dimensions")}</h2>
        {c.dimensions.map((d) => (
          <DimensionCard
            key={d.name}
            d={d}
            interviewId={interviewId}
            scale={scaleOf(d.name)}
            canOverride={can(account, "edit")}
          />
        ))}
      </section>

      {c.flags.length > 0 && (
        <section className="card">
          <h2>{t("scorecard.flags")}</h2>
          <ul>{c.flags.map((f, i) => <li key={i}>{f}</li>)}</ul>
        </section>
      )}
      <details className="card">
        <summary>{t("scorecard.reproducibility")}</summary>
        <dl className="fields">
          {Object.entries(c.reproducibility).map(([k, v]) => (
            <div key={k} className="fields__row">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {c.created_at && <p className="hint">{formatDateTime(c.created_at)}</p>}
      </details>

      <Transcript interviewId={interviewId} live={false} highlight={evidenceTurns} title={t("scorecard.transcript_appendix")} />
    </>
  );
}

function DimensionCard({
  d,
  interviewId,
  scale,
  canOverride,
}: {
  d: ScoreDimension;
  interviewId: string;
  scale: RubricLevel[];
  canOverride: boolean;
}) {
  const { t } = useTranslation();
  return (
    <article className="card dimension" aria-labelledby={`dim-${slug(d.name)}`}>
      <div className="dimension__head">
        <h3 id={`dim-${slug(d.name)}`}>{d.name}</h3>
        <span className={`tag tag--${d.status}`}>{t(`dimension_status.${d.status}`, { defaultValue: d.status })}</span>
        {canOverride && <OverrideDialog d={d} interviewId={interviewId} scale={scale} />}
      </div>
      <dl className="facts-grid facts-grid--compact">
        <div>
          <dt>{t("scorecard.level")}</dt>
          <dd>
            {d.level === null ? "—" : formatNumber(d.level, 1)}
            {d.label ? ` (${d.label})` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("scorecard.score")}</dt>
          <dd>{d.score === null ? "—" : formatNumber(d.score, 0)}</dd>
        </div>
        <div>
          <dt>{t("scorecard.spread")}</dt>
          <dd>
            {d.spread === null ? "—" : formatNumber(d.spread, 1)}
            {d.runs.length > 0 && <span className="hint"> {t("scorecard.runs", { runs: d.runs.join(", ") })}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("scorecard.weight")}</dt>
          <dd>{formatPercent(d.weight, 1)}</dd>
        </div>
      </dl>
      {d.override && (
        <p className="notice notice--warning">
          {t("scorecard.override_by", { level: d.override.level, by: d.override.by, at: formatDateTime(d.override.at) })}{" "}
          <q>{d.override.reason}</q>
        </p>
      )}
      {d.rationale && <p className="prewrap">{d.rationale}</p>}
      {d.note && <p className="hint">{d.note}</p>}
      {d.evidence.length > 0 && (
        <>
          <h4>{t("scorecard.evidence")}</h4>
          {d.evidence.map((e, i) => (
            <blockquote key={i} className="evidence">
              <p className="prewrap">{e.quote}</p>
              {e.turn !== null && (
                <footer className="hint">
                  <a
                    href={`#${turnId(e.turn)}`}
                    onClick={(ev) => {
                      // Scroll, focus and highlight; without the turn on the page, the plain link.
                      if (e.turn !== null && showTurn(e.turn)) ev.preventDefault();
                    }}
                  >
                    {t("scorecard.turn", { n: e.turn + 1 })}
                  </a>
                </footer>
              )}
            </blockquote>
          ))}
        </>
      )}
    </article>
  );
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

const overrideSchema = z.object({
  level: z.number().int(),
  reason: z.string().trim().min(1, "scorecard.reason_required"),
});
type OverrideForm = z.infer<typeof overrideSchema>;

function OverrideDialog({ d, interviewId, scale }: { d: ScoreDimension; interviewId: string; scale: RubricLevel[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const form = useForm<OverrideForm>({
    resolver: zodResolver(overrideSchema),
    defaultValues: { level: Math.round(d.override?.level ?? d.level ?? scale[0]?.score ?? 1), reason: "" },
  });
  const override = useCallMutation("scorecards.override", {
    onSuccess: (s) => {
      queryClient.setQueryData(["scorecards.get", { interview_id: interviewId }], s);
      setOpen(false);
      form.reset({ level: form.getValues("level"), reason: "" });
    },
  });
  const { errors } = form.formState;
  return (
    <Modal
      open={open}
      onOpenChange={setOpen}
      title={t("scorecard.override_title", { name: d.name })}
      description={t("scorecard.override_text")}
      trigger={
        <button type="button" className="button button--small" aria-label={t("scorecard.override_named", { name: d.name })}>
          {t("scorecard.override")}
        </button>
      }
    >
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit((v) =>
          override.mutate({ interview_id: interviewId, dimension: d.name, level: v.level, reason: v.reason.trim() }),
        )}
      >
        <Field label={t("scorecard.new_level")}>
          {({ id }) => (
            <select id={id} {...form.register("level", { valueAsNumber: true })}>
              {scale.map((l) => (
                <option key={l.score} value={l.score}>
                  {l.score}
                  {l.label && l.label !== String(l.score) ? ` – ${l.label}` : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextAreaField
          label={t("scorecard.reason")}
          rows={4}
          hint={t("scorecard.reason_hint")}
          error={errors.reason?.message ? t(errors.reason.message) : undefined}
          {...form.register("reason")}
        />
        <ErrorNotice error={override.error} />
        <div className="actions actions--end">
          <button type="button" className="button" onClick={() => setOpen(false)}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button button--primary" disabled={override.isPending}>
            {t("scorecard.override_save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
