// A candidate's parsed resume; fields the parser was unsure of are marked,
// the contact fields can be corrected, and the original document is beside.
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { confidenceOf, LOW_CONFIDENCE, readResume } from "../api/docs";
import { useCall } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatBytes, formatDateTime, formatPercent } from "../format";
import { experience } from "./Candidates";
import { CorrectionForm, Corrections, OriginalDocument } from "./ParseReview";
import { WorkCorrectionForm } from "./WorkReview";
import { can, useAccount } from "./session";
import { Empty, Hint, PageHeader } from "./ui";

export default function CandidateDetail() {
  const { t } = useTranslation();
  const { candidateId = "" } = useParams();
  const account = useAccount();
  const [correcting, setCorrecting] = useState(false);
  const [correctingWork, setCorrectingWork] = useState(false);
  const detail = useCall("candidates.get", { id: candidateId });
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorNotice error={detail.error} />;
  const { candidate, files } = detail.data;
  const r = readResume(detail.data.resume);
  const conf = (path: string) => confidenceOf(r.confidence, path);
  const lowCount = Object.values(r.confidence).filter((c) => c < LOW_CONFIDENCE).length;

  return (
    <>
      <PageHeader
        title={candidate.name ?? t("candidates.unnamed")}
        actions={
          can(account, "edit") && (
            <Link className="button button--primary" to={`/app/interviews/new?candidate=${candidate.id}`}>
              {t("interviews.schedule")}
            </Link>
          )
        }
      >
        <p className="hint">
          {experience(t, candidate.total_experience_months)} · {t("common.created")} {formatDateTime(candidate.created_at)}
        </p>
      </PageHeader>

      {lowCount > 0 && (
        <p className="notice notice--warning">
          <span className="low-mark" aria-hidden="true">
            !
          </span>{" "}
          {t("candidates.low_confidence_summary", { count: lowCount })}
        </p>
      )}
      {r.warnings.length > 0 && (
        <section className="card">
          <h2>{t("candidates.parser_warnings")}</h2>
          <ul>
            {r.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="basics-heading">
        <h2 id="basics-heading">{t("candidates.contact")}</h2>
        {can(account, "edit") && !correcting && (
          <div className="actions">
            <button type="button" className="button" onClick={() => setCorrecting(true)}>
              {t("candidates.correct")}
            </button>
          </div>
        )}
        {correcting ? (
          <CorrectionForm candidateId={candidate.id} resume={detail.data.resume} onDone={() => setCorrecting(false)} />
        ) : r.basics.length === 0 ? (
          <Empty>{t("candidates.nothing_parsed")}</Empty>
        ) : (
          <dl className="fields">
            {r.basics.map((b) => (
              <ParsedField key={b.path} label={t(`candidates.field_${b.label}`)} confidence={conf(b.path)}>
                <span className={b.label === "summary" ? "prewrap" : undefined}>{b.value}</span>
              </ParsedField>
            ))}
          </dl>
        )}
        <Corrections resume={detail.data.resume} />
      </section>

      <OriginalDocument files={files} />

      <section className="card" aria-labelledby="work-heading">
        <h2 id="work-heading">{t("candidates.work")}</h2>
        {can(account, "edit") && !correctingWork && r.work.length > 0 && (
          <div className="actions">
            <button type="button" className="button" onClick={() => setCorrectingWork(true)}>
              {t("candidates.correct_work")}
            </button>
          </div>
        )}
        {correctingWork ? (
          <WorkCorrectionForm candidateId={candidate.id} resume={detail.data.resume} onDone={() => setCorrectingWork(false)} />
        ) : r.work.length === 0 ? (
          <Empty>{t("common.none")}</Empty>
        ) : (
          <ol className="timeline">
            {r.work.map((w) => (
              <li key={w.path} className={lowClass(conf(w.path))}>
                <LowMarker confidence={conf(w.path)} />
                <strong>{w.title || t("candidates.untitled_role")}</strong>
                {w.org && <> · {w.org}</>}
                <span className="hint">
                  {" "}
                  ({w.start || "?"} – {w.end || t("candidates.present")})
                </span>
                {w.summary && <p className="prewrap">{w.summary}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="edu-heading">
          <h2 id="edu-heading">{t("candidates.education")}</h2>
          {r.education.length === 0 ? (
            <Empty>{t("common.none")}</Empty>
          ) : (
            <ul>
              {r.education.map((e) => (
                <li key={e.path} className={lowClass(conf(e.path))}>
                  <LowMarker confidence={conf(e.path)} />
                  <strong>{e.institution}</strong> {[e.studyType, e.area].filter(Boolean).join(", ")}
                  <span className="hint">
                    {" "}
                    {e.start || e.end ? `(${e.start || "?"} – ${e.end || "?"})` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="skills-heading">
          <h2 id="skills-heading">{t("candidates.skills")}</h2>
          {r.skills.length === 0 ? (
            <Empty>{t("common.none")}</Empty>
          ) : (
            <ul className="tags">
              {r.skills.map((s) => (
                <li key={s.path} className={`tag ${lowClass(conf(s.path))}`}>
                  {s.name}
                  {s.keywords.length > 0 && <span className="hint"> ({s.keywords.join(", ")})</span>}
                </li>
              ))}
            </ul>
          )}
          {r.languages.length > 0 && (
            <>
              <h3>{t("candidates.languages")}</h3>
              <ul>
                {r.languages.map((l) => (
                  <li key={l.path}>
                    {l.language}
                    {l.fluency && <span className="hint"> · {l.fluency}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="files-heading">
        <h2 id="files-heading">{t("candidates.files")}</h2>
        <table className="table table--compact">
          <caption className="visually-hidden">{t("candidates.files")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("candidates.file_name")}</th>
              <th scope="col">{t("candidates.file_type")}</th>
              <th scope="col">{t("candidates.file_size")}</th>
              <th scope="col">{t("common.created")}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.id}>
                <th scope="row">{f.original_name}</th>
                <td>{f.detected_type}</td>
                <td>{formatBytes(f.size_bytes)}</td>
                <td>{formatDateTime(f.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function lowClass(c: number | null): string {
  return c !== null && c < LOW_CONFIDENCE ? "low-confidence" : "";
}

function LowMarker({ confidence }: { confidence: number | null }) {
  const { t } = useTranslation();
  if (confidence === null || confidence >= LOW_CONFIDENCE) return null;
  const label = t("candidates.low_confidence", { value: formatPercent(confidence) });
  return (
    <Hint label={label}>
      <span className="low-mark" tabIndex={0} role="img" aria-label={label}>
        !
      </span>
    </Hint>
  );
}

function ParsedField({ label, confidence, children }: { label: string; confidence: number | null; children: ReactNode }) {
  return (
    <div className={`fields__row ${lowClass(confidence)}`}>
      <dt>
        {label} <LowMarker confidence={confidence} />
      </dt>
      <dd>{children}</dd>
    </div>
  );
}
