import { describe, expect, it } from "vitest";
import {
  buildTranscript,
  lastSeq,
  mergeEnvelopes,
  readEnvelopes,
  scorerTurns,
  type StoredEnvelope,
} from "./transcript";

const ID = "7f3c9a2e";
const Q1 = "0c5e2f6a";
const Q2 = "d2a7b9c4";
let clock = 0;
const at = () => `2026-12-01T09:${String(clock++).padStart(2, "0")}:00.000Z`;
const env = (seq: number, event: Record<string, unknown>): StoredEnvelope =>
  ({ seq, interview_id: ID, at: at(), ...event }) as StoredEnvelope;

const question = (seq: number, qid: string, number: number, text: string, extra: Record<string, unknown> = {}) =>
  env(seq, { type: "question", question_id: qid, number, of: 2, text, kind: "technical", deadline: "", time_limit_secs: 300, ...extra });
const answer = (seq: number, qid: string, follow_up: number, text: string, signals: Record<string, unknown> = {}) =>
  env(seq, { type: "answer", client_msg_id: `m${seq}`, question_id: qid, follow_up, text, signals });

/** The example session of docs/interview-protocol.md, with a repeat, a
 * streamed follow-up, a clarification and a timeout added. */
function session(): StoredEnvelope[] {
  clock = 0;
  return [
    env(1, { type: "welcome", language: "en", job_title: "Backend Engineer", notice: "…", questions: 2, question_time_limit_secs: 300, overall_limit_secs: 5400 }),
    env(2, { type: "consent", given: true }),
    question(3, Q1, 1, "How did you fix a slow query?"),
    question(4, Q1, 1, "How did you fix a slow query?", { repeat: true }),
    answer(5, Q1, 0, "We had a p95 of 2 s …", { pasted_chars: 120, first_keystroke_ms: 4200, focus_lost: 2 }),
    env(6, { type: "answer_ack", client_msg_id: "m5", question_id: Q1 }),
    env(7, { type: "judgement", question_id: Q1, follow_up: 0, covered: ["Indexes from query plans"], missing: ["Measured before and after"], decided: false, judge: "offline judge v1", note: "llm.cancelled: cancelled", follow_up_by: "template" }),
    env(8, { type: "question_delta", question_id: Q1, delta: "How did you measure" }),
    env(8, { type: "follow_up", question_id: Q1, number: 1, text: "How did you measure that?", deadline: "", time_limit_secs: 300 }),
    answer(9, Q1, 1, "Grafana, a week before and after."),
    env(10, { type: "answer_ack", client_msg_id: "m9", question_id: Q1 }),
    env(11, { type: "judgement", question_id: Q1, follow_up: 1, covered: ["Measured before and after"], missing: [], decided: true, judge: "local/m" }),
    question(12, Q2, 2, "Tell us about a disagreement.", { repeat: false }),
    env(13, { type: "clarification", question_id: Q2, text: "Describe one real situation." }),
    env(14, { type: "timeout", question_id: Q2 }),
    env(15, { type: "complete", reason: "finished", message: "Thank you." }),
  ];
}

