// An interview: its status (refreshed while it runs), its question plan,
// the candidate's invitation links (made, e-mailed, revoked) and the
// transcript (followed live while it runs).
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { z } from "zod";
import { call, httpUrl } from "../api/client";
import { readPlan } from "../api/docs";
import { pngDataUrl } from "../api/files";
import { useCall, useCallMutation } from "../api/hooks";
import type { InvitationLink } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatClock, formatDateTime } from "../format";
import { StatusTag } from "./Interviews";
import { PlanEditor } from "./PlanEditor";
import { can, useAccount } from "./session";
import { Transcript } from "./Transcript";
import { AsyncButton, Confirm, DownloadButton, Empty, PageHeader, TextField } from "./ui";

const LIVE = new Set(["scheduled", "in_progress"]);

export default function InterviewDetail() {
  const { t } = useTranslation();
  const { interviewId = "" } = useParams();
  const account = useAccount();
  const interview = useCall(
    "interviews.get",
    { id: interviewId },
    { refetchInterval: (q) => (q.state.data && LIVE.has(q.state.data.status) ? 5000 : false) },
  );
  const [editing, setEditing] = useState(false);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  if (interview.isPending) return <Loading />;
  if (interview.error) return <ErrorNotice error={interview.error} />;
  const i = interview.data;
  const plan = readPlan(i.plan);
  const open = LIVE.has(i.status);
  const finished = i.status === "completed";
  const editable = i.status === "scheduled" && can(account, "edit");

  return (
    <>
      <PageHeader
        title={t("interviews.detail_title", { name: i.candidate_name ?? t("candidates.unnamed") })}
        actions={
          finished && (
            <Link className="button button--primary" to={`/app/interviews/${i.id}/scorecard`}>
              {t("scorecard.open")}
            </Link>
          )
        }
      >
        <p>
          <Link to={`/app/jobs/${i.job_id}`}>{i.job_title}</Link> · <StatusTag status={i.status} /> ·{" "}
          <Link to={`/app/candidates/${i.candidate_id}`}>{t("interviews.candidate_profile")}</Link>
        </p>
      </PageHeader>

      <dl className="facts-grid" aria-live="polite">
        <div>
          <dt>{t("common.created")}</dt>
          <dd>{formatDateTime(i.created_at)}</dd>
        </div>
        <div>
          <dt>{t("interviews.started")}</dt>
          <dd>{formatDateTime(i.started_at)}</dd>
        </div>
        <div>
          <dt>{t("interviews.ended")}</dt>
          <dd>{formatDateTime(i.ended_at)}</dd>
        </div>
        <div>
          <dt>{t("interviews.expires")}</dt>
          <dd>{formatDateTime(i.expires_at)}</dd>
        </div>
      </dl>

      {open && can(account, "edit") && <Invitations interviewId={i.id} />}

      <section className="card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">
          {t("interviews.plan")} <span className="hint">{t("interviews.plan_version", { version: i.plan_version })}</span>
        </h2>
        {open && <p className="hint">{t("interviews.live_hint")}</p>}
        {editable && !editing && (
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setSavedVersion(null);
                setEditing(true);
              }}
            >
              {t("plan_edit.edit")}
            </button>
          </div>
        )}
        <p role="status" aria-live="polite" className="hint">
          {savedVersion !== null && !editing ? t("plan_edit.saved", { version: savedVersion }) : ""}
        </p>
        {editing && editable ? (
          <PlanEditor
            interviewId={i.id}
            jobId={i.job_id}
            plan={i.plan}
            onDone={(version) => {
              setSavedVersion(version);
              setEditing(false);
            }}
          />
        ) : plan.questions.length === 0 ? (
          <Empty>{t("interviews.no_questions")}</Empty>
        ) : (
          <ol className="plan">
            {plan.questions.map((q, n) => (
              <li key={q.id || n} className="plan__q">
                <p className="prewrap">{q.text}</p>
                <p className="hint">
                  {t(`question_kind.${q.kind}`, { defaultValue: q.kind })} · {q.dimension} ·{" "}
                  {t("interviews.time_limit", { time: formatClock(q.time_limit_secs) })}
                </p>
                {q.key_points.length > 0 && (
                  <details>
                    <summary>{t("interviews.key_points")}</summary>
                    <ul>
                      {q.key_points.map((k, j) => (
                        <li key={j}>{k}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ol>
        )}
        <p className="hint">{t("interviews.plan_generator", { generator: plan.generator })}</p>
      </section>

      <Transcript interviewId={i.id} live={open} />

      {finished && (
        <div className="actions">
          <DownloadButton label={t("scorecard.download_pdf")} fetchFile={() => call("reports.pdf", { interview_id: i.id })} />
        </div>
      )}
    </>
  );
}

function Invitations({ interviewId }: { interviewId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useCall("invitations.list", { interview_id: interviewId });
  const [link, setLink] = useState<InvitationLink | null>(null);
  const [hours, setHours] = useState(72);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["invitations.list", { interview_id: interviewId }] });
  const create = useCallMutation("invitations.create", {
    onSuccess: (l) => {
      setLink(l);
      void refresh();
    },
  });
  const revoke = useCallMutation("invitations.revoke", { onSuccess: () => void refresh() });
  const url = link ? (link.url ?? httpUrl(link.path)) : "";

  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t("invitations.title")}</h2>
      <div className="grid-2">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ interview_id: interviewId, valid_hours: hours });
          }}
        >
          <h3>{t("invitations.link_title")}</h3>
          <TextField
            label={t("invitations.valid_hours")}
            type="number"
            min={1}
            max={24 * 60}
            value={hours}
            hint={t("invitations.valid_hours_hint")}
            onChange={(e) => setHours(Math.max(1, Math.min(24 * 60, Number(e.target.value) || 72)))}
          />
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {t("invitations.create")}
          </button>
          <ErrorNotice error={create.error} />
          {link && (
            <div className="invite-link" role="status">
              <p>{t("invitations.shown_once")}</p>
              <p className="invite-link__url">
                <a href={url} target="_blank" rel="noreferrer noopener">
                  {url}
                </a>
              </p>
              <AsyncButton label={t("invitations.copy")} run={() => navigator.clipboard.writeText(url)} />
              <img
                className="qr"
                src={pngDataUrl(link.qr_png_base64)}
                alt={t("invitations.qr_alt")}
                width={220}
                height={220}
              />
              <p className="hint">{t("invitations.expires_at", { at: formatDateTime(link.invitation.expires_at) })}</p>
            </div>
          )}
        </form>
        <EmailInvitation interviewId={interviewId} onSent={() => void refresh()} />
      </div>

      <h3>{t("invitations.existing")}</h3>
      <ErrorNotice error={list.error ?? revoke.error} />
      {list.data?.length === 0 && <Empty>{t("invitations.none")}</Empty>}
      {list.data && list.data.length > 0 && (
        <table className="table table--compact">
          <caption className="visually-hidden">{t("invitations.existing")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("common.created")}</th>
              <th scope="col">{t("invitations.expires")}</th>
              <th scope="col">{t("invitations.state")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((inv) => {
              const expired = Date.parse(inv.expires_at) < list.dataUpdatedAt;
              return (
                <tr key={inv.id}>
                  <td>{formatDateTime(inv.created_at)}</td>
                  <td>{formatDateTime(inv.expires_at)}</td>
                  <td>
                    {inv.revoked_at
                      ? t("invitations.revoked_at", { at: formatDateTime(inv.revoked_at) })
                      : expired
                        ? t("invitations.expired")
                        : t("invitations.active")}
                  </td>
                  <td>
                    {!inv.revoked_at && !expired && (
                      <Confirm
                        trigger={
                          <button type="button" className="button button--small button--danger">
                            {t("invitations.revoke")}
                          </button>
                        }
                        title={t("invitations.revoke_title")}
                        description={t("invitations.revoke_text")}
                        confirmLabel={t("invitations.revoke")}
                        onConfirm={() => revoke.mutate({ id: inv.id })}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

const emailSchema = z.object({
  to: z.email("invitations.email_invalid"),
  valid_hours: z.number().int().min(1).max(24 * 60),
});
type EmailForm = z.infer<typeof emailSchema>;

function EmailInvitation({ interviewId, onSent }: { interviewId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const form = useForm<EmailForm>({ resolver: zodResolver(emailSchema), defaultValues: { to: "", valid_hours: 72 } });
  const send = useCallMutation("invitations.email", {
    onSuccess: () => {
      form.reset({ to: "", valid_hours: form.getValues("valid_hours") });
      onSent();
    },
  });
  const { errors } = form.formState;
  return (
    <form
      className="form"
      noValidate
      onSubmit={form.handleSubmit((v) => send.mutate({ interview_id: interviewId, to: v.to, valid_hours: v.valid_hours }))}
    >
      <h3>{t("invitations.email_title")}</h3>
      <TextField
        label={t("invitations.email_to")}
        type="email"
        autoComplete="off"
        error={errors.to?.message ? t(errors.to.message) : undefined}
        {...form.register("to")}
      />
      <TextField
        label={t("invitations.valid_hours")}
        type="number"
        min={1}
        max={24 * 60}
        error={errors.valid_hours ? t("invitations.valid_hours_hint") : undefined}
        {...form.register("valid_hours", { valueAsNumber: true })}
      />
      <button type="submit" className="button" disabled={send.isPending}>
        {t("invitations.email_send")}
      </button>
      <ErrorNotice error={send.error} />
      {send.isSuccess && (
        <p role="status">
          {t("invitations.email_queued")} <Link to="/app/outbox">{t("nav.outbox")}</Link>
        </p>
      )}
    </form>
  );
}
