// `/interview`: the candidate's interview, mobile first. The AI-use notice
// and consent (or a request for another process), then a chat with a
// countdown per question, streamed follow-ups, an autosave indicator, a
// reconnection banner and the closing page. Everything the candidate or the
// model wrote is rendered as text.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ApiError, call, isApiError, statusOfCode, wsUrl } from "../api/client";
import {
  chatItems,
  InterviewSocket,
  MAX_ANSWER_CHARS,
  openTurn,
  type ChatItem,
  type InterviewState,
  type OpenTurn,
} from "../api/interviewSocket";
import type { CandidateInterview } from "../api/types";
import type { CompleteReason, Envelope } from "../api/protocol";
import { ErrorNotice, useErrorText } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatClock } from "../format";
import { isLanguage, languageChosen, setLanguage } from "../i18n";
import { CandidateShell } from "./CandidateShell";

function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/**
 * The error of `/interview?error=CODE`, where the server sends a browser
 * whose invitation link (`GET /i/{token}`) was bad, expired or revoked.
 */
export function linkError(param: string | null): ApiError | null {
  if (param === null) return null;
  // The code comes from the address bar: only a code's shape is believed.
  const code = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/.test(param) && param.length <= 64 ? param : "auth.invalid_invitation";
  return new ApiError(code, "", statusOfCode(code));
}

