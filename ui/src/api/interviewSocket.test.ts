import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket } from "../test/fakeSocket";
import { backoffDelay, chatItems, InterviewSocket, openTurn, turnKey } from "./interviewSocket";

const IID = "7f3c9a2e-5b1d-4c8e-9f60-2a4d8e1b3c57";
const Q1 = "0c5e2f6a-8d41-4f3b-a7c2-91e6b5d4f803";
const Q2 = "d2a7b9c4-3e15-4a68-b0f9-6c8e1d27a54b";

const env = (seq: number, ev: object) => ({ seq, interview_id: IID, at: new Date().toISOString(), ...ev });
const welcome = env(1, {
  type: "welcome",
  language: "en",
  job_title: "Backend Engineer",
  notice: "This interview … no disadvantage.",
  questions: 2,
  question_time_limit_secs: 300,
  overall_limit_secs: 5400,
});
const consented = env(2, { type: "consent", given: true });
const deadline = () => new Date(Date.now() + 300_000).toISOString();
const question1 = () =>
  env(3, { type: "question", question_id: Q1, number: 1, of: 2, text: "How did you fix a slow query?", kind: "technical", deadline: deadline(), time_limit_secs: 300 });

let ids = 0;
function make(extra: Partial<ConstructorParameters<typeof InterviewSocket>[0]> = {}) {
  return new InterviewSocket({
    url: "ws://test/ws/interview",
    storageKey: IID,
    createSocket: (url) => new FakeSocket(url),
    storage: sessionStorage,
    backoff: { initialMs: 1000, maxMs: 8000, random: () => 1 },
    newId: () => `msg-${++ids}`,
    ...extra,
  });
}

/** Start, open, and get to the first question. */
function toFirstQuestion(s: InterviewSocket) {
  s.start();
  const ws = FakeSocket.last();
  ws.open();
  ws.receive(welcome);
  s.consent(true);
  ws.receive(consented);
  ws.receive(question1());
  return ws;
}

