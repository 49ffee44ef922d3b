// An interview's transcript for recruiters (interviews.transcript): the
// turns as the scorer numbers them (transcript.ts), each with its time, an
// answer's signals and the judgement that followed, and what happened in
// between. While the interview runs it asks every few seconds for what
// came after the last entry it has. Every text is rendered as text.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { type ApiError, call } from "../api/client";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDateTime, formatNumber } from "../format";
import {
  buildTranscript,
  lastSeq,
  mergeEnvelopes,
  readEnvelopes,
  type Annotation,
  type StoredEnvelope,
  type Turn,
} from "./transcript";
import { Empty } from "./ui";

const POLL_MS = 3000;
const FLASH_MS = 2500;
const FLASH = "transcript__turn--flash";

/** The element id of a turn: what `#turn-N` links target. */
export function turnId(index: number): string {
  return `turn-${index}`;
}

/**
 * Scrolls to a turn, moves focus there and highlights it briefly; false
 * when the page shows no such turn.
 */
export function showTurn(index: number): boolean {
  const el = document.getElementById(turnId(index));
  if (!el) return false;
  const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  el.scrollIntoView?.({ behavior: reduce ? "auto" : "smooth", block: "start" });
  el.focus({ preventScroll: true });
  el.classList.remove(FLASH);
  // Restart the highlight when the same turn is shown again.
  void el.offsetWidth;
  el.classList.add(FLASH);
  window.setTimeout(() => el.classList.remove(FLASH), FLASH_MS);
  return true;
}

function formatTime(iso: string, language: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso || "—";
  return new Intl.DateTimeFormat(language || "en", { timeStyle: "medium" }).format(d);
}

export function Transcript({
  interviewId,
  live,
  highlight,
  title,
}: {
  interviewId: string;
  /** Look for new entries every few seconds (while the interview runs). */
  live: boolean;
  /** Turns to mark (a scorecard's evidence). */
  highlight?: ReadonlySet<number>;
  title?: string;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const queryClient = useQueryClient();
  const query = useQuery<StoredEnvelope[], ApiError>({
    queryKey: ["interviews.transcript", { id: interviewId }],
    // What is already known stays; only what came after it is asked for.
    queryFn: async () => {
      const known = queryClient.getQueryData<StoredEnvelope[]>(["interviews.transcript", { id: interviewId }]) ?? [];
      const fresh = await call("interviews.transcript", { id: interviewId, after_seq: lastSeq(known) });
      return mergeEnvelopes(known, readEnvelopes(fresh));
    },
    refetchInterval: live ? POLL_MS : false,
  });

  // When the interview stops running, look once more for its last entries.
  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live) void queryClient.invalidateQueries({ queryKey: ["interviews.transcript", { id: interviewId }] });
    wasLive.current = live;
  }, [live, interviewId, queryClient]);

  const view = query.data ? buildTranscript(query.data) : null;
  const count = view?.turns.length ?? null;

  // Announce new turns (live only), never the ones there on first load.
  const [seen, setSeen] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  if (count !== null && count !== seen) {
    setSeen(count);
    const latest = view!.turns[count - 1];
    if (seen !== null && live && count > seen && latest) {
      setAnnouncement(t("transcript.announce", { n: latest.index + 1, who: t(`transcript.${latest.role}`) }));
    }
  }

  // A link straight to a turn (…#turn-3) shows it once the turns are there.
  const { hash } = useLocation();
  const ready = view !== null;
  useEffect(() => {
    const m = /^#turn-(\d+)$/.exec(hash);
    if (ready && m) showTurn(Number(m[1]));
  }, [hash, ready]);

  return (
    <section className="card transcript" aria-labelledby={headingId}>
      <h2 id={headingId}>{title ?? t("transcript.title")}</h2>
      {live && <p className="hint">{t("transcript.live_hint")}</p>}
      <div className="visually-hidden" aria-live="polite">
        {live ? announcement : ""}
      </div>
      <ErrorNotice error={query.error} />
      {query.isPending ? (
        <Loading />
      ) : view ? (
        <>
          <Events events={view.opening} />
          {view.turns.length === 0 ? (
            <Empty>{t("transcript.empty")}</Empty>
          ) : (
            <ol className="transcript__turns">
              {view.turns.map((turn) => (
                <TurnItem key={turn.index} turn={turn} marked={highlight?.has(turn.index) ?? false} />
              ))}
            </ol>
          )}
        </>
      ) : null}
    </section>
  );
}