export default function InterviewPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const fromLink = linkError(params.get("error"));
  const [details, setDetails] = useState<CandidateInterview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const skip = fromLink !== null;

  useEffect(() => {
    if (skip) return;
    let live = true;
    call("candidate.interview", {}).then(
      (d) => {
        if (!live) return;
        setDetails(d);
        // The interview's language, unless the person picked one.
        if (!languageChosen() && isLanguage(d.language)) void setLanguage(d.language, false);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [skip]);

  if (fromLink) {
    return (
      <CandidateShell title={t("candidate.cannot_open_title")}>
        <ErrorNotice error={fromLink} />
        <p>
          {fromLink.code === "auth.invalid_invitation"
            ? t("candidate.invalid_link_help")
            : fromLink.code === "rate_limited"
              ? t("candidate.link_rate_limited")
              : t("candidate.link_try_later")}
        </p>
      </CandidateShell>
    );
  }
  if (error) {
    const noInvite =
      isApiError(error) && (error.code === "auth.unauthenticated" || error.code === "auth.invalid_invitation");
    return (
      <CandidateShell title={t("candidate.cannot_open_title")}>
        <ErrorNotice error={error} />
        {noInvite && <p>{t("candidate.invalid_link_help")}</p>}
      </CandidateShell>
    );
  }
  if (!details) {
    return (
      <CandidateShell title={t("candidate.interview_title")}>
        <Loading />
      </CandidateShell>
    );
  }
  return <Interview details={details} />;
}

function Interview({ details }: { details: CandidateInterview }) {
  const socket = useMemo(
    () =>
      new InterviewSocket({
        url: wsUrl("/ws/interview"),
        storageKey: details.interview_id,
        events: typeof window === "undefined" ? null : window,
      }),
    [details.interview_id],
  );
  useEffect(() => {
    socket.start();
    return () => socket.stop();
  }, [socket]);
  const state = useSyncExternalStore(socket.subscribe, socket.getSnapshot);
  return <InterviewView details={details} state={state} socket={socket} />;
}

type Welcome = Extract<Envelope, { type: "welcome" }>;
type Complete = Extract<Envelope, { type: "complete" }>;

/** The screen for a state (exported for tests). */
export function InterviewView({
  details,
  state,
  socket,
}: {
  details: CandidateInterview;
  state: InterviewState;
  socket: InterviewSocket;
}) {
  const { t } = useTranslation();
  const welcome = state.envelopes.find((e): e is Welcome => e.type === "welcome") ?? null;
  const consent = state.envelopes.find((e) => e.type === "consent");
  const complete = state.envelopes.find((e): e is Complete => e.type === "complete") ?? null;
  const jobTitle = welcome?.job_title ?? details.job_title;
  const banner = <ConnectionBanner state={state} onRetry={() => socket.reconnectNow()} />;

  if (complete) {
    return (
      <CandidateShell title={t(`candidate.complete.${complete.reason}`)} subtitle={jobTitle} banner={banner}>
        <Completion complete={complete} />
      </CandidateShell>
    );
  }
  if (!welcome) {
    return (
      <CandidateShell title={t("candidate.interview_title")} subtitle={jobTitle} banner={banner}>
        <Loading label={t("candidate.connecting")} />
      </CandidateShell>
    );
  }
  if (!consent) {
    return (
      <CandidateShell title={t("candidate.notice_title")} subtitle={jobTitle} banner={banner}>
        <Consent welcome={welcome} state={state} socket={socket} />
      </CandidateShell>
    );
  }
  return (
    <CandidateShell title={t("candidate.interview_title")} subtitle={jobTitle} banner={banner}>
      <Chat state={state} socket={socket} />
    </CandidateShell>
  );
}

function ConnectionBanner({ state, onRetry }: { state: InterviewState; onRetry: () => void }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const reconnecting = state.status === "reconnecting";
  const seconds = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;
  return (
    // Always present, so that screen readers hear it change.
    <div className={reconnecting ? "banner banner--warning" : "visually-hidden"} role="status" aria-live="polite">
      {reconnecting && (
        <>
          <span>
            {seconds > 0
              ? t("candidate.reconnecting_in", { seconds })
              : t("candidate.reconnecting_now")}{" "}
            {t("candidate.answer_kept")}
          </span>
          <button type="button" className="button button--small" onClick={onRetry}>
            {t("candidate.retry_now")}
          </button>
        </>
      )}
      {state.status === "open" && state.attempt === 0 && state.envelopes.length > 0 && (
        <span>{t("candidate.connected")}</span>
      )}
    </div>
  );
}

function Consent({ welcome, state, socket }: { welcome: Welcome; state: InterviewState; socket: InterviewSocket }) {
  const { t } = useTranslation();
  const [declining, setDeclining] = useState(false);
  const sending = state.pending.some((p) => p.message.type === "consent");
  const minutes = Math.round(welcome.overall_limit_secs / 60);
  const perQuestion = Math.round(welcome.question_time_limit_secs / 60);
  return (
    <section aria-labelledby="notice-heading" className="stack">
      <h2 id="notice-heading" className="visually-hidden">
        {t("candidate.notice_heading")}
      </h2>
      <p className="lead">{t("candidate.notice_intro", { job: welcome.job_title })}</p>
      <ul className="facts">
        <li>{t("candidate.fact_questions", { count: welcome.questions })}</li>
        <li>{t("candidate.fact_per_question", { count: perQuestion })}</li>
        <li>{t("candidate.fact_overall", { count: minutes })}</li>
        <li>{t("candidate.fact_person_decides")}</li>
      </ul>
      <div className="notice-text" lang={welcome.language}>
        <h3>{t("candidate.notice_from_company")}</h3>
        <p className="prewrap">{welcome.notice}</p>
      </div>
      {state.lastError && <ErrorNotice error={state.lastError} />}
      {!declining ? (
        <div className="actions actions--stacked">
          <button type="button" className="button button--primary" disabled={sending} onClick={() => socket.consent(true)}>
            {t("candidate.consent_yes")}
          </button>
          <button type="button" className="button" disabled={sending} onClick={() => setDeclining(true)}>
            {t("candidate.consent_no")}
          </button>
        </div>
      ) : (
        <div className="confirm" role="group" aria-labelledby="decline-heading">
          <h3 id="decline-heading">{t("candidate.decline_title")}</h3>
          <p>{t("candidate.decline_text")}</p>
          <div className="actions actions--stacked">
            <button type="button" className="button button--primary" disabled={sending} onClick={() => socket.consent(false)}>
              {t("candidate.decline_confirm")}
            </button>
            <button type="button" className="button" onClick={() => setDeclining(false)}>
              {t("candidate.decline_back")}
            </button>
          </div>
        </div>
      )}
      {sending && <p role="status">{t("candidate.sending")}</p>}
    </section>
  );
}

function Chat({ state, socket }: { state: InterviewState; socket: InterviewSocket }) {
  const { t } = useTranslation();
  const open = openTurn(state.envelopes);
  const items = chatItems(state);
  const endRef = useRef<HTMLDivElement>(null);
  const [leaving, setLeaving] = useState(false);

  useEffect(() => {
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    endRef.current?.scrollIntoView?.({ behavior: reduce ? "auto" : "smooth", block: "end" });
  }, [items.length, state.streaming?.text]);

  const waiting = !open && !state.streaming;
  return (
    <div className="chat-layout">
      {open && <TurnHeader open={open} clockOffsetMs={state.clockOffsetMs} />}
      {/* A live region around a real list: new messages are announced. */}
      <div role="log" aria-label={t("candidate.conversation")}>
        <ol className="chat">
          {items.map((item) => (
            <ChatBubble key={item.key} item={item} />
          ))}
          {state.streaming && (
            <li className="bubble bubble--interviewer bubble--streaming" aria-busy="true">
              <span className="bubble__who">{t("candidate.interviewer")}</span>
              <p className="prewrap">{state.streaming.text}</p>
            </li>
          )}
        </ol>
      </div>
      <div ref={endRef} />
      {state.lastError && <ErrorNotice error={state.lastError} />}
      {open ? (
        <Composer key={open.turn} open={open} state={state} socket={socket} />
      ) : (
        waiting && (
          <p className="waiting" role="status">
            {t("candidate.waiting_next")}
          </p>
        )
      )}
      <div className="leave">
        {!leaving ? (
          <button type="button" className="button button--link" onClick={() => setLeaving(true)}>
            {t("candidate.leave")}
          </button>
        ) : (
          <div className="confirm" role="group" aria-labelledby="leave-heading">
            <h2 id="leave-heading">{t("candidate.leave_title")}</h2>
            <p>{t("candidate.leave_text")}</p>
            <div className="actions">
              <button type="button" className="button button--danger" onClick={() => socket.leave()}>
                {t("candidate.leave_confirm")}
              </button>
              <button type="button" className="button" onClick={() => setLeaving(false)}>
                {t("common.cancel")}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

function ChatBubble({ item }: { item: ChatItem }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  switch (item.kind) {
    case "question":
      return (
        <li className="bubble bubble--interviewer">
          <span className="bubble__who">{t("candidate.question_n_of", { n: item.number, of: item.of })}</span>
          <p className="prewrap">{item.text}</p>
        </li>
      );
    case "follow_up":
      return (
        <li className="bubble bubble--interviewer">
          <span className="bubble__who">{t("candidate.follow_up")}</span>
          <p className="prewrap">{item.text}</p>
        </li>
      );
    case "clarification":
      return (
        <li className="bubble bubble--interviewer bubble--note">
          <span className="bubble__who">{t("candidate.clarification")}</span>
          <p className="prewrap">{item.text}</p>
        </li>
      );
    case "answer":
      return (
        <li className={`bubble bubble--candidate ${item.status === "failed" ? "bubble--failed" : ""}`}>
          <span className="bubble__who">{t("candidate.you")}</span>
          {item.text !== null ? <p className="prewrap">{item.text}</p> : <p>{t("candidate.answer_saved_elsewhere")}</p>}
          <span className="bubble__status">
            {item.status === "saved" && t("candidate.status_saved")}
            {item.status === "sending" && t("candidate.status_sending")}
            {item.status === "failed" &&
              `${t("candidate.status_failed")} ${item.error ? errorText(item.error) : ""}`}
          </span>
        </li>
      );
    case "timeout":
      return <li className="bubble bubble--system">{t("candidate.timed_out")}</li>;
    case "complete":
      return <li className="bubble bubble--system prewrap">{item.text}</li>;
  }
}

function TurnHeader({ open, clockOffsetMs }: { open: OpenTurn; clockOffsetMs: number }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const deadline = Date.parse(open.deadline);
  const remaining = Number.isNaN(deadline) ? 0 : Math.max(0, (deadline - (now + clockOffsetMs)) / 1000);
  const fraction = open.time_limit_secs > 0 ? Math.min(1, remaining / open.time_limit_secs) : 0;
  const low = remaining <= 60;
  // Spoken only at a few moments, not every second.
  const milestone =
    remaining <= 0 ? t("candidate.time_up") : remaining <= 30 ? t("candidate.time_30s") : remaining <= 60 ? t("candidate.time_1m") : "";
  return (
    <div className="turn-header">
      <p className="turn-header__progress">
        {open.follow_up > 0
          ? t("candidate.follow_up_to", { n: open.number })
          : open.of
            ? t("candidate.question_n_of", { n: open.number, of: open.of })
            : null}
      </p>
      <div className={`countdown ${low ? "countdown--low" : ""}`}>
        <span className="visually-hidden">{t("candidate.time_left")}</span>
        <span role="timer" aria-live="off" aria-atomic="true" className="countdown__value">
          {formatClock(remaining)}
        </span>
        <span className="countdown__bar" aria-hidden="true">
          <span style={{ transform: `scaleX(${fraction})` }} />
        </span>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {milestone}
      </p>
    </div>
  );
}

function Composer({ open, state, socket }: { open: OpenTurn; state: InterviewState; socket: InterviewSocket }) {
  const { t } = useTranslation();
  const draft = state.drafts[open.turn];
  const text = draft?.text ?? "";
  const answer = state.answers.find((a) => a.turn === open.turn);
  const sending = answer?.status === "sending";
  const tooLong = text.length > MAX_ANSWER_CHARS;
  const pasted = useRef(0);
  const clarifications = state.envelopes.filter(
    (e) => e.type === "clarification" && e.question_id === open.question_id,
  ).length;
  const busy = state.pending.some((p) => p.message.type === "repeat" || p.message.type === "clarify");

  useEffect(() => socket.shown(open.turn, open.question_id), [socket, open.turn, open.question_id]);
  useEffect(() => {
    const onBlur = () => socket.focusLost(open.turn);
    window.addEventListener("blur", onBlur);
    return () => window.removeEventListener("blur", onBlur);
  }, [socket, open.turn]);

  const status = sending
    ? t("candidate.autosave_sending")
    : state.status !== "open"
      ? t("candidate.autosave_offline")
      : text
        ? t("candidate.autosave_local")
        : "";

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        socket.answer();
      }}
    >
      <label htmlFor="answer" className="composer__label">
        {t("candidate.your_answer")}
      </label>
      <textarea
        id="answer"
        className="composer__input"
        value={text}
        rows={6}
        disabled={sending}
        aria-describedby="answer-help answer-count answer-status"
        aria-invalid={tooLong || undefined}
        onPaste={(e) => {
          pasted.current = e.clipboardData.getData("text").length;
        }}
        onChange={(e) => {
          socket.setDraft(open.turn, open.question_id, e.target.value, pasted.current);
          pasted.current = 0;
        }}
      />
      <p id="answer-help" className="hint">
        {t("candidate.answer_help")}
      </p>
      <div className="composer__meta">
        <span id="answer-count" className={tooLong ? "error-text" : "hint"}>
          {t("candidate.char_count", { n: text.length, max: MAX_ANSWER_CHARS })}
        </span>
        <span id="answer-status" className="autosave" role="status" aria-live="polite">
          {status}
        </span>
      </div>
      <div className="actions actions--wrap">
        <button type="submit" className="button button--primary" disabled={sending || !text.trim() || tooLong}>
          {sending ? t("candidate.sending") : t("candidate.send_answer")}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => socket.repeat()}>
          {t("candidate.repeat")}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || clarifications >= 2}
          onClick={() => socket.clarify("")}
        >
          {t("candidate.clarify")}
        </button>
      </div>
    </form>
  );
}

function Completion({ complete }: { complete: Complete }) {
  const { t } = useTranslation();
  const reason: CompleteReason = complete.reason;
  return (
    <section className="stack completion">
      <p className="lead prewrap">{complete.message}</p>
      <p>{t(`candidate.complete_next.${reason}`)}</p>
      <p className="hint">{t("candidate.can_close")}</p>
    </section>
  );
}
