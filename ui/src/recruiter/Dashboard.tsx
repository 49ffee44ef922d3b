import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { call } from "../api/client";
import { useCall } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDate, formatNumber } from "../format";
import { BarChart, DownloadButton, Empty, PageHeader } from "./ui";

export default function Dashboard() {
  const { t } = useTranslation();
  const jobs = useCall("jobs.list", {});
  const [jobId, setJobId] = useState<string>("");
  const [since, setSince] = useState<string>("");
  const input = { job_id: jobId || null, since: since || null };
  const analytics = useCall("analytics.get", input);
  const jobSelect = useId();
  const sinceId = useId();

  const open = jobs.data?.filter((j) => j.status === "open");
  const a = analytics.data;
  const funnelMax = a ? Math.max(1, ...a.funnel.map((s) => s.count)) : 1;

  return (
    <>
      <PageHeader
        title={t("dashboard.title")}
        actions={<DownloadButton label={t("dashboard.download_csv")} fetchFile={() => call("analytics.csv", input)} />}
      />
      <div className="filters" role="group" aria-label={t("dashboard.filters")}>
        <div className="field field--inline">
          <label htmlFor={jobSelect}>{t("dashboard.job")}</label>
          <select id={jobSelect} value={jobId} onChange={(e) => setJobId(e.target.value)}>
            <option value="">{t("dashboard.all_jobs")}</option>
            {jobs.data?.map((j) => (
              <option key={j.id} value={j.id}>
                {j.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={sinceId}>{t("dashboard.since")}</label>
          <input id={sinceId} type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </div>
      </div>
      <ErrorNotice error={analytics.error} />
      {analytics.isPending && <Loading />}
      {a && (
        <>
          <section aria-labelledby="kpi-heading">
            <h2 id="kpi-heading" className="visually-hidden">
              {t("dashboard.figures")}
            </h2>
            <dl className="kpis">
              <div className="kpi">
                <dt>{t("dashboard.average_score")}</dt>
                <dd>{a.average_score === null ? "—" : formatNumber(a.average_score, 1)}</dd>
              </div>
              <div className="kpi">
                <dt>{t("dashboard.scorecards")}</dt>
                <dd>{formatNumber(a.scorecards)}</dd>
              </div>
              <div className="kpi">
                <dt>{t("dashboard.time_to_hire")}</dt>
                <dd>
                  {a.time_to_hire_days === null
                    ? "—"
                    : t("dashboard.days", { count: Math.round(a.time_to_hire_days), value: formatNumber(a.time_to_hire_days, 1) })}
                </dd>
              </div>
              <div className="kpi">
                <dt>{t("dashboard.interviews_total")}</dt>
                <dd>{formatNumber(a.interviews_per_day.reduce((s, d) => s + d.interviews, 0))}</dd>
              </div>
            </dl>
          </section>
          <div className="grid-2">
            <section aria-labelledby="per-day-heading" className="card">
              <h2 id="per-day-heading">{t("dashboard.interviews_per_day")}</h2>
              {a.interviews_per_day.length === 0 ? (
                <Empty>{t("dashboard.no_interviews")}</Empty>
              ) : (
                <DayChart days={a.interviews_per_day.map((d) => ({ day: d.day, n: d.interviews }))} />
              )}
            </section>
            <section aria-labelledby="funnel-heading" className="card">
              <h2 id="funnel-heading">{t("dashboard.funnel")}</h2>
              <BarChart
                title={t("dashboard.funnel")}
                max={funnelMax}
                bars={a.funnel.map((s) => ({
                  label: t(`stages.${s.stage.replace(/ /g, "_")}`, { defaultValue: s.stage }),
                  value: s.count,
                }))}
              />
            </section>
          </div>
        </>
      )}
      <section aria-labelledby="open-jobs-heading" className="card">
        <h2 id="open-jobs-heading">{t("dashboard.open_jobs")}</h2>
        <ErrorNotice error={jobs.error} />
        {open && open.length === 0 && (
          <Empty>
            {t("jobs.none_open")} <Link to="/app/jobs/new">{t("jobs.new")}</Link>
          </Empty>
        )}
        {open && open.length > 0 && (
          <ul className="link-list">
            {open.map((j) => (
              <li key={j.id}>
                <Link to={`/app/jobs/${j.id}`}>{j.title}</Link>{" "}
                <span className="hint">
                  {t("jobs.counts", { ranked: j.candidates_ranked, interviews: j.interviews })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Interviews per day as columns (plain SVG) with a table for screen readers. */
function DayChart({ days }: { days: { day: string; n: number }[] }) {
  const { t } = useTranslation();
  const shown = days.slice(-60);
  const max = Math.max(1, ...shown.map((d) => d.n));
  const w = 560;
  const h = 160;
  const colW = w / shown.length;
  return (
    <>
      <svg viewBox={`0 0 ${w} ${h + 20}`} width="100%" role="img" aria-label={t("dashboard.interviews_per_day")}>
        {shown.map((d, i) => {
          const bh = (d.n / max) * h;
          return (
            <rect key={d.day} x={i * colW + 1} y={h - bh} width={Math.max(1, colW - 2)} height={bh} className="chart__bar">
              <title>{`${formatDate(d.day)}: ${d.n}`}</title>
            </rect>
          );
        })}
        <text x={0} y={h + 16} className="chart__tick">
          {formatDate(shown[0]?.day)}
        </text>
        <text x={w} y={h + 16} className="chart__tick" textAnchor="end">
          {formatDate(shown[shown.length - 1]?.day)}
        </text>
      </svg>
      <details>
        <summary>{t("common.show_table")}</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.day")}</th>
              <th scope="col">{t("nav.interviews")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr key={d.day}>
                <td>{formatDate(d.day)}</td>
                <td>{d.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
