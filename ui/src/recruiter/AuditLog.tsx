// The company's audit log, newest first, for its administrators: who did
// what to which record, and which calls were refused or failed.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { call, type ApiError } from "../api/client";
import type { AuditEntryDto, AuditPageDto } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDateTime } from "../format";
import { AUDIT_PAGE, auditQuery, filtered, NO_FILTERS, subjectLink, type AuditFilters } from "./audit";
import { DownloadButton, Empty, PageHeader, TextField } from "./ui";

export default function AuditLog() {
  const { t } = useTranslation();
  // What the form shows, and what the list was last asked for.
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const log = useInfiniteQuery<AuditPageDto, ApiError>({
    queryKey: ["audit.list", auditQuery(filters, null, AUDIT_PAGE)],
    queryFn: ({ pageParam }) => call("audit.list", auditQuery(filters, (pageParam as string | null) ?? null, AUDIT_PAGE)),
    initialPageParam: null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = log.data?.pages.flatMap((p) => p.entries) ?? [];
  const failuresId = useId();
  const set = (patch: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <>
      <PageHeader
        title={t("audit.title")}
        actions={<DownloadButton label={t("audit.download_csv")} fetchFile={() => call("audit.csv", auditQuery(filters))} />}
      >
        <p className="hint">{t("audit.intro")}</p>
      </PageHeader>
      <form
        className="card audit-filters"
        aria-label={t("audit.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div className="audit-filters__fields">
          <TextField
            label={t("audit.actor")}
            hint={t("audit.actor_hint")}
            value={draft.actor}
            onChange={(e) => set({ actor: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            label={t("audit.action")}
            hint={t("audit.action_hint")}
            value={draft.action}
            onChange={(e) => set({ action: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            label={t("audit.subject")}
            hint={t("audit.subject_hint")}
            value={draft.subject}
            onChange={(e) => set({ subject: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="checkbox">
          <input
            id={failuresId}
            type="checkbox"
            checked={draft.failuresOnly}
            onChange={(e) => set({ failuresOnly: e.target.checked })}
          />
          <label htmlFor={failuresId}>{t("audit.failures_only")}</label>
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary">
            {t("audit.apply")}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
            }}
          >
            {t("audit.clear")}
          </button>
        </div>
      </form>
      <ErrorNotice error={log.error} />
      {log.isPending && <Loading />}
      {log.data && rows.length === 0 && <Empty>{filtered(filters) ? t("audit.none_matching") : t("audit.none")}</Empty>}
      {rows.length > 0 && (
        <>
          <table className="table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.who")}</th>
                <th scope="col">{t("audit.role")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.subject")}</th>
                <th scope="col">{t("audit.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <Row key={e.id} entry={e} />
              ))}
            </tbody>
          </table>
          <div className="actions">
            {log.hasNextPage && (
              <button type="button" className="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? t("common.loading") : t("audit.older")}
              </button>
            )}
            <p role="status" aria-live="polite" className="hint">
              {log.hasNextPage ? t("audit.shown", { count: rows.length }) : t("audit.all_shown", { count: rows.length })}
            </p>
          </div>
        </>
      )}
    </>
  );
}

function Row({ entry: e }: { entry: AuditEntryDto }) {
  const { t } = useTranslation();
  const to = subjectLink(e.action, e.subject);
  const ok = e.outcome === "ok";
  const why = ok ? "" : t(`errors.${e.outcome}`, { defaultValue: "" });
  return (
    <tr>
      <td>
        <time dateTime={e.at}>{formatDateTime(e.at)}</time>
      </td>
      <td>{actorLabel(t, e.actor)}</td>
      <td>{e.role ? t(`roles.${e.role}`, { defaultValue: e.role }) : "—"}</td>
      <td>
        <code>{e.action}</code>
      </td>
      <td className="audit__id">{e.subject === null ? "—" : to ? <Link to={to}>{e.subject}</Link> : e.subject}</td>
      <td>
        {ok ? (
          <span className="tag">{t("audit.ok")}</span>
        ) : (
          <>
            <span className="tag tag--error">{e.outcome}</span>
            {why && <span className="hint audit__why">{why}</span>}
          </>
        )}
      </td>
    </tr>
  );
}

/** An e-mail as it is; the server's "candidate" and "anonymous" in words. */
function actorLabel(t: (k: string) => string, actor: string): string {
  if (actor === "candidate") return t("audit.actor_candidate");
  if (actor === "anonymous") return t("audit.actor_anonymous");
  return actor;
}
