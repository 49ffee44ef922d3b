// A candidate's interview over `/ws/interview`, speaking
// docs/interview-protocol.md: `hello` with the last stored `seq`, one
// `client_msg_id` per message, reconnection with backoff, and every message
// without a reply sent again under the SAME id after a reconnect (the
// server makes retries harmless). The answer being typed lives in the state
// and in sessionStorage, so a dropped network or a reload loses nothing.
//
// Transport-agnostic: it needs only something shaped like a WebSocket
// (`SocketLike`), made by a factory — the browser's WebSocket by default; a
// fake in tests; a Tauri channel later.
import type { ClientMessage, Envelope, OutboundMessage, Signals } from "./protocol";
import { isStored, parseEnvelope } from "./protocol";
import { openTurn } from "./interviewView";

// What the stored envelopes say (the open turn, the chat), for the screens.
export { chatItems, openTurn, type ChatItem, type OpenTurn } from "./interviewView";

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

export type ConnectionStatus =
  /** Not started. */
  | "idle"
  /** The first connection is being made. */
  | "connecting"
  | "open"
  /** The connection dropped; waiting to try again (see `retryAt`). */
  | "reconnecting"
  /** The interview is over (`complete`); nothing reconnects. */
  | "ended"
  /** Closed by `stop()`. */
  | "stopped";

export interface PendingMessage {
  message: OutboundMessage;
  /** The connection it was last written to (null: not yet sent). */
  sentOn: number | null;
}

/** An answer this device sent, kept to show it (answers are never replayed). */
export interface AnswerRecord {
  client_msg_id: string;
  question_id: string;
  turn: string;
  text: string;
  status: "sending" | "saved" | "failed";
  error?: { code: string; message: string };
}

/** The answer being written for one turn (a question or one follow-up). */
export interface Draft {
  turn: string;
  question_id: string;
  text: string;
  pasted_chars: number;
  focus_lost: number;
  /** Milliseconds from the turn being shown to the first keystroke. */
  first_keystroke_ms?: number;
  /** Local time the turn was first shown (for `first_keystroke_ms`). */
  shown_at?: number;
}

export interface InterviewState {
  status: ConnectionStatus;
  /** Failed tries since the last open connection. */
  attempt: number;
  /** Local time of the next try while reconnecting. */
  retryAt: number | null;
  /** The highest stored `seq` received (never a delta's or an error's). */
  lastSeq: number | null;
  /** Stored envelopes, ascending by `seq`, each once. */
  envelopes: Envelope[];
  /** The follow-up being written by the model (`question_delta`s). */
  streaming: { seq: number; question_id: string; text: string } | null;
  pending: PendingMessage[];
  answers: AnswerRecord[];
  drafts: Record<string, Draft>;
  /** The last `error` envelope, for the person to read. */
  lastError: { code: string; message: string } | null;
  /** Estimate of server time minus local time, in ms. */
  clockOffsetMs: number;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** Returns [0, 1): the jitter's source. */
  random: () => number;
}

export interface InterviewSocketOptions {
  url: string;
  /** Key for sessionStorage (the interview's id). */
  storageKey: string;
  createSocket?: SocketFactory;
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
  backoff?: Partial<Backoff>;
  /** Where `online`, `offline` and `visibilitychange` are heard. */
  events?: Pick<EventTarget, "addEventListener" | "removeEventListener"> | null;
  now?: () => number;
  newId?: () => string;
}

