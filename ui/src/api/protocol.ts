// The interview protocol's wire types (docs/interview-protocol.md;
// crates/core/src/interview/protocol.rs).

export type QuestionKind = "technical" | "behavioural" | "situational" | "resume_deep_dive";

export interface Signals {
  pasted_chars?: number;
  first_keystroke_ms?: number;
  focus_lost?: number;
}

export type ClientMessage =
  | { type: "hello"; last_seq: number | null }
  | { type: "consent"; client_msg_id: string; given: boolean }
  | { type: "answer"; client_msg_id: string; question_id?: string; text: string; signals?: Signals }
  | { type: "repeat"; client_msg_id: string }
  | { type: "clarify"; client_msg_id: string; text?: string }
  | { type: "leave"; client_msg_id: string };

/** A message that carries a `client_msg_id` (every one but `hello`). */
export type OutboundMessage = Exclude<ClientMessage, { type: "hello" }>;

export type CompleteReason =
  | "finished"
  | "time_up"
  | "consent_declined"
  | "left"
  | "invitation_expired";

export type ServerEvent =
  | {
      type: "welcome";
      language: string;
      job_title: string;
      notice: string;
      questions: number;
      question_time_limit_secs: number;
      overall_limit_secs: number;
    }
  | { type: "consent"; given: boolean }
  | {
      type: "question";
      question_id: string;
      number: number;
      of: number;
      text: string;
      kind: QuestionKind;
      deadline: string;
      time_limit_secs: number;
      repeat?: boolean;
    }
  | { type: "question_delta"; question_id: string; delta: string }
  | {
      type: "follow_up";
      question_id: string;
      number: number;
      text: string;
      deadline: string;
      time_limit_secs: number;
    }
  | { type: "answer_ack"; client_msg_id: string; question_id: string }
  | { type: "clarification"; question_id: string; text: string }
  | { type: "timeout"; question_id: string }
  | { type: "complete"; reason: CompleteReason; message: string }
  | { type: "error"; code: string; message: string };

export type Envelope = { seq: number; interview_id: string; at: string } & ServerEvent;

/** Envelopes that are stored (and so replayed, and count for `last_seq`). */
export function isStored(e: Envelope): boolean {
  return e.type !== "error" && e.type !== "question_delta";
}

export function parseEnvelope(text: string): Envelope | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.type !== "string" || typeof o.seq !== "number") return null;
  return o as unknown as Envelope;
}
