import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client";

/** An ApiError, or a protocol `error` envelope's `{code, message}`. */
function coded(error: unknown): { code: string; message: string; retryAfterSecs: number | null } | null {
  if (isApiError(error)) return error;
  if (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  ) {
    const e = error as { code: string; message: string };
    return { code: e.code, message: e.message, retryAfterSecs: null };
  }
  return null;
}

/** The person-readable text of an error: ours for a known code, else the server's. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => {
    const c = coded(error);
    if (c) {
      const text = t(`errors.${c.code}`, { defaultValue: "" });
      if (!text) return c.message || t("errors.unknown");
      if (c.retryAfterSecs !== null) {
        return `${text} ${t("errors.retry_after", { seconds: c.retryAfterSecs })}`;
      }
      return text;
    }
    if (error instanceof Error && error.message) return error.message;
    return t("errors.unknown");
  };
}

/** An error, announced to assistive technology. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const text = useErrorText();
  if (!error) return null;
  const code = coded(error)?.code;
  return (
    <div className="notice notice--error" role="alert">
      {title && <strong className="notice__title">{title} </strong>}
      <span>{text(error)}</span>
      {code && <span className="notice__code"> ({code})</span>}
    </div>
  );
}