function TurnItem({ turn, marked }: { turn: Turn; marked: boolean }) {
  const { t, i18n } = useTranslation();
  const classes = ["transcript__turn", `transcript__turn--${turn.role}`];
  if (marked) classes.push("transcript__turn--evidence");
  let context = "";
  if (turn.role === "interviewer") {
    if (turn.follow_up > 0) {
      context =
        turn.question_number !== null
          ? t("transcript.follow_up_to", { n: turn.follow_up, number: turn.question_number })
          : t("transcript.follow_up", { n: turn.follow_up });
    } else if (turn.question_number !== null) {
      context =
        turn.of !== null
          ? t("transcript.question_of", { number: turn.question_number, of: turn.of })
          : t("transcript.question_n", { number: turn.question_number });
    }
  }
  return (
    <li id={turnId(turn.index)} tabIndex={-1} className={classes.join(" ")}>
      <p className="transcript__head">
        <span className="transcript__n">{t("transcript.turn_n", { n: turn.index + 1 })}</span>
        <span className="transcript__who">{t(`transcript.${turn.role}`)}</span>
        <time dateTime={turn.at} title={formatDateTime(turn.at)}>
          {formatTime(turn.at, i18n.language)}
        </time>
        {context && <span className="transcript__context">{context}</span>}
        {marked && <span className="tag transcript__mark">{t("transcript.evidence_mark")}</span>}
      </p>
      <p className="prewrap transcript__text">{turn.text}</p>
      {turn.signals && <SignalHints turn={turn} />}
      {turn.judgement && (
        <div className="transcript__judgement">
          {turn.judgement.covered.length > 0 && (
            <p className="hint">{t("transcript.covered", { points: turn.judgement.covered.join("; ") })}</p>
          )}
          {turn.judgement.missing.length > 0 && (
            <p className="hint">{t("transcript.missing", { points: turn.judgement.missing.join("; ") })}</p>
          )}
          <p className="hint">
            {t("transcript.judge", { judge: turn.judgement.judge || "—" })}
            {turn.judgement.note && <> {t("transcript.judge_note", { note: turn.judgement.note })}</>}
          </p>
        </div>
      )}
      <Events events={turn.events} />
    </li>
  );
}

function SignalHints({ turn }: { turn: Turn }) {
  const { t } = useTranslation();
  const s = turn.signals!;
  const parts: string[] = [];
  if ((s.pasted_chars ?? 0) > 0) parts.push(t("transcript.pasted", { count: s.pasted_chars }));
  if ((s.focus_lost ?? 0) > 0) parts.push(t("transcript.focus_lost", { count: s.focus_lost }));
  if (s.first_keystroke_ms !== undefined) {
    parts.push(t("transcript.first_keystroke", { seconds: formatNumber(s.first_keystroke_ms / 1000, 1) }));
  }
  if (parts.length === 0) return null;
  return (
    <p className="hint transcript__signals">
      <span className="visually-hidden">{t("transcript.signals")} </span>
      {parts.join(" · ")}
    </p>
  );
}

function Events({ events }: { events: Annotation[] }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) return null;
  const text = (a: Annotation): string => {
    switch (a.kind) {
      case "consent":
        return a.given ? t("transcript.consent_given") : t("transcript.consent_declined");
      case "repeat":
        return t("transcript.repeat");
      case "clarification":
        return t("transcript.clarification");
      case "timeout":
        return t("transcript.timeout");
      case "complete":
        return t(`transcript.ended.${a.reason}`, { defaultValue: t("transcript.ended_other", { reason: a.reason }) });
    }
  };
  return (
    <ul className="transcript__events">
      {events.map((a) => (
        <li key={`${a.seq}-${a.kind}`} className="hint">
          <time dateTime={a.at}>{formatTime(a.at, i18n.language)}</time> {text(a)}
          {a.kind === "clarification" && a.text && <span className="prewrap transcript__quote"> {a.text}</span>}
        </li>
      ))}
    </ul>
  );
}
