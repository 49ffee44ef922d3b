// The local GGUF models found on the server's machine (settings.models),
// each with the memory it needs against what is free now: choosing one
// fills the settings form's model path; a model that would not fit, or a
// file that is not a GGUF, cannot be chosen and says why.
import { useTranslation } from "react-i18next";
import { useCall } from "../api/hooks";
import type { LocalModelInfo } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatNumber } from "../format";

/** Why a model cannot be chosen, as an i18n key and its values; null when it can. */
export function unusable(m: LocalModelInfo, engine: boolean): { key: string; values?: Record<string, string> } | null {
  if (!engine) return { key: "settings.gguf_no_engine" };
  if (m.problem) return { key: "settings.gguf_problem", values: { problem: m.problem } };
  if (!m.fits) return { key: "settings.gguf_too_big" };
  return null;
}

export function LocalModelPicker({ value, onChoose }: { value: string; onChoose: (path: string) => void }) {
  const { t } = useTranslation();
  const models = useCall("settings.models", {});
  if (models.isPending) return <Loading />;
  if (models.error) return <ErrorNotice error={models.error} />;
  const m = models.data;
  const mb = (n: number) => t("settings.gguf_mb", { n: formatNumber(n) });
  return (
    <fieldset className="model-picker">
      <legend>{t("settings.gguf_found", { folder: m.folder })}</legend>
      <p className="hint">
        {m.available_mb === null ? t("settings.gguf_memory_unknown") : t("settings.gguf_memory", { free: mb(m.available_mb) })}
        {!m.engine && <> {t("settings.gguf_no_engine")}</>}
      </p>
      {!m.configured_present && (
        <p className="notice notice--warning" role="status">
          {t("settings.gguf_missing", { path: m.configured })}
        </p>
      )}
      {m.models.length === 0 ? (
        <p className="hint">{t("settings.gguf_none")}</p>
      ) : (
        <ul className="model-picker__list">
          {m.models.map((model, i) => {
            const why = unusable(model, m.engine);
            const id = `gguf-${i}`;
            return (
              <li key={model.path} className={why ? "model-picker__item model-picker__item--off" : "model-picker__item"}>
                <input
                  type="radio"
                  id={id}
                  name="local-model-choice"
                  value={model.path}
                  checked={value === model.path}
                  disabled={why !== null && value !== model.path}
                  aria-describedby={`${id}-facts`}
                  onChange={() => onChoose(model.path)}
                />
                <label htmlFor={id}>
                  <span className="model-picker__name">{model.name ?? model.path.split(/[\\/]/).pop()}</span>
                  {model.configured && <span className="tag">{t("settings.gguf_in_use")}</span>}
                </label>
                <p id={`${id}-facts`} className="hint">
                  <span className="mono">{model.path}</span>
                  <br />
                  {t("settings.gguf_facts", { size: mb(model.size_mb), needed: mb(model.needed_mb) })}
                  {model.licence && <> · {t("settings.gguf_licence", { licence: model.licence })}</>}
                  {why && (
                    <>
                      <br />
                      <strong>{t(why.key, why.values)}</strong>
                    </>
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
