// The recruiter's building blocks: labelled fields, Radix dialogs, tabs,
// tooltips and progress, and a plain-SVG bar chart.
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import * as Dialog from "@radix-ui/react-dialog";
import * as ProgressPrimitive from "@radix-ui/react-progress";
import * as Tooltip from "@radix-ui/react-tooltip";
import { forwardRef, useId, useState, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { downloadFile } from "../api/files";
import type { FileDto } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";

// ----- fields -----

interface FieldProps {
  label: string;
  /** An i18n'd error text. */
  error?: string | undefined;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** A label, the control, a hint and an error, wired by id. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field ${error ? "field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="error-text">
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: string };

export const TextField = forwardRef<HTMLInputElement, InputProps>(function TextField(
  { label, error, hint, ...rest },
  ref,
) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input ref={ref} id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...rest} />
      )}
    </Field>
  );
});

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  error?: string | undefined;
  hint?: string;
};

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextAreaField(
  { label, error, hint, ...rest },
  ref,
) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <textarea ref={ref} id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...rest} />
      )}
    </Field>
  );
});

// ----- page parts -----

export function PageHeader({ title, actions, children }: { title: string; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {children}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

// ----- dialogs -----

export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  trigger,
}: {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  trigger?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog__title">{title}</Dialog.Title>
          {description ? (
            <Dialog.Description className="dialog__description">{description}</Dialog.Description>
          ) : (
            <Dialog.Description className="visually-hidden">{title}</Dialog.Description>
          )}
          {children}
          <Dialog.Close asChild>
            <button type="button" className="dialog__close button button--link" aria-label={t("common.close")}>
              ×
            </button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A destructive action behind a confirmation. */
export function Confirm({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
}: {
  trigger: ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog--small">
          <AlertDialog.Title className="dialog__title">{title}</AlertDialog.Title>
          <AlertDialog.Description className="dialog__description">{description}</AlertDialog.Description>
          <div className="actions actions--end">
            <AlertDialog.Cancel asChild>
              <button type="button" className="button">
                {t("common.cancel")}
              </button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button type="button" className="button button--danger" onClick={onConfirm}>
                {confirmLabel}
              </button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

// ----- tooltip -----

export function Hint({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip" sideOffset={4}>
          {label}
          <Tooltip.Arrow className="tooltip__arrow" />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

export const TooltipProvider = Tooltip.Provider;

// ----- progress -----

export function ProgressBar({ value, label, max = 100 }: { value: number | null; label: string; max?: number }) {
  return (
    <ProgressPrimitive.Root
      className="progress"
      value={value}
      max={max}
      aria-label={label}
      getValueLabel={(v, m) => `${Math.round((v / m) * 100)}%`}
    >
      <ProgressPrimitive.Indicator
        className={`progress__indicator ${value === null ? "progress__indicator--indeterminate" : ""}`}
        style={{ transform: `translateX(-${100 - ((value ?? 30) / max) * 100}%)` }}
      />
    </ProgressPrimitive.Root>
  );
}

// ----- chart -----

export interface Bar {
  label: string;
  value: number | null;
  /** Shown after the value (e.g. "overridden"). */
  note?: string;
}

/**
 * Horizontal bars on a 0–max scale in plain SVG, with the figures also in
 * a table for assistive technology.
 */
export function BarChart({ bars, max = 100, title, unit = "" }: { bars: Bar[]; max?: number; title: string; unit?: string }) {
  const { t } = useTranslation();
  const rowH = 28;
  const labelW = 180;
  const width = 560;
  const chartW = width - labelW - 60;
  const height = bars.length * rowH + 24;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={title}
        preserveAspectRatio="xMinYMin meet"
      >
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line
              x1={labelW + f * chartW}
              x2={labelW + f * chartW}
              y1={0}
              y2={bars.length * rowH}
              className="chart__grid"
            />
            <text x={labelW + f * chartW} y={bars.length * rowH + 16} className="chart__tick" textAnchor="middle">
              {Math.round(f * max)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const y = i * rowH;
          const w = b.value === null ? 0 : Math.max(0, Math.min(1, b.value / max)) * chartW;
          return (
            <g key={b.label + i}>
              <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end" className="chart__label">
                {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 5} width={w} height={rowH - 10} className="chart__bar" rx={2} />
              <text x={labelW + w + 6} y={y + rowH / 2 + 4} className="chart__value">
                {b.value === null ? t("common.none") : `${Math.round(b.value)}${unit}`}
                {b.note ? ` ${b.note}` : ""}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}

// ----- downloads -----

export function DownloadButton({
  label,
  fetchFile,
}: {
  label: string;
  fetchFile: () => Promise<FileDto>;
}) {
  return <AsyncButton label={label} run={async () => downloadFile(await fetchFile())} />;
}

/** A button that runs a promise, shows that it runs, and its error. */
export function AsyncButton({ label, run, className }: { label: string; run: () => Promise<void>; className?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <span className="async-button">
      <button
        type="button"
        className={className ?? "button"}
        disabled={busy}
        aria-busy={busy || undefined}
        onClick={() => {
          setBusy(true);
          setError(null);
          run()
            .catch((e: unknown) => setError(e))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t("common.working") : label}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </span>
  );
}