beforeEach(() => {
  FakeSocket.reset();
  ids = 0;
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("InterviewSocket", () => {
  it("opens with hello (last_seq null) and sends a queued message after it", () => {
    const s = make();
    s.start();
    expect(s.getSnapshot().status).toBe("connecting");
    s.consent(true); // before the socket is open: queued
    const ws = FakeSocket.last();
    expect(ws.url).toBe("ws://test/ws/interview");
    ws.open();
    expect(ws.messages()).toEqual([
      { type: "hello", last_seq: null },
      { type: "consent", client_msg_id: "msg-1", given: true },
    ]);
    expect(s.getSnapshot().status).toBe("open");
  });

  it("takes last_seq from stored envelopes only, never from a delta or an error", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    expect(s.getSnapshot().lastSeq).toBe(3);
    ws.receive(env(7, { type: "question_delta", question_id: Q1, delta: "How did you measure that" }));
    expect(s.getSnapshot().lastSeq).toBe(3);
    expect(s.getSnapshot().streaming?.text).toBe("How did you measure that");
    ws.receive(env(3, { type: "error", code: "interview.empty_answer", message: "The answer is empty." }));
    expect(s.getSnapshot().lastSeq).toBe(3);
    expect(s.getSnapshot().envelopes.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("reconnects with backoff after a drop, says hello with its last_seq and resends the unacknowledged answer under the SAME id", () => {
    const s = make();
    const ws1 = toFirstQuestion(s);
    const open = openTurn(s.getSnapshot().envelopes)!;
    s.setDraft(open.turn, open.question_id, "We had a p95 of 2 s …");
    const id = s.answer();
    expect(id).toBe("msg-2");
    expect(ws1.messages().at(-1)).toMatchObject({ type: "answer", client_msg_id: "msg-2", question_id: Q1, text: "We had a p95 of 2 s …" });

    // The network drops before the ack.
    ws1.drop();
    const st = s.getSnapshot();
    expect(st.status).toBe("reconnecting");
    expect(st.retryAt).not.toBeNull();
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);

    const ws2 = FakeSocket.last();
    ws2.open();
    expect(ws2.messages()).toEqual([
      { type: "hello", last_seq: 3 },
      {
        type: "answer",
        client_msg_id: "msg-2",
        question_id: Q1,
        text: "We had a p95 of 2 s …",
        signals: expect.objectContaining({ pasted_chars: 0, focus_lost: 0 }) as unknown,
      },
    ]);

    // The server stored it the first time: the same ack comes twice (replay + retry).
    const ack = env(5, { type: "answer_ack", client_msg_id: "msg-2", question_id: Q1 });
    ws2.receive(ack);
    ws2.receive(ack);
    const after = s.getSnapshot();
    expect(after.pending).toEqual([]);
    expect(after.envelopes.filter((e) => e.seq === 5)).toHaveLength(1);
    expect(after.answers[0]).toMatchObject({ client_msg_id: "msg-2", status: "saved" });
    expect(after.drafts[open.turn]).toBeUndefined();
    expect(openTurn(after.envelopes)).toBeNull();
  });

  it("keeps growing the delay while the server stays unreachable, up to the cap", () => {
    const s = make();
    s.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      FakeSocket.last().fail();
      const st = s.getSnapshot();
      delays.push(st.retryAt! - Date.now());
      vi.advanceTimersByTime(st.retryAt! - Date.now());
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    // An open connection starts the count again.
    FakeSocket.last().open();
    expect(s.getSnapshot().attempt).toBe(0);
  });

  it("backoff is jittered between half and all of the exponential cap", () => {
    const b = { initialMs: 500, maxMs: 30_000, random: () => 0 };
    expect(backoffDelay(0, b)).toBe(250);
    expect(backoffDelay(3, b)).toBe(2000);
    expect(backoffDelay(30, { ...b, random: () => 0.999 })).toBeLessThanOrEqual(30_000);
  });

  it("keeps the draft and the unsent answer in sessionStorage across a reload, resending with the same id", () => {
    const s1 = make();
    const ws = toFirstQuestion(s1);
    const turn = turnKey(Q1, 0);
    s1.setDraft(turn, Q1, "Draft in progress");
    ws.drop();
    s1.stop();

    // The page reloads: a new client for the same interview.
    const s2 = make();
    expect(s2.getSnapshot().drafts[turn]?.text).toBe("Draft in progress");
    s2.start();
    const ws2 = FakeSocket.last();
    ws2.open();
    expect(ws2.messages()[0]).toEqual({ type: "hello", last_seq: null });
    [welcome, consented, question1()].forEach((e) => ws2.receive(e));
    s2.answer();
    const sent = ws2.messages().at(-1)!;
    expect(sent.type).toBe("answer");
    s2.stop();

    // Reload again before the ack: the answer goes out again with its id.
    const s3 = make();
    s3.start();
    const ws3 = FakeSocket.last();
    ws3.open();
    expect(ws3.messages()[1]).toMatchObject({ type: "answer", client_msg_id: sent.client_msg_id, text: "Draft in progress" });
  });

  it("an error refuses the oldest message sent on this connection and keeps the draft for another try", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    const turn = turnKey(Q1, 0);
    s.setDraft(turn, Q1, "late answer");
    s.answer();
    ws.receive(env(3, { type: "error", code: "interview.too_late", message: "too late" }));
    const st = s.getSnapshot();
    expect(st.pending).toEqual([]);
    expect(st.lastError).toEqual({ code: "interview.too_late", message: "too late" });
    expect(st.answers[0]).toMatchObject({ status: "failed", error: { code: "interview.too_late" } });
    expect(st.drafts[turn]?.text).toBe("late answer");
    expect(chatItems(st).at(-1)).toMatchObject({ kind: "answer", status: "failed", text: "late answer" });
  });

  it("refuses blank, over-long and duplicate answers locally", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    const turn = turnKey(Q1, 0);
    expect(s.answer()).toBeNull();
    s.setDraft(turn, Q1, "   ");
    expect(s.answer()).toBeNull();
    s.setDraft(turn, Q1, "x".repeat(20_001));
    expect(s.answer()).toBeNull();
    s.setDraft(turn, Q1, "ok");
    expect(s.answer()).not.toBeNull();
    expect(s.answer()).toBeNull(); // already on its way
    expect(ws.messages().filter((m) => m.type === "answer")).toHaveLength(1);
  });

  it("shows streamed follow-up text until the stored follow_up replaces it", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    s.setDraft(turnKey(Q1, 0), Q1, "answer");
    s.answer();
    ws.receive(env(5, { type: "answer_ack", client_msg_id: "msg-2", question_id: Q1 }));
    ws.receive(env(7, { type: "question_delta", question_id: Q1, delta: "How did you measure that" }));
    ws.receive(env(7, { type: "question_delta", question_id: Q1, delta: " the new index" }));
    expect(s.getSnapshot().streaming).toEqual({ seq: 7, question_id: Q1, text: "How did you measure that the new index" });
    ws.receive(
      env(7, { type: "follow_up", question_id: Q1, number: 1, text: "How did you measure that the new index actually helped?", deadline: deadline(), time_limit_secs: 300 }),
    );
    const st = s.getSnapshot();
    expect(st.streaming).toBeNull();
    const open = openTurn(st.envelopes)!;
    expect(open).toMatchObject({ turn: turnKey(Q1, 1), follow_up: 1, number: 1, of: 2, text: "How did you measure that the new index actually helped?" });
    // A late delta for a stored follow-up is ignored.
    ws.receive(env(7, { type: "question_delta", question_id: Q1, delta: "stale" }));
    expect(s.getSnapshot().streaming).toBeNull();
  });

  it("drops the deltas of a half-streamed follow-up on reconnect (they are never replayed)", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    ws.receive(env(7, { type: "question_delta", question_id: Q1, delta: "How did you measure that" }));
    ws.drop();
    expect(s.getSnapshot().streaming).toBeNull();
  });

  it("resolves repeat and clarify by their replies", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    s.repeat();
    s.clarify();
    expect(s.getSnapshot().pending.map((p) => p.message.type)).toEqual(["repeat", "clarify"]);
    ws.receive({ ...question1(), repeat: true });
    ws.receive(env(4, { type: "clarification", question_id: Q1, text: "This question is about …" }));
    expect(s.getSnapshot().pending).toEqual([]);
  });

  it("stops for good on complete and forgets the drafts", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    s.setDraft(turnKey(Q1, 0), Q1, "unsent");
    s.leave();
    ws.receive(env(4, { type: "complete", reason: "left", message: "You have left the interview." }));
    const st = s.getSnapshot();
    expect(st.status).toBe("ended");
    expect(st.pending).toEqual([]);
    expect(st.drafts).toEqual({});
    expect(ws.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it("reconnects at once when the browser is back online", () => {
    const events = new EventTarget();
    const s = make({ events });
    toFirstQuestion(s);
    events.dispatchEvent(new Event("offline"));
    expect(s.getSnapshot().status).toBe("reconnecting");
    expect(FakeSocket.instances).toHaveLength(1);
    events.dispatchEvent(new Event("online"));
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last().open();
    expect(FakeSocket.last().messages()[0]).toEqual({ type: "hello", last_seq: 3 });
  });

  it("ignores events of a socket it has given up on", () => {
    const s = make();
    const ws1 = toFirstQuestion(s);
    ws1.drop();
    vi.advanceTimersByTime(1000);
    const ws2 = FakeSocket.last();
    ws2.open();
    // The old socket's late frames change nothing.
    ws1.onmessage?.({ data: JSON.stringify(env(99, { type: "timeout", question_id: Q2 })) });
    expect(s.getSnapshot().lastSeq).toBe(3);
  });

  it("records signals: pasted characters, focus lost, first keystroke", () => {
    let now = 1_000_000;
    const s = make({ now: () => now });
    const ws = toFirstQuestion(s);
    const turn = turnKey(Q1, 0);
    s.shown(turn, Q1);
    now += 4200;
    s.setDraft(turn, Q1, "a");
    s.focusLost(turn);
    s.setDraft(turn, Q1, "a pasted text", 12);
    s.answer();
    expect(ws.messages().at(-1)!.signals).toEqual({ pasted_chars: 12, focus_lost: 1, first_keystroke_ms: 4200 });
  });
});

describe("chatItems", () => {
  it("lists questions, the candidate's answers and timeouts in order", () => {
    const s = make();
    const ws = toFirstQuestion(s);
    s.setDraft(turnKey(Q1, 0), Q1, "my answer");
    s.answer();
    ws.receive(env(5, { type: "answer_ack", client_msg_id: "msg-2", question_id: Q1 }));
    ws.receive(env(7, { type: "question", question_id: Q2, number: 2, of: 2, text: "Tell us about a disagreement.", kind: "behavioural", deadline: deadline(), time_limit_secs: 300 }));
    ws.receive(env(8, { type: "timeout", question_id: Q2 }));
    const kinds = chatItems(s.getSnapshot()).map((i) => i.kind);
    expect(kinds).toEqual(["question", "answer", "question", "timeout"]);
    expect(chatItems(s.getSnapshot())[1]).toMatchObject({ text: "my answer", status: "saved" });
  });
});