describe("transcript turns", () => {
  it("are numbered exactly as the scorer's Transcript::from_events", () => {
    // Questions that are not repeats and follow-ups: interviewer; answers: candidate.
    // The repeat (seq 4), the delta, acks, judgements and the rest are not turns.
    expect(scorerTurns(session())).toEqual([
      { role: "interviewer", message: "How did you fix a slow query?", question_id: Q1 },
      { role: "candidate", message: "We had a p95 of 2 s …", question_id: Q1 },
      { role: "interviewer", message: "How did you measure that?", question_id: Q1 },
      { role: "candidate", message: "Grafana, a week before and after.", question_id: Q1 },
      { role: "interviewer", message: "Tell us about a disagreement.", question_id: Q2 },
    ]);
    const { turns } = buildTranscript(session());
    expect(turns.map((t) => [t.index, t.seq])).toEqual([
      [0, 3],
      [1, 5],
      [2, 8],
      [3, 9],
      [4, 12],
    ]);
  });

  it("count a question with `repeat: false` and never one with `repeat: true`", () => {
    clock = 0;
    const turns = buildTranscript([
      question(1, Q1, 1, "A?", { repeat: true }),
      question(2, Q1, 1, "A?", { repeat: false }),
      question(3, Q1, 1, "A?"),
    ]).turns;
    expect(turns.map((t) => t.seq)).toEqual([2, 3]);
  });

  it("carry times, question numbers, follow-ups, signals and the judgement", () => {
    const { turns } = buildTranscript(session());
    const [q1, a1, f1, a2, q2] = turns;
    expect(q1).toMatchObject({ role: "interviewer", question_number: 1, of: 2, follow_up: 0, signals: null, judgement: null });
    expect(q1!.at).toBe("2026-12-01T09:02:00.000Z");
    expect(a1).toMatchObject({
      role: "candidate",
      follow_up: 0,
      signals: { pasted_chars: 120, first_keystroke_ms: 4200, focus_lost: 2 },
      judgement: { covered: ["Indexes from query plans"], missing: ["Measured before and after"], judge: "offline judge v1", note: "llm.cancelled: cancelled", decided: false },
    });
    expect(f1).toMatchObject({ role: "interviewer", question_number: 1, of: 2, follow_up: 1 });
    // No first keystroke known: left out, not 0.
    expect(a2!.signals).toEqual({ pasted_chars: 0, focus_lost: 0 });
    expect(a2!.judgement).toMatchObject({ covered: ["Measured before and after"], missing: [], note: null, decided: true });
    expect(q2).toMatchObject({ question_number: 2, of: 2 });
  });

  it("annotate what happens between turns", () => {
    const { turns, opening } = buildTranscript(session());
    expect(opening.map((a) => a.kind)).toEqual(["consent"]);
    expect(opening[0]).toMatchObject({ given: true, seq: 2 });
    expect(turns[0]!.events).toEqual([expect.objectContaining({ kind: "repeat", seq: 4, question_id: Q1 })]);
    expect(turns[1]!.events).toEqual([]);
    expect(turns[4]!.events.map((a) => a.kind)).toEqual(["clarification", "timeout", "complete"]);
    expect(turns[4]!.events[0]).toMatchObject({ text: "Describe one real situation." });
    expect(turns[4]!.events[2]).toMatchObject({ reason: "finished" });
  });

  it("a declined consent ends before any turn", () => {
    clock = 0;
    const v = buildTranscript([env(1, { type: "consent", given: false }), env(2, { type: "complete", reason: "consent_declined", message: "" })]);
    expect(v.turns).toEqual([]);
    expect(v.opening).toEqual([
      expect.objectContaining({ kind: "consent", given: false }),
      expect.objectContaining({ kind: "complete", reason: "consent_declined" }),
    ]);
  });

  it("a judgement with no answer to attach to changes nothing", () => {
    clock = 0;
    const v = buildTranscript([question(1, Q1, 1, "A?"), env(2, { type: "judgement", question_id: Q2, follow_up: 0, covered: [], missing: [], decided: true, judge: "x" })]);
    expect(v.turns).toHaveLength(1);
    expect(v.turns[0]!.judgement).toBeNull();
  });
});

describe("reading and merging envelopes", () => {
  it("reads an array, leaving out what is not an envelope", () => {
    expect(readEnvelopes(null)).toEqual([]);
    expect(readEnvelopes({ seq: 1 })).toEqual([]);
    const ok = { seq: 1, interview_id: ID, at: "", type: "consent", given: true };
    expect(readEnvelopes([ok, null, "x", { type: "consent" }, { seq: 2 }])).toEqual([ok]);
  });

  it("the last seq comes from stored envelopes only", () => {
    expect(lastSeq([])).toBeNull();
    expect(lastSeq(session())).toBe(15);
    clock = 0;
    expect(lastSeq([env(3, { type: "consent", given: true }), env(4, { type: "question_delta", question_id: Q1, delta: "x" })])).toBe(3);
    expect(lastSeq([env(3, { type: "consent", given: true }), env(9, { type: "error", code: "x", message: "" })])).toBe(3);
  });

  it("appends what came after, without duplicates, in seq order", () => {
    const all = session();
    const known = all.slice(0, 6);
    // The server answered after_seq 6 with 7…, and a retry repeats some.
    const merged = mergeEnvelopes(known, [...all.slice(4, 9), ...all.slice(6)]);
    expect(merged.map((e) => `${e.seq}:${e.type}`)).toEqual(
      all.filter((e) => e.type !== "question_delta").map((e) => `${e.seq}:${e.type}`),
    );
    expect(scorerTurns(merged)).toEqual(scorerTurns(all));
    // Nothing new: the same list.
    expect(mergeEnvelopes(merged, all.slice(10))).toBe(merged);
    expect(mergeEnvelopes(merged, [])).toBe(merged);
  });

  it("a delta sharing its follow-up's seq neither hides nor duplicates it", () => {
    clock = 0;
    const delta = env(7, { type: "question_delta", question_id: Q1, delta: "How did" });
    const follow = env(7, { type: "follow_up", question_id: Q1, number: 1, text: "How did you measure it?", deadline: "", time_limit_secs: 300 });
    const first = mergeEnvelopes([], [delta]);
    expect(first).toEqual([]);
    const merged = mergeEnvelopes(first, [delta, follow, follow]);
    expect(merged).toEqual([follow]);
    // A list that held a delta loses it on the next merge.
    expect(mergeEnvelopes([delta, follow] as StoredEnvelope[], [])).toEqual([follow]);
  });

  it("keeps entries arriving out of order sorted", () => {
    clock = 0;
    const a = env(2, { type: "consent", given: true });
    const b = question(3, Q1, 1, "A?");
    const c = answer(5, Q1, 0, "B.");
    expect(mergeEnvelopes([a, c], [b]).map((e) => e.seq)).toEqual([2, 3, 5]);
  });
});
