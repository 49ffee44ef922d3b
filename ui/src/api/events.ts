// `/ws/events`: a signed-in user's live progress of long work (ranking, …)
// in their company, one `{method, done, total, note}` per text frame.
import { useEffect, useSyncExternalStore } from "react";
import { isTauri, wsUrl } from "./client";
import type { SocketFactory, SocketLike } from "./interviewSocket";
import { backoffDelay } from "./interviewSocket";

export interface Progress {
  method: string;
  done: number;
  total: number;
  note: string;
}

export function parseProgress(text: string): Progress | null {
  try {
    const v = JSON.parse(text) as Partial<Progress>;
    if (typeof v.method !== "string" || typeof v.done !== "number" || typeof v.total !== "number") {
      return null;
    }
    return { method: v.method, done: v.done, total: v.total, note: typeof v.note === "string" ? v.note : "" };
  } catch {
    return null;
  }
}

type Latest = ReadonlyMap<string, Progress>;

/** One shared connection while anything listens; reconnects with backoff. */
export class ProgressFeed {
  private latest: Latest = new Map();
  private readonly listeners = new Set<() => void>();
  private socket: SocketLike | null = null;
  private users = 0;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: () => string,
    private readonly createSocket: SocketFactory = (u) => new WebSocket(u) as unknown as SocketLike,
  ) {}

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): Latest => this.latest;

  retain(): () => void {
    this.users++;
    if (this.users === 1) this.connect();
    return () => {
      this.users--;
      if (this.users === 0) this.close();
    };
  }

  private connect(): void {
    let s: SocketLike;
    try {
      s = this.createSocket(this.url());
    } catch {
      this.retry();
      return;
    }
    this.socket = s;
    s.onopen = () => {
      this.attempt = 0;
    };
    s.onmessage = (ev) => {
      if (typeof ev.data !== "string") return;
      const p = parseProgress(ev.data);
      if (!p) return;
      const next = new Map(this.latest);
      next.set(p.method, p);
      this.latest = next;
      for (const l of this.listeners) l();
    };
    s.onclose = () => {
      if (this.socket !== s) return;
      this.socket = null;
      if (this.users > 0) this.retry();
    };
    s.onerror = () => {};
  }

  private retry(): void {
    const delay = backoffDelay(this.attempt++, { initialMs: 1000, maxMs: 60_000, random: Math.random });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.users > 0) this.connect();
    }, delay);
  }

  private close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
  }
}

let feed: ProgressFeed | null = null;

function sharedFeed(): ProgressFeed | null {
  // The desktop app has no event socket (yet): progress is not shown there.
  if (typeof window === "undefined" || isTauri()) return null;
  feed ??= new ProgressFeed(() => wsUrl("/ws/events"));
  return feed;
}

const EMPTY: Latest = new Map();
const noop = () => () => {};

/** The latest progress of each method (or of one), live while mounted. */
export function useProgress(): Latest;
export function useProgress(method: string): Progress | undefined;
export function useProgress(method?: string): Progress | Latest | undefined {
  const f = sharedFeed();
  useEffect(() => f?.retain(), [f]);
  const latest = useSyncExternalStore(f?.subscribe ?? noop, f?.getSnapshot ?? (() => EMPTY));
  return method === undefined ? latest : latest.get(method);
}
