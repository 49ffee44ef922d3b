// Adverse impact by self-identified group (fairness.report): selection
// rates, impact ratios (four-fifths rule), Fisher's exact test, LL144.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { readFairness } from "../api/docs";
import { useCall } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatNumber, formatPercent } from "../format";
import { Empty, PageHeader } from "./ui";

const CATEGORIES = ["sex", "gender", "race", "age", "disability", "veteran", "sex+race"];

export default function Fairness() {
  const { t } = useTranslation();
  const { jobId = "" } = useParams();
  const job = useCall("jobs.get", { id: jobId });
  const [draft, setDraft] = useState("sex");
  const [category, setCategory] = useState("sex");
  const report = useCall("fairness.report", { job_id: jobId, category }, { enabled: category.length > 0 });
  const id = useId();
  const r = report.data === undefined ? null : readFairness(report.data);

  return (
    <>
      <PageHeader title={t("fairness.title")}>
        <p>
          <Link to={`/app/jobs/${jobId}`}>{job.data?.title ?? t("common.loading")}</Link>
        </p>
        <p className="hint">{t("fairness.intro")}</p>
      </PageHeader>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCategory(draft.trim());
        }}
      >
        <div className="field field--inline">
          <label htmlFor={id}>{t("fairness.category")}</label>
          <input id={id} list={`${id}-list`} value={draft} onChange={(e) => setDraft(e.target.value)} aria-describedby={`${id}-hint`} />
          <datalist id={`${id}-list`}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="button">
          {t("fairness.show")}
        </button>
        <p id={`${id}-hint`} className="hint">
          {t("fairness.category_hint")}
        </p>
      </form>
      <ErrorNotice error={report.error} />
      {report.isFetching && <Loading />}
      {r && (
        <>
          <dl className="kpis">
            <div className="kpi">
              <dt>{t("fairness.candidates")}</dt>
              <dd>{r.candidates}</dd>
            </div>
            <div className="kpi">
              <dt>{t("fairness.declined")}</dt>
              <dd>{r.declined}</dd>
            </div>
            <div className="kpi">
              <dt>{t("fairness.not_recorded")}</dt>
              <dd>{r.not_recorded}</dd>
            </div>
            <div className="kpi">
              <dt>{t("fairness.median")}</dt>
              <dd>{r.median_score === null ? "—" : formatNumber(r.median_score, 1)}</dd>
            </div>
          </dl>
          {r.groups.length === 0 ? (
            <Empty>{t("fairness.no_groups")}</Empty>
          ) : (
            <table className="table">
              <caption>{t("fairness.table_caption", { category: r.category, reference: r.reference_group ?? "—" })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("fairness.group")}</th>
                  <th scope="col">{t("fairness.n")}</th>
                  <th scope="col">{t("fairness.selected")}</th>
                  <th scope="col">{t("fairness.rate")}</th>
                  <th scope="col">{t("fairness.impact_ratio")}</th>
                  <th scope="col">{t("fairness.four_fifths")}</th>
                  <th scope="col">{t("fairness.fisher_p")}</th>
                  <th scope="col">{t("fairness.ll144")}</th>
                </tr>
              </thead>
              <tbody>
                {r.groups.map((g) => (
                  <tr key={g.group}>
                    <th scope="row">
                      {g.group}
                      {g.warning && <div className="hint">{g.warning}</div>}
                    </th>
                    <td>{g.n}</td>
                    <td>{g.selected}</td>
                    <td>{formatPercent(g.rate, 1)}</td>
                    <td>{g.impact_ratio === null ? "—" : formatNumber(g.impact_ratio, 2)}</td>
                    <td>
                      {g.four_fifths_ok === null ? (
                        "—"
                      ) : g.four_fifths_ok ? (
                        <span className="ok">{t("fairness.ok")}</span>
                      ) : (
                        <span className="bad">{t("fairness.adverse")}</span>
                      )}
                    </td>
                    <td>{g.fisher_p === null ? "—" : formatNumber(g.fisher_p, 3)}</td>
                    <td>{g.ll144_impact_ratio === null ? "—" : formatNumber(g.ll144_impact_ratio, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.notes.length > 0 && (
            <ul className="hint">
              {r.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
