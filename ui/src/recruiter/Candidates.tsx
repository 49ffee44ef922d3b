import * as Tabs from "@radix-ui/react-tabs";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { call, type ApiError } from "../api/client";
import type { CandidatePageDto } from "../api/dto";
import { useCall } from "../api/hooks";
import { ErrorNotice, useErrorText } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatBytes, formatDate, formatNumber } from "../format";
import { can, useAccount } from "./session";
import { Empty, PageHeader, ProgressBar } from "./ui";
import { ACCEPTED, uploadAll, type UploadItem } from "./upload";

const PAGE = 50;

export default function Candidates() {
  const { t } = useTranslation();
  const account = useAccount();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const mode: SearchMode = params.get("mode") === "meaning" ? "meaning" : "words";
  return (
    <>
      <PageHeader title={t("candidates.title")} />
      {can(account, "edit") && <UploadArea />}
      <Tabs.Root
        className="tabs"
        value={query || params.has("mode") ? "search" : (params.get("tab") ?? "all")}
        onValueChange={(v) => setParams(v === "all" ? {} : { tab: v }, { replace: true })}
      >
        <Tabs.List className="tabs__list" aria-label={t("candidates.views")}>
          <Tabs.Trigger value="all" className="tabs__trigger">
            {t("candidates.all")}
          </Tabs.Trigger>
          <Tabs.Trigger value="search" className="tabs__trigger">
            {t("candidates.search")}
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="all" className="tabs__panel">
          <CandidateList />
        </Tabs.Content>
        <Tabs.Content value="search" className="tabs__panel">
          <Search
            initial={query}
            mode={mode}
            onSearch={(q, m) =>
              setParams({ tab: "search", ...(q ? { q } : {}), ...(m === "meaning" ? { mode: m } : {}) }, { replace: true })
            }
          />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

function UploadArea() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [over, setOver] = useState(false);
  const counter = useRef(0);

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }, []);

  const add = (list: FileList | File[] | null) => {
    if (!list || list.length === 0) return;
    const files = Array.from(list).map((file) => ({ key: `u${++counter.current}`, file }));
    setItems((all) => [
      ...files.map(({ key, file }) => ({ key, name: file.name, size: file.size, status: "queued" as const, progress: 0 })),
      ...all,
    ]);
    void uploadAll(files, update).then(() => {
      void queryClient.invalidateQueries({ queryKey: ["candidates.list"] });
    });
  };

  const done = items.filter((i) => i.status === "done" || i.status === "duplicate").length;
  const failed = items.filter((i) => i.status === "error").length;
  const active = items.length - done - failed;

  return (
    <section className="card" aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t("upload.title")}</h2>
      <div
        className={`dropzone ${over ? "dropzone--over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          add(e.dataTransfer.files);
        }}
      >
        <p>{t("upload.drop_here")}</p>
        <label htmlFor={inputId} className="button">
          {t("upload.choose")}
        </label>
        <input
          id={inputId}
          className="visually-hidden-focusable"
          type="file"
          multiple
          accept={ACCEPTED}
          onChange={(e) => {
            add(e.target.files);
            e.target.value = "";
          }}
        />
        <p className="hint">{t("upload.hint")}</p>
      </div>
      <p role="status" aria-live="polite" className="hint">
        {items.length > 0 && t("upload.summary", { done, failed, active })}
      </p>
      {items.length > 0 && (
        <ul className="uploads">
          {items.map((i) => (
            <li key={i.key} className={`upload upload--${i.status}`}>
              <span className="upload__name">{i.name}</span>
              <span className="hint">{formatBytes(i.size)}</span>
              <span className="upload__status">{t(`upload.status_${i.status}`)}</span>
              {(i.status === "reading" || i.status === "uploading" || i.status === "queued") && (
                <ProgressBar label={t("upload.progress_of", { name: i.name })} value={i.progress} />
              )}
              {i.result && (
                <Link to={`/app/candidates/${i.result.candidate_id}`}>{t("upload.open_candidate")}</Link>
              )}
              {i.error && (
                <span className="error-text">
                  {errorText(i.error)} <span className="notice__code">({i.error.code})</span>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CandidateList() {
  const { t } = useTranslation();
  const list = useInfiniteQuery<CandidatePageDto, ApiError>({
    queryKey: ["candidates.list", { limit: PAGE }],
    queryFn: ({ pageParam }) => call("candidates.list", { limit: PAGE, after: (pageParam as string | null) ?? null }),
    initialPageParam: null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorNotice error={list.error} />;
  const rows = list.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <Empty>{t("candidates.none")}</Empty>;
  return (
    <>
      <table className="table">
        <caption className="visually-hidden">{t("candidates.all")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("candidates.name")}</th>
            <th scope="col">{t("candidates.email")}</th>
            <th scope="col">{t("candidates.phone")}</th>
            <th scope="col">{t("candidates.experience")}</th>
            <th scope="col">{t("common.created")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link to={`/app/candidates/${c.id}`}>{c.name ?? t("candidates.unnamed")}</Link>
              </th>
              <td>{c.email ?? "—"}</td>
              <td>{c.phone ?? "—"}</td>
              <td>{experience(t, c.total_experience_months)}</td>
              <td>{formatDate(c.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {list.hasNextPage ? (
          <button type="button" className="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {list.isFetchingNextPage ? t("common.loading") : t("candidates.load_more")}
          </button>
        ) : (
          <p className="hint">{t("candidates.end_of_list", { count: rows.length })}</p>
        )}
      </div>
    </>
  );
}

export function experience(t: (k: string, o?: Record<string, unknown>) => string, months: number | null): string {
  if (months === null) return "—";
  return t("candidates.years", { value: formatNumber(months / 12, 1) });
}

/** `candidates.search`'s modes: full text, or by meaning (the sentence model). */
export type SearchMode = "words" | "meaning";

function Search({
  initial,
  mode: initialMode,
  onSearch,
}: {
  initial: string;
  mode: SearchMode;
  onSearch: (q: string, mode: SearchMode) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(initial);
  const [q, setQ] = useState(initial);
  // The mode shown is this component's own: the address follows it (the
  // router's navigation is asynchronous, and a radio must be checked the
  // moment it is clicked).
  const [mode, setMode] = useState(initialMode);
  // Search as one types, after a pause.
  useEffect(() => {
    const h = setTimeout(() => {
      setQ(text.trim());
      onSearch(text.trim(), mode);
    }, 300);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, mode]);
  const hits = useCall("candidates.search", { query: q, limit: 50, mode }, { enabled: q.length > 0 });
  const meaning = mode === "meaning";
  return (
    <div className="stack">
      <form role="search" onSubmit={(e) => e.preventDefault()} className="search">
        <fieldset className="segmented">
          <legend>{t("candidates.search_mode")}</legend>
          {(["words", "meaning"] as const).map((m) => (
            <label key={m} className="segmented__option">
              <input
                type="radio"
                name={`${id}-mode`}
                value={m}
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  onSearch(text.trim(), m);
                }}
              />
              {t(`candidates.mode_${m}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor={id}>{meaning ? t("candidates.search_label_meaning") : t("candidates.search_label")}</label>
        <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="hint">
          {meaning ? t("candidates.search_hint_meaning") : t("candidates.search_hint")}
        </p>
      </form>
      <ErrorNotice error={hits.error} />
      {q && hits.isFetching && <Loading />}
      <p role="status" aria-live="polite" className="hint">
        {q && hits.data ? t("candidates.hits", { count: hits.data.length }) : ""}
      </p>
      {hits.data && hits.data.length > 0 && (
        <ul className="hits">
          {hits.data.map((h) => (
            <li key={h.candidate.id} className="card hit">
              <h3>
                <Link to={`/app/candidates/${h.candidate.id}`}>{h.candidate.name ?? t("candidates.unnamed")}</Link>
              </h3>
              {/* The snippet is plain text, rendered as text. */}
              {meaning && <p className="hint">{t("candidates.matching_evidence")}</p>}
              <p className="snippet">{h.snippet}</p>
              <p className="hint">
                {h.candidate.email ? `${h.candidate.email} · ` : ""}
                {meaning
                  ? t("candidates.similarity", { value: formatNumber(h.score, 2) })
                  : t("candidates.relevance", { value: formatNumber(h.score, 2) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
