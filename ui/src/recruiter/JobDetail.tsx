import * as Tabs from "@radix-ui/react-tabs";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { call } from "../api/client";
import {
  readAnalysis,
  readRanked,
  readRubric,
  readSkipped,
  type JobAnalysis,
  type RankedCandidate,
  type RequirementMatch,
} from "../api/docs";
import { useProgress } from "../api/events";
import { useCall, useCallMutation } from "../api/hooks";
import type { ApiError } from "../api/client";
import type { RankingDto } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatNumber } from "../format";
import { JobSettingsPanel } from "./JobSettings";
import { PipelinePanel, StageSelect } from "./Pipeline";
import { RubricEditor } from "./RubricEditor";
import { can, useAccount } from "./session";
import { DownloadButton, Empty, PageHeader, ProgressBar } from "./ui";

const TABS = ["analysis", "rubric", "settings", "ranking", "pipeline", "scorecards", "team"] as const;
type Tab = (typeof TABS)[number];

export default function JobDetail() {
  const { t } = useTranslation();
  const { jobId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const account = useAccount();
  const job = useCall("jobs.get", { id: jobId });
  const queryClient = useQueryClient();
  const setStatus = useCallMutation("jobs.set_status", {
    onSuccess: (j) => {
      queryClient.setQueryData(["jobs.get", { id: jobId }], j);
      void queryClient.invalidateQueries({ queryKey: ["jobs.list"] });
    },
  });
  const tab = (TABS as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "analysis";

  if (job.isPending) return <Loading />;
  if (job.error) return <ErrorNotice error={job.error} />;
  const analysis = readAnalysis(job.data.analysis);
  const rubric = readRubric(job.data.rubric);
  const closed = job.data.status === "closed";

  return (
    <>
      <PageHeader
        title={closed ? t("jobs.title_closed", { title: job.data.title }) : job.data.title}
        actions={
          <>
            {can(account, "edit") && (
              <button
                type="button"
                className="button"
                disabled={setStatus.isPending}
                onClick={() => setStatus.mutate({ id: jobId, status: closed ? "open" : "closed" })}
              >
                {closed ? t("jobs.reopen") : t("jobs.close")}
              </button>
            )}
            {can(account, "fairness") && (
              <Link className="button" to={`/app/jobs/${jobId}/fairness`}>
                {t("fairness.title")}
              </Link>
            )}
            {can(account, "edit") && !closed && (
              <Link className="button button--primary" to={`/app/interviews/new?job=${jobId}`}>
                {t("interviews.new")}
              </Link>
            )}
          </>
        }
      />
      <ErrorNotice error={setStatus.error} />
      {closed && <p className="notice">{t("jobs.closed_notice")}</p>}
      <Tabs.Root
        value={tab}
        onValueChange={(v) => setParams((p) => ({ ...Object.fromEntries(p), tab: v }), { replace: true })}
        className="tabs"
      >
        <Tabs.List className="tabs__list" aria-label={t("jobs.sections")}>
          {TABS.map((k) => (
            <Tabs.Trigger key={k} value={k} className="tabs__trigger">
              {t(`jobs.tab_${k}`)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="analysis" className="tabs__panel">
          <AnalysisPanel analysis={analysis} />
        </Tabs.Content>
        <Tabs.Content value="rubric" className="tabs__panel">
          <RubricEditor rubric={rubric} version={job.data.rubric_version} jobId={jobId} />
        </Tabs.Content>
        <Tabs.Content value="settings" className="tabs__panel">
          <JobSettingsPanel jobId={jobId} canEdit={can(account, "edit")} />
        </Tabs.Content>
        <Tabs.Content value="ranking" className="tabs__panel">
          <RankingPanel jobId={jobId} canRank={can(account, "edit")} />
        </Tabs.Content>
        <Tabs.Content value="pipeline" className="tabs__panel">
          <PipelinePanel jobId={jobId} canEdit={can(account, "edit")} />
        </Tabs.Content>
        <Tabs.Content value="scorecards" className="tabs__panel">
          <ScorecardsPanel jobId={jobId} />
        </Tabs.Content>
        <Tabs.Content value="team" className="tabs__panel">
          <TeamPanel jobId={jobId} />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

function AnalysisPanel({ analysis }: { analysis: JobAnalysis }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <dl className="facts-grid">
        <div>
          <dt>{t("jobs.seniority")}</dt>
          <dd>{analysis.seniority ?? t("common.not_stated")}</dd>
        </div>
        <div>
          <dt>{t("jobs.min_years")}</dt>
          <dd>{analysis.min_years ?? t("common.not_stated")}</dd>
        </div>
        <div>
          <dt>{t("jobs.location")}</dt>
          <dd>{analysis.location ?? t("common.not_stated")}</dd>
        </div>
        <div>
          <dt>{t("jobs.remote")}</dt>
          <dd>{analysis.remote === null ? t("common.not_stated") : analysis.remote ? t("common.yes") : t("common.no")}</dd>
        </div>
      </dl>
      <div className="grid-2">
        <RequirementList title={t("jobs.must_haves")} items={analysis.must_have} />
        <RequirementList title={t("jobs.nice_to_haves")} items={analysis.nice_to_have} />
      </div>
      {analysis.soft_skills.length > 0 && <RequirementList title={t("jobs.soft_skills")} items={analysis.soft_skills} />}
      {analysis.responsibilities.length > 0 && (
        <section className="card">
          <h2>{t("jobs.responsibilities")}</h2>
          <ul>
            {analysis.responsibilities.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RequirementList({ title, items }: { title: string; items: JobAnalysis["must_have"] }) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2>{title}</h2>
      {items.length === 0 ? (
        <Empty>{t("common.none")}</Empty>
      ) : (
        <ul className="req-list">
          {items.map((r, i) => (
            <li key={`${r.skill}-${i}`}>
              <strong>{r.skill}</strong> <span className="tag">{t(`jobs.kind_${r.kind}`, { defaultValue: r.kind })}</span>
              {r.evidence && <q className="quote">{r.evidence}</q>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RankingPanel({ jobId, canRank }: { jobId: string; canRank: boolean }) {
  const { t } = useTranslation();
  const progress = useProgress("jobs.rank");
  const ranking = useQuery<RankingDto, ApiError>({
    queryKey: ["jobs.rank", { id: jobId }],
    queryFn: () => call("jobs.rank", { id: jobId }),
    enabled: false,
    staleTime: Infinity,
  });
  const pipeline = useCall("applications.list", { job_id: jobId, status: null }, { enabled: !!ranking.data });
  const stageOf = new Map((pipeline.data?.applications ?? []).map((a) => [a.candidate_id, a.status]));
  const candidates = ranking.data ? readRanked(ranking.data.candidates) : [];
  const skipped = ranking.data ? readSkipped(ranking.data.skipped) : [];
  const running = ranking.isFetching;
  return (
    <div className="stack">
      <h2 className="visually-hidden">{t("jobs.tab_ranking")}</h2>
      <div className="actions">
        {canRank && (
          <button type="button" className="button button--primary" disabled={running} onClick={() => void ranking.refetch()}>
            {ranking.data ? t("ranking.rerun") : t("ranking.run")}
          </button>
        )}
      </div>
      {running && (
        <div role="status" aria-live="polite" className="stack">
          <span>
            {progress && progress.total > 0
              ? t(`ranking.note_${progress.note}`, {
                  defaultValue: progress.note,
                }) + ` ${progress.done}/${progress.total}`
              : t("ranking.running")}
          </span>
          <ProgressBar
            label={t("ranking.progress")}
            value={progress && progress.total > 0 ? (progress.done / progress.total) * 100 : null}
          />
        </div>
      )}
      <ErrorNotice error={ranking.error} />
      {!ranking.data && !running && <Empty>{t("ranking.not_run")}</Empty>}
      {ranking.data && candidates.length === 0 && <Empty>{t("ranking.no_candidates")}</Empty>}
      {candidates.length > 0 && (
        <ol className="ranking">
          {candidates.map((c, i) => (
            <RankedRow
              key={c.candidate_id}
              rank={i + 1}
              c={c}
              jobId={jobId}
              canEdit={canRank}
              stage={stageOf.get(c.candidate_id) ?? null}
            />
          ))}
        </ol>
      )}
      {skipped.length > 0 && (
        <section className="card">
          <h2>{t("ranking.skipped")}</h2>
          <ul>
            {skipped.map((s) => (
              <li key={s.candidate_id}>
                <Link to={`/app/candidates/${s.candidate_id}`}>{s.candidate_id.slice(0, 8)}</Link>:{" "}
                {t(`errors.${s.code}`, { defaultValue: s.message })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RankedRow({
  rank,
  c,
  jobId,
  canEdit,
  stage,
}: {
  rank: number;
  c: RankedCandidate;
  jobId: string;
  canEdit: boolean;
  stage: string | null;
}) {
  const { t } = useTranslation();
  const met = c.must_have.filter((m) => m.met).length;
  const name = c.name ?? t("candidates.unnamed");
  return (
    <li className="card ranking__row">
      <div className="ranking__head">
        <span className="ranking__rank" aria-hidden="true">
          {rank}
        </span>
        <div>
          <h3>
            <span className="visually-hidden">{t("ranking.rank_n", { n: rank })} </span>
            <Link to={`/app/candidates/${c.candidate_id}`}>{name}</Link>
          </h3>
          <p className="hint">
            {t("ranking.score", { score: formatNumber(c.score, 0) })} ·{" "}
            {t("ranking.must_met", { met, total: c.must_have.length })} · {experienceText(t, c)}
          </p>
        </div>
        <div className="ranking__actions">
          {canEdit && (
            <>
              <Link className="button button--small" to={`/app/interviews/new?job=${jobId}&candidate=${c.candidate_id}`}>
                {t("interviews.schedule")}
              </Link>
              <StageSelect jobId={jobId} candidateId={c.candidate_id} current={stage} name={name} />
            </>
          )}
        </div>
      </div>
      <details>
        <summary>{t("ranking.why")}</summary>
        <div className="grid-2">
          <MatchList title={t("jobs.must_haves")} items={c.must_have} />
          <MatchList title={t("jobs.nice_to_haves")} items={c.nice_to_have} />
        </div>
      </details>
    </li>
  );
}

function experienceText(t: (k: string, o?: Record<string, unknown>) => string, c: RankedCandidate): string {
  const e = c.experience;
  const have = e.candidate_years === null ? "—" : formatNumber(e.candidate_years, 1);
  if (e.required_years === null) return t("ranking.years_have", { have });
  return t("ranking.years_vs", { have, need: e.required_years });
}

function MatchList({ title, items }: { title: string; items: RequirementMatch[] }) {
  const { t } = useTranslation();
  return (
    <section>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="hint">{t("common.none")}</p>
      ) : (
        <ul className="matches">
          {items.map((m, i) => (
            <li key={`${m.skill}-${i}`} className={m.met ? "match match--met" : "match match--missing"}>
              <span className="match__mark" aria-hidden="true">
                {m.met ? "✓" : "✗"}
              </span>
              <span className="visually-hidden">{m.met ? t("ranking.met") : t("ranking.not_met")}: </span>
              <strong>{m.skill}</strong>
              {m.similarity !== null && (
                <span className="hint"> ({t("ranking.similarity", { value: formatNumber(m.similarity, 2) })})</span>
              )}
              {m.evidence && <q className="quote">{m.evidence}</q>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ScorecardsPanel({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const cards = useCall("scorecards.job", { id: jobId });
  return (
    <div className="stack">
      <div className="actions">
        <DownloadButton label={t("scorecard.download_csv")} fetchFile={() => call("reports.csv", { id: jobId })} />
      </div>
      <ErrorNotice error={cards.error} />
      {cards.isPending && <Loading />}
      {cards.data?.length === 0 && <Empty>{t("scorecard.none_for_job")}</Empty>}
      {cards.data && cards.data.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t("jobs.tab_scorecards")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("candidates.name")}</th>
              <th scope="col">{t("scorecard.overall")}</th>
              <th scope="col">{t("scorecard.version")}</th>
            </tr>
          </thead>
          <tbody>
            {cards.data.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/app/interviews/${s.interview_id}/scorecard`}>{s.candidate_name ?? t("candidates.unnamed")}</Link>
                </th>
                <td>{s.overall === null ? "—" : formatNumber(s.overall, 0)}</td>
                <td>{s.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function TeamPanel({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const account = useAccount();
  const mayList = can(account, "manage_users");
  const users = useCall("users.list", {}, { enabled: mayList });
  const assign = useCallMutation("jobs.assign");
  const [userId, setUserId] = useState("");
  const selectId = useId();
  if (!can(account, "edit")) return <Empty>{t("team.read_only")}</Empty>;
  if (!mayList) return <Empty>{t("team.needs_admin")}</Empty>;
  const managers = users.data?.filter((u) => u.role === "hiring_manager") ?? [];
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (userId) assign.mutate({ job_id: jobId, user_id: userId });
      }}
    >
      <p>{t("team.intro")}</p>
      <ErrorNotice error={users.error ?? assign.error} />
      <div className="field">
        <label htmlFor={selectId}>{t("team.hiring_manager")}</label>
        <select id={selectId} value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">{t("team.choose")}</option>
          {managers.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ? `${u.name} <${u.email}>` : u.email}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--primary" disabled={!userId || assign.isPending}>
        {t("team.assign")}
      </button>
      {assign.isSuccess && <p role="status">{t("team.assigned")}</p>}
    </form>
  );
}
