// What an interview's envelopes say, as pure functions of the state the
// socket keeps (interviewSocket.ts): the turn waiting for an answer, and
// the chat the candidate sees.
import type { Envelope, QuestionKind } from "./protocol";
import { turnKey, type AnswerRecord, type InterviewState } from "./interviewSocket";

// ----- what the envelopes say -----

export interface OpenTurn {
  turn: string;
  question_id: string;
  text: string;
  kind: QuestionKind | null;
  number: number;
  of: number | null;
  /** 0 for the question, n for its n-th follow-up. */
  follow_up: number;
  deadline: string;
  time_limit_secs: number;
}

/** The question or follow-up waiting for an answer, if any. */
export function openTurn(envelopes: Envelope[]): OpenTurn | null {
  let open: OpenTurn | null = null;
  let lastQuestion: { number: number; of: number; kind: QuestionKind } | null = null;
  for (const e of envelopes) {
    switch (e.type) {
      case "question":
        lastQuestion = { number: e.number, of: e.of, kind: e.kind };
        open = {
          turn: turnKey(e.question_id, 0),
          question_id: e.question_id,
          text: e.text,
          kind: e.kind,
          number: e.number,
          of: e.of,
          follow_up: 0,
          deadline: e.deadline,
          time_limit_secs: e.time_limit_secs,
        };
        break;
      case "follow_up":
        open = {
          turn: turnKey(e.question_id, e.number),
          question_id: e.question_id,
          text: e.text,
          kind: lastQuestion?.kind ?? null,
          number: lastQuestion?.number ?? e.number,
          of: lastQuestion?.of ?? null,
          follow_up: e.number,
          deadline: e.deadline,
          time_limit_secs: e.time_limit_secs,
        };
        break;
      case "answer_ack":
      case "timeout":
        if (open && open.question_id === e.question_id) open = null;
        break;
      case "complete":
        open = null;
        break;
      default:
        break;
    }
  }
  return open;
}

export type ChatItem =
  | { kind: "question"; key: string; text: string; number: number; of: number; followUp: 0 }
  | { kind: "follow_up"; key: string; text: string; number: number; followUp: number }
  | { kind: "clarification"; key: string; text: string }
  | { kind: "answer"; key: string; text: string | null; status: AnswerRecord["status"]; error?: AnswerRecord["error"] }
  | { kind: "timeout"; key: string }
  | { kind: "complete"; key: string; text: string };

/** The conversation as the candidate sees it. */
export function chatItems(state: InterviewState): ChatItem[] {
  const items: ChatItem[] = [];
  const acked = new Set<string>();
  const byId = new Map(state.answers.map((a) => [a.client_msg_id, a]));
  for (const e of state.envelopes) {
    const key = `e${e.seq}`;
    switch (e.type) {
      case "question":
        if (!e.repeat) {
          items.push({ kind: "question", key, text: e.text, number: e.number, of: e.of, followUp: 0 });
        }
        break;
      case "follow_up":
        items.push({ kind: "follow_up", key, text: e.text, number: e.number, followUp: e.number });
        break;
      case "clarification":
        items.push({ kind: "clarification", key, text: e.text });
        break;
      case "answer_ack": {
        acked.add(e.client_msg_id);
        const a = byId.get(e.client_msg_id);
        items.push({ kind: "answer", key, text: a?.text ?? null, status: "saved" });
        break;
      }
      case "timeout":
        items.push({ kind: "timeout", key });
        break;
      case "complete":
        items.push({ kind: "complete", key, text: e.message });
        break;
      default:
        break;
    }
  }
  // Answers on their way (or refused) follow what is stored.
  for (const a of state.answers) {
    if (acked.has(a.client_msg_id) || a.status === "saved") continue;
    items.push({ kind: "answer", key: `a${a.client_msg_id}`, text: a.text, status: a.status, error: a.error });
  }
  return items;
}
