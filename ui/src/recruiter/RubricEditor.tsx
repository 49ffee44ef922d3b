// The rubric editor: dimensions with weights that must sum to 1, and each
// dimension's anchored levels. Validated with zod (./rubricSchema), stored
// as the job's next rubric version with `jobs.rubric_save` (the core checks
// it again), or downloaded as the JSON `ats rubric edit` reads.
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useFieldArray, useForm, useWatch, type Control, type UseFormRegister } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Rubric } from "../api/docs";
import { forwardRef, useId, type InputHTMLAttributes } from "react";
import { bytesToBase64, downloadFile } from "../api/files";
import { useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { formatNumber } from "../format";
import { normaliseWeights, rubricSchema, WEIGHT_TOLERANCE, weightSum, type RubricForm } from "./rubricSchema";

export function RubricEditor({ rubric, version, jobId }: { rubric: Rubric; version: number | null; jobId: string }) {
  const { t } = useTranslation();
  const form = useForm<RubricForm>({
    resolver: zodResolver(rubricSchema),
    defaultValues: rubric,
    mode: "onChange",
  });
  const dims = useFieldArray({ control: form.control, name: "dimensions" });
  const watched = useWatch({ control: form.control, name: "dimensions" }) ?? [];
  const sum = weightSum(watched.map((d) => ({ weight: Number(d?.weight) })));
  const sumOk = Math.abs(sum - 1) <= WEIGHT_TOLERANCE;
  const errors = form.formState.errors;
  const rootError = errors.dimensions?.root?.message ?? errors.dimensions?.message;

  const queryClient = useQueryClient();
  const save = useCallMutation("jobs.rubric_save", {
    onSuccess: (_saved, input) => {
      form.reset(input.rubric as RubricForm);
      void queryClient.invalidateQueries({ queryKey: ["jobs.get", { id: jobId }] });
    },
  });
  const submit = form.handleSubmit((v) => save.mutate({ job_id: jobId, rubric: v }));
  const exportJson = form.handleSubmit((v) => {
    const bytes = new TextEncoder().encode(JSON.stringify(v, null, 2));
    downloadFile({
      name: `rubric-${jobId.slice(0, 8)}.json`,
      content_type: "application/json",
      content_base64: bytesToBase64(bytes),
    });
  });

  return (
    <form className="rubric" noValidate onSubmit={submit}>
      <p className="hint">
        {version !== null && t("rubric.version", { version })} {t("rubric.intro")}
      </p>
      <div className={`weight-sum ${sumOk ? "weight-sum--ok" : "weight-sum--bad"}`} role="status" aria-live="polite">
        {t("rubric.weight_sum", { sum: formatNumber(sum, 3) })}{" "}
        {sumOk ? t("rubric.weight_sum_ok") : t("rubric.weights_sum")}
      </div>
      {rootError && (
        <p className="error-text" role="alert">
          {t(rootError)}
        </p>
      )}
      <ol className="rubric__dims">
        {dims.fields.map((field, i) => {
          const e = errors.dimensions?.[i];
          return (
            <li key={field.id} className="card rubric__dim">
              <fieldset>
                <legend>{t("rubric.dimension_n", { n: i + 1 })}</legend>
                <div className="grid-3">
                  <Input label={t("rubric.name")} error={e?.name?.message} {...form.register(`dimensions.${i}.name`)} />
                  <Input
                    label={t("rubric.weight")}
                    type="number"
                    step="0.001"
                    min="0"
                    max="1"
                    inputMode="decimal"
                    error={e?.weight?.message}
                    {...form.register(`dimensions.${i}.weight`, { valueAsNumber: true })}
                  />
                  <div className="rubric__dim-actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={i === 0}
                      onClick={() => dims.move(i, i - 1)}
                      aria-label={t("rubric.move_up", { n: i + 1 })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={i === dims.fields.length - 1}
                      onClick={() => dims.move(i, i + 1)}
                      aria-label={t("rubric.move_down", { n: i + 1 })}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      onClick={() => dims.remove(i)}
                      aria-label={t("rubric.remove_dimension", { n: i + 1 })}
                    >
                      {t("common.remove")}
                    </button>
                  </div>
                </div>
                <Input label={t("rubric.description")} {...form.register(`dimensions.${i}.description`)} />
                <div className="grid-2">
                  <Input label={t("rubric.strong")} {...form.register(`dimensions.${i}.strong`)} />
                  <Input label={t("rubric.weak")} {...form.register(`dimensions.${i}.weak`)} />
                </div>
                <Levels control={form.control} register={form.register} index={i} error={e?.levels?.message ?? e?.levels?.root?.message} />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            dims.append({ name: "", weight: 0, description: "", strong: "", weak: "", skills: [], levels: [] })
          }
        >
          {t("rubric.add_dimension")}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            const current = form.getValues("dimensions");
            form.setValue("dimensions", normaliseWeights(current), { shouldValidate: true, shouldDirty: true });
          }}
        >
          {t("rubric.normalise")}
        </button>
        <button type="button" className="button" onClick={() => form.reset(rubric)}>
          {t("rubric.reset")}
        </button>
        <button type="button" className="button" onClick={() => void exportJson()}>
          {t("rubric.download")}
        </button>
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t("common.working") : t("rubric.save")}
        </button>
      </div>
      <ErrorNotice error={save.error} />
      <p role="status" aria-live="polite" className="hint">
        {save.isSuccess && !form.formState.isDirty ? t("rubric.saved", { version: save.data.version }) : ""}
      </p>
    </form>
  );
}

function Levels({
  control,
  register,
  index,
  error,
}: {
  control: Control<RubricForm>;
  register: UseFormRegister<RubricForm>;
  index: number;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const levels = useFieldArray({ control, name: `dimensions.${index}.levels` });
  return (
    <details className="levels">
      <summary>
        {levels.fields.length === 0 ? t("rubric.default_scale") : t("rubric.levels_count_n", { count: levels.fields.length })}
      </summary>
      {error && <p className="error-text">{t(error)}</p>}
      <table className="table table--compact">
        <caption className="visually-hidden">{t("rubric.levels")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("rubric.score")}</th>
            <th scope="col">{t("rubric.label")}</th>
            <th scope="col">{t("rubric.level_description")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {levels.fields.map((f, j) => (
            <tr key={f.id}>
              <td>
                <input
                  type="number"
                  aria-label={t("rubric.level_score_n", { n: j + 1 })}
                  {...register(`dimensions.${index}.levels.${j}.score`, { valueAsNumber: true })}
                />
              </td>
              <td>
                <input aria-label={t("rubric.level_label_n", { n: j + 1 })} {...register(`dimensions.${index}.levels.${j}.label`)} />
              </td>
              <td>
                <textarea
                  rows={2}
                  aria-label={t("rubric.level_description_n", { n: j + 1 })}
                  {...register(`dimensions.${index}.levels.${j}.description`)}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t("rubric.remove_level_n", { n: j + 1 })}
                  onClick={() => levels.remove(j)}
                >
                  {t("common.remove")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          const last = levels.fields[levels.fields.length - 1];
          levels.append({ score: last ? last.score + 1 : 1, label: "", description: "" });
        }}
      >
        {t("rubric.add_level")}
      </button>
    </details>
  );
}

const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined }>(
  function Input({ label, error, ...rest }, ref) {
    const { t } = useTranslation();
    const id = useId();
    return (
      <div className={`field ${error ? "field--invalid" : ""}`}>
        <label htmlFor={id}>{label}</label>
        <input ref={ref} id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-e` : undefined} {...rest} />
        {error && (
          <p id={`${id}-e`} className="error-text">
            {t(error)}
          </p>
        )}
      </div>
    );
  },
);