/** A v4 UUID, also outside secure contexts (a LAN server without TLS). */
export function newMessageId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The delay before try `attempt` (0-based): exponential, capped, jittered. */
export function backoffDelay(attempt: number, b: Backoff): number {
  const cap = Math.min(b.maxMs, b.initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(cap / 2 + (cap / 2) * b.random());
}

/** The key of a turn: the question, or its n-th follow-up. */
export function turnKey(questionId: string, followUp: number): string {
  return `${questionId}#${followUp}`;
}

export const MAX_ANSWER_CHARS = 20_000;

interface Persisted {
  pending: PendingMessage[];
  answers: AnswerRecord[];
  drafts: Record<string, Draft>;
}

const INITIAL: InterviewState = {
  status: "idle",
  attempt: 0,
  retryAt: null,
  lastSeq: null,
  envelopes: [],
  streaming: null,
  pending: [],
  answers: [],
  drafts: {},
  lastError: null,
  clockOffsetMs: 0,
};

export class InterviewSocket {
  private state: InterviewState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private socket: SocketLike | null = null;
  /** Bumped per connection; handlers of older sockets are ignored. */
  private connection = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private maxClockBound = Number.NEGATIVE_INFINITY;
  private readonly backoff: Backoff;
  private readonly createSocket: SocketFactory;
  private readonly storage: InterviewSocketOptions["storage"];
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly storageKey: string;

  constructor(private readonly options: InterviewSocketOptions) {
    this.backoff = { initialMs: 500, maxMs: 30_000, random: Math.random, ...options.backoff };
    this.createSocket =
      options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.storage =
      options.storage === undefined
        ? typeof sessionStorage === "undefined"
          ? null
          : sessionStorage
        : options.storage;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? newMessageId;
    this.storageKey = `ats.interview.${options.storageKey}`;
    this.state = { ...INITIAL, ...this.load() };
  }

  // ----- store for React (useSyncExternalStore) -----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): InterviewState => this.state;

  private set(patch: Partial<InterviewState>, persist = false): void {
    this.state = { ...this.state, ...patch };
    if (persist) this.save();
    for (const l of this.listeners) l();
  }

  private load(): Partial<Persisted> {
    try {
      const text = this.storage?.getItem(this.storageKey);
      if (!text) return {};
      const p = JSON.parse(text) as Partial<Persisted>;
      return {
        // Nothing of the old page's connection is still on a wire.
        pending: (p.pending ?? []).map((m) => ({ ...m, sentOn: null })),
        answers: p.answers ?? [],
        drafts: p.drafts ?? {},
      };
    } catch {
      return {};
    }
  }

  private save(): void {
    if (!this.storage) return;
    const { pending, answers, drafts } = this.state;
    try {
      this.storage.setItem(this.storageKey, JSON.stringify({ pending, answers, drafts }));
    } catch {
      // Storage full or denied: the state in memory still holds it.
    }
  }

  // ----- connection -----

  start(): void {
    if (this.state.status !== "idle" && this.state.status !== "stopped") return;
    const ev = this.options.events;
    ev?.addEventListener("online", this.onOnline);
    ev?.addEventListener("offline", this.onOffline);
    ev?.addEventListener("visibilitychange", this.onOnline);
    this.connect("connecting");
  }

  stop(): void {
    this.teardown();
    if (this.state.status !== "ended") this.set({ status: "stopped", retryAt: null });
  }

  /** Try again now instead of waiting for the backoff. */
  reconnectNow(): void {
    if (this.state.status !== "reconnecting") return;
    this.clearTimer();
    this.connect("reconnecting");
  }

  private teardown(): void {
    const ev = this.options.events;
    ev?.removeEventListener("online", this.onOnline);
    ev?.removeEventListener("offline", this.onOffline);
    ev?.removeEventListener("visibilitychange", this.onOnline);
    this.clearTimer();
    this.connection++;
    const s = this.socket;
    this.socket = null;
    if (s) {
      detach(s);
      try {
        s.close(1000, "done");
      } catch {
        /* already closed */
      }
    }
  }

  private onOnline = (): void => {
    const hidden = typeof document !== "undefined" && document.visibilityState === "hidden";
    if (!hidden) this.reconnectNow();
  };

  private onOffline = (): void => {
    // The browser knows the network is gone before the socket does.
    if (this.socket) this.dropped();
  };

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private connect(status: "connecting" | "reconnecting"): void {
    const id = ++this.connection;
    this.set({ status, retryAt: null });
    let s: SocketLike;
    try {
      s = this.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = s;
    s.onopen = () => {
      if (id !== this.connection) return;
      this.opened(id);
    };
    s.onmessage = (ev) => {
      if (id !== this.connection) return;
      if (typeof ev.data === "string") this.received(ev.data);
    };
    s.onclose = () => {
      if (id !== this.connection) return;
      this.dropped();
    };
    s.onerror = () => {
      /* a close follows */
    };
  }

  private opened(id: number): void {
    // The replay starts after what is held; deltas of a follow-up being
    // written are not replayed, its stored text will be.
    this.set({ status: "open", attempt: 0, streaming: null });
    this.write({ type: "hello", last_seq: this.state.lastSeq });
    const pending = this.state.pending.map((p) => {
      this.write(p.message);
      return { ...p, sentOn: id };
    });
    this.set({ pending }, true);
  }

  private dropped(): void {
    const s = this.socket;
    this.socket = null;
    this.connection++;
    if (s) {
      detach(s);
      try {
        s.close();
      } catch {
        /* already closed */
      }
    }
    if (this.state.status === "ended" || this.state.status === "stopped") return;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.clearTimer();
    const delay = backoffDelay(this.state.attempt, this.backoff);
    this.set({
      status: "reconnecting",
      attempt: this.state.attempt + 1,
      retryAt: this.now() + delay,
      streaming: null,
    });
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect("reconnecting");
    }, delay);
  }

  private write(message: ClientMessage): boolean {
    const s = this.socket;
    if (!s || s.readyState !== OPEN) return false;
    try {
      s.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  // ----- receiving -----

  private received(text: string): void {
    const env = parseEnvelope(text);
    if (!env) return;
    const at = Date.parse(env.at);
    if (!Number.isNaN(at)) {
      this.maxClockBound = Math.max(this.maxClockBound, at - this.now());
    }
    const clockOffsetMs =
      this.maxClockBound > -10 * 60_000 && Number.isFinite(this.maxClockBound)
        ? Math.round(this.maxClockBound)
        : 0;

    if (env.type === "question_delta") {
      // A delta for a follow-up already stored is stale.
      if (this.state.lastSeq !== null && env.seq <= this.state.lastSeq) return;
      const cur = this.state.streaming;
      const streaming =
        cur && cur.seq === env.seq
          ? { ...cur, text: cur.text + env.delta }
          : { seq: env.seq, question_id: env.question_id, text: env.delta };
      this.set({ streaming, clockOffsetMs });
      return;
    }
    if (env.type === "error") {
      this.failOldestSent({ code: env.code, message: env.message });
      this.set({ lastError: { code: env.code, message: env.message }, clockOffsetMs }, true);
      return;
    }
    if (!isStored(env)) return;
    this.resolveBy(env);
    const known = this.state.envelopes.some((e) => e.seq === env.seq);
    let envelopes = this.state.envelopes;
    if (!known) {
      envelopes = [...envelopes, env].sort((a, b) => a.seq - b.seq);
    }
    const lastSeq = this.state.lastSeq === null ? env.seq : Math.max(this.state.lastSeq, env.seq);
    const streaming =
      env.type === "follow_up" && this.state.streaming?.seq === env.seq ? null : this.state.streaming;
    this.set({ envelopes, lastSeq, streaming, clockOffsetMs }, true);
    if (env.type === "complete") this.ended();
  }

  /** An error goes to the client whose message caused it, in order. */
  private failOldestSent(error: { code: string; message: string }): void {
    const idx = this.state.pending.findIndex((p) => p.sentOn === this.connection);
    if (idx < 0) return;
    const p = this.state.pending[idx]!;
    const pending = this.state.pending.filter((_, i) => i !== idx);
    let answers = this.state.answers;
    if (p.message.type === "answer") {
      const id = p.message.client_msg_id;
      answers = answers.map((a) => (a.client_msg_id === id ? { ...a, status: "failed", error } : a));
    }
    this.set({ pending, answers }, true);
  }

  private resolveBy(env: Envelope): void {
    let pending = this.state.pending;
    let answers = this.state.answers;
    let drafts = this.state.drafts;
    const dropFirst = (pred: (m: OutboundMessage) => boolean) => {
      const i = pending.findIndex((p) => pred(p.message));
      if (i >= 0) pending = pending.filter((_, j) => j !== i);
    };
    switch (env.type) {
      case "answer_ack": {
        const id = env.client_msg_id;
        pending = pending.filter((p) => p.message.client_msg_id !== id);
        const rec = answers.find((a) => a.client_msg_id === id);
        if (rec) {
          answers = answers.map((a) => (a.client_msg_id === id ? { ...a, status: "saved" } : a));
          if (drafts[rec.turn]) {
            drafts = { ...drafts };
            delete drafts[rec.turn];
          }
        }
        break;
      }
      case "consent":
        dropFirst((m) => m.type === "consent");
        break;
      case "question":
        if (env.repeat) dropFirst((m) => m.type === "repeat");
        break;
      case "follow_up":
        // A repeat of a follow-up sends the same follow_up again.
        if (this.state.envelopes.some((e) => e.seq === env.seq)) {
          dropFirst((m) => m.type === "repeat");
        }
        break;
      case "clarification":
        dropFirst((m) => m.type === "clarify");
        break;
      case "complete": {
        // Nothing more is stored: what is still unanswered never will be.
        const ended = { code: "interview.ended", message: env.message };
        const open = new Set(
          pending.filter((p) => p.message.type === "answer").map((p) => p.message.client_msg_id),
        );
        answers = answers.map((a) =>
          open.has(a.client_msg_id) && a.status === "sending" ? { ...a, status: "failed", error: ended } : a,
        );
        pending = [];
        break;
      }
      default:
        break;
    }
    if (pending !== this.state.pending || answers !== this.state.answers || drafts !== this.state.drafts) {
      this.set({ pending, answers, drafts }, true);
    }
  }

  private ended(): void {
    this.teardown();
    this.set({ status: "ended", retryAt: null, drafts: {} }, true);
  }

  // ----- sending -----

  private enqueue(message: OutboundMessage, extra: Partial<InterviewState> = {}): string {
    const sent = this.write(message);
    const entry: PendingMessage = { message, sentOn: sent ? this.connection : null };
    this.set({ ...extra, pending: [...this.state.pending, entry], lastError: null }, true);
    return message.client_msg_id;
  }

  consent(given: boolean): string {
    return this.enqueue({ type: "consent", client_msg_id: this.newId(), given });
  }

  repeat(): string {
    return this.enqueue({ type: "repeat", client_msg_id: this.newId() });
  }

  clarify(text = ""): string {
    return this.enqueue({ type: "clarify", client_msg_id: this.newId(), text });
  }

  leave(): string {
    return this.enqueue({ type: "leave", client_msg_id: this.newId() });
  }

  /**
   * Send the draft of the open turn. Returns the message id, or null when
   * there is nothing to send (no open turn, a blank or over-long answer, an
   * answer to this turn already on its way).
   */
  answer(): string | null {
    const open = openTurn(this.state.envelopes);
    if (!open) return null;
    const draft = this.state.drafts[open.turn];
    if (!draft || !draft.text.trim() || draft.text.length > MAX_ANSWER_CHARS) return null;
    const busy = this.state.answers.some(
      (a) => a.turn === open.turn && (a.status === "sending" || a.status === "saved"),
    );
    if (busy) return null;
    const signals: Signals = { pasted_chars: draft.pasted_chars, focus_lost: draft.focus_lost };
    if (draft.first_keystroke_ms !== undefined) signals.first_keystroke_ms = draft.first_keystroke_ms;
    const client_msg_id = this.newId();
    const record: AnswerRecord = {
      client_msg_id,
      question_id: open.question_id,
      turn: open.turn,
      text: draft.text,
      status: "sending",
    };
    const answers = [...this.state.answers.filter((a) => a.turn !== open.turn), record];
    return this.enqueue(
      { type: "answer", client_msg_id, question_id: open.question_id, text: draft.text, signals },
      { answers },
    );
  }

  // ----- the draft -----

  /** The turn being answered has been shown (starts the keystroke clock). */
  shown(turn: string, questionId: string): void {
    if (this.state.drafts[turn]) return;
    this.set(
      {
        drafts: {
          ...this.state.drafts,
          [turn]: { turn, question_id: questionId, text: "", pasted_chars: 0, focus_lost: 0, shown_at: this.now() },
        },
      },
      true,
    );
  }

  setDraft(turn: string, questionId: string, text: string, pastedChars = 0): void {
    const d: Draft = this.state.drafts[turn] ?? {
      turn,
      question_id: questionId,
      text: "",
      pasted_chars: 0,
      focus_lost: 0,
    };
    const next: Draft = { ...d, text, pasted_chars: d.pasted_chars + pastedChars };
    if (next.first_keystroke_ms === undefined && text.length > 0 && d.shown_at !== undefined) {
      next.first_keystroke_ms = Math.max(0, this.now() - d.shown_at);
    }
    // An answer that failed (too late, say) may be written again.
    const answers = this.state.answers.filter((a) => !(a.turn === turn && a.status === "failed"));
    this.set({ drafts: { ...this.state.drafts, [turn]: next }, answers }, true);
  }

  focusLost(turn: string): void {
    const d = this.state.drafts[turn];
    if (!d) return;
    this.set({ drafts: { ...this.state.drafts, [turn]: { ...d, focus_lost: d.focus_lost + 1 } } }, true);
  }

  /** Forget what this device holds of the interview (after it ended). */
  clearStorage(): void {
    this.storage?.removeItem(this.storageKey);
  }
}

function detach(s: SocketLike): void {
  s.onopen = null;
  s.onmessage = null;
  s.onclose = null;
  s.onerror = null;
}
