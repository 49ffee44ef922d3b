// The watched drop folder (settings.watch_get / settings.watch_set): a
// folder on this machine whose new resumes are imported. The desktop app
// watches it; a server keeps the setting and says it does not watch. The
// latest files are listed with what became of them, refreshed while shown.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCall, useCallMutation } from "../api/hooks";
import type { WatchSettings } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDateTime } from "../format";
import { Empty, TextField } from "./ui";

export function DropFolderPanel() {
  const watch = useCall("settings.watch_get", {}, { refetchInterval: 3000 });
  if (watch.isPending) return <Loading />;
  if (watch.error) return <ErrorNotice error={watch.error} />;
  return <DropFolderForm current={watch.data} />;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function DropFolderForm({ current }: { current: WatchSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [folder, setFolder] = useState(current.folder ?? "");
  const save = useCallMutation("settings.watch_set", {
    onSuccess: (s) => queryClient.setQueryData(["settings.watch_get", {}], s),
  });
  const status = !current.runs_here
    ? t("watch.not_here")
    : current.problem
      ? t("watch.problem", { problem: current.problem })
      : current.watching
        ? t("watch.watching", { folder: current.watching })
        : t("watch.off");
  return (
    <div className="stack">
      <p className="hint">{t("watch.intro")}</p>
      <p role="status" className={current.problem ? "notice notice--warning" : "notice"}>
        {status}
      </p>
      <form
        className="form form--wide"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ folder: folder.trim() || null, settle_secs: null });
        }}
      >
        <TextField label={t("watch.folder")} hint={t("watch.folder_hint")} value={folder} onChange={(e) => setFolder(e.target.value)} />
        <ErrorNotice error={save.error} />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {t("common.save")}
          </button>
          {current.folder && (
            <button
              type="button"
              className="button"
              disabled={save.isPending}
              onClick={() => {
                setFolder("");
                save.mutate({ folder: null, settle_secs: null });
              }}
            >
              {t("watch.stop")}
            </button>
          )}
        </div>
      </form>
      <section aria-labelledby="watch-recent">
        <h2 id="watch-recent">{t("watch.recent")}</h2>
        {current.recent.length === 0 ? (
          <Empty>{t("watch.none_yet")}</Empty>
        ) : (
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t("watch.file")}</th>
                <th scope="col">{t("watch.outcome")}</th>
                <th scope="col">{t("watch.at")}</th>
              </tr>
            </thead>
            <tbody>
              {current.recent.map((r, i) => (
                <tr key={`${r.path}-${r.at}-${i}`}>
                  <td title={r.path}>{fileName(r.path)}</td>
                  <td>
                    {r.candidate_id ? (
                      <Link to={`/app/candidates/${r.candidate_id}`}>{t(`watch.outcome_${r.outcome}`, { defaultValue: r.outcome })}</Link>
                    ) : (
                      <span className={r.outcome === "imported" || r.outcome === "duplicate" ? "" : "tag tag--error"}>
                        {t(`watch.outcome_${r.outcome}`, { defaultValue: r.outcome })}
                      </span>
                    )}
                    {(r.code || r.message) && (
                      <span className="hint">
                        {" "}
                        {[r.code, r.message].filter(Boolean).join(": ")}
                      </span>
                    )}
                  </td>
                  <td>{formatDateTime(r.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
