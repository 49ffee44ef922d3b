// An interview's stored envelopes (interviews.transcript, recruiter view)
// as the turns the scorer numbers, with what a recruiter wants beside
// them: times, the answer's signals, the judgement that followed, and the
// notable events between turns.
//
// The numbering is exactly `Transcript::from_events`
// (crates/core/src/scoring/transcript.rs): a question that is not a
// repeat, or a follow-up, is an interviewer turn; a (recruiter-only)
// answer is a candidate turn; nothing else is a turn. A scorecard's
// evidence `turn` is an index into that list.
import type { CompleteReason, Envelope, Signals } from "../api/protocol";

/** The recruiter-only entries of the stream (docs/interview-protocol.md). */
export type PrivateEvent =
  | {
      type: "answer";
      client_msg_id: string;
      question_id: string;
      /** 0 for the answer to the question, n for the n-th follow-up. */
      follow_up: number;
      text: string;
      signals: Signals;
    }
  | {
      type: "judgement";
      question_id: string;
      follow_up: number;
      covered: string[];
      missing: string[];
      decided: boolean;
      judge: string;
      note?: string;
      follow_up_by?: string;
    };

type Head = { seq: number; interview_id: string; at: string };

/** One entry of an interview's stream as recruiters see it. */
export type StoredEnvelope = Envelope | (Head & PrivateEvent);

export type Speaker = "interviewer" | "candidate";

export interface Judgement {
  covered: string[];
  missing: string[];
  judge: string;
  note: string | null;
  decided: boolean;
}

/** Something that happened between turns. */
export type Annotation =
  | { kind: "consent"; seq: number; at: string; given: boolean }
  | { kind: "repeat"; seq: number; at: string; question_id: string }
  | { kind: "clarification"; seq: number; at: string; question_id: string; text: string }
  | { kind: "timeout"; seq: number; at: string; question_id: string }
  | { kind: "complete"; seq: number; at: string; reason: CompleteReason | string };

export interface Turn {
  /** The index the scorer (and a scorecard's evidence `turn`) uses. */
  index: number;
  role: Speaker;
  text: string;
  question_id: string;
  seq: number;
  at: string;
  /** The plan question's 1-based number, when known. */
  question_number: number | null;
  /** The plan's length, when known. */
  of: number | null;
  /** 0 for a question (or its answer), n for the n-th follow-up. */
  follow_up: number;
  /** An answer's signals (candidate turns only). */
  signals: Signals | null;
  /** The judge's verdict on an answer, once made (candidate turns only). */
  judgement: Judgement | null;
  /** What happened after this turn, before the next one. */
  events: Annotation[];
}

export interface TranscriptView {
  turns: Turn[];
  /** What happened before the first turn (the consent). */
  opening: Annotation[];
}

// ----- reading the server's JSON -----

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The envelopes of `interviews.transcript`'s answer; anything malformed is left out. */
export function readEnvelopes(v: unknown): StoredEnvelope[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (e): e is StoredEnvelope => isObj(e) && typeof e.type === "string" && num(e.seq) !== null,
  );
}

function readSignals(v: unknown): Signals {
  const o = isObj(v) ? v : {};
  const s: Signals = { pasted_chars: num(o.pasted_chars) ?? 0, focus_lost: num(o.focus_lost) ?? 0 };
  const first = num(o.first_keystroke_ms);
  if (first !== null) s.first_keystroke_ms = first;
  return s;
}

// ----- turns -----

/** Kinds never stored: they carry a `seq` that is not their own. */
function isTransient(e: { type: string }): boolean {
  return e.type === "question_delta" || e.type === "error";
}

/** The turns (scorer's numbering) and the events between them. */
export function buildTranscript(envelopes: readonly StoredEnvelope[]): TranscriptView {
  const turns: Turn[] = [];
  const opening: Annotation[] = [];
  const questions = new Map<string, { number: number; of: number }>();
  const note = (a: Annotation) => (turns.length > 0 ? turns[turns.length - 1]!.events : opening).push(a);
  const push = (t: Omit<Turn, "index" | "events" | "judgement" | "signals"> & Partial<Pick<Turn, "signals">>) =>
    turns.push({ signals: null, ...t, index: turns.length, judgement: null, events: [] });

  for (const e of envelopes) {
    const head = { seq: e.seq, at: str(e.at) };
    switch (e.type) {
      case "question": {
        const question_id = str(e.question_id);
        const number = num(e.number);
        const of = num(e.of);
        if (number !== null) questions.set(question_id, { number, of: of ?? 0 });
        // Exactly what the scorer counts: `repeat` absent or false.
        if (e.repeat === true) {
          note({ kind: "repeat", ...head, question_id });
          break;
        }
        push({ role: "interviewer", text: str(e.text), question_id, ...head, question_number: number, of, follow_up: 0 });
        break;
      }
      case "follow_up": {
        const question_id = str(e.question_id);
        const q = questions.get(question_id);
        push({
          role: "interviewer",
          text: str(e.text),
          question_id,
          ...head,
          question_number: q?.number ?? null,
          of: q?.of || null,
          follow_up: num(e.number) ?? 0,
        });
        break;
      }
      case "answer": {
        const question_id = str(e.question_id);
        const q = questions.get(question_id);
        push({
          role: "candidate",
          text: str(e.text),
          question_id,
          ...head,
          question_number: q?.number ?? null,
          of: q?.of || null,
          follow_up: num(e.follow_up) ?? 0,
          signals: readSignals(e.signals),
        });
        break;
      }
      case "judgement": {
        const question_id = str(e.question_id);
        const follow_up = num(e.follow_up) ?? 0;
        // The answer it judges: the latest one to this question and follow-up.
        const answer = [...turns]
          .reverse()
          .find((t) => t.role === "candidate" && t.question_id === question_id && t.follow_up === follow_up);
        if (answer) {
          answer.judgement = {
            covered: strings(e.covered),
            missing: strings(e.missing),
            judge: str(e.judge),
            note: typeof e.note === "string" && e.note !== "" ? e.note : null,
            decided: e.decided === true,
          };
        }
        break;
      }
      case "consent":
        note({ kind: "consent", ...head, given: e.given === true });
        break;
      case "clarification":
        note({ kind: "clarification", ...head, question_id: str(e.question_id), text: str(e.text) });
        break;
      case "timeout":
        note({ kind: "timeout", ...head, question_id: str(e.question_id) });
        break;
      case "complete":
        note({ kind: "complete", ...head, reason: str(e.reason) });
        break;
      default:
        // welcome, answer_ack, question_delta, error: not turns, not notable.
        break;
    }
  }
  return { turns, opening };
}

/** Only the scorer's list: role, text and question of each turn, in order. */
export function scorerTurns(envelopes: readonly StoredEnvelope[]): { role: Speaker; message: string; question_id: string }[] {
  return buildTranscript(envelopes).turns.map((t) => ({ role: t.role, message: t.text, question_id: t.question_id }));
}

// ----- fetching more -----

/** The last stored `seq` known (what to ask `after_seq` for); null when none. */
export function lastSeq(envelopes: readonly StoredEnvelope[]): number | null {
  let last: number | null = null;
  for (const e of envelopes) if (!isTransient(e) && (last === null || e.seq > last)) last = e.seq;
  return last;
}

/**
 * `known` with the envelopes of `fresh` it lacks, in `seq` order. An entry is
 * the same when its `seq` and `type` are (a `question_delta` shares its
 * `follow_up`'s `seq`); the transient kinds (`question_delta`, `error`) are
 * never stored, so they are left out. Returns `known` itself when nothing is new.
 */
export function mergeEnvelopes(known: readonly StoredEnvelope[], fresh: readonly StoredEnvelope[]): StoredEnvelope[] {
  const key = (e: StoredEnvelope) => `${e.seq}\u0000${e.type}`;
  const seen = new Set(known.map(key));
  const added: StoredEnvelope[] = [];
  for (const e of fresh) {
    if (isTransient(e) || seen.has(key(e))) continue;
    seen.add(key(e));
    added.push(e);
  }
  if (added.length === 0 && !known.some(isTransient)) return known as StoredEnvelope[];
  // A stable sort: entries with the same seq keep the order they came in.
  return [...known.filter((e) => !isTransient(e)), ...added].sort((a, b) => a.seq - b.seq);
}
