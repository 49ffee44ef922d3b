// Live progress of long work (ranking, uploads, scoring, …) in the user's
// company, one `{method, done, total, note}` at a time, from one of two
// sources: the `/ws/events` WebSocket (one per text frame) in a browser, or
// the desktop app's `"progress"` events (Tauri `emit`) in the app. The app
// also emits `"scored"` with an interview's id when its scorecard is made:
// `listenScored` refreshes what shows scorecards and interviews.
import { useEffect, useSyncExternalStore } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { isTauri, wsUrl } from "./client";
import type { SocketFactory, SocketLike } from "./interviewSocket";
import { backoffDelay } from "./interviewSocket";

export interface Progress {
  method: string;
  done: number;
  total: number;
  note: string;
}

/** A progress record from a decoded value (an event's payload), else null. */
export function progressOf(value: unknown): Progress | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Partial<Record<keyof Progress, unknown>>;
  if (typeof v.method !== "string" || typeof v.done !== "number" || typeof v.total !== "number") {
    return null;
  }
  return { method: v.method, done: v.done, total: v.total, note: typeof v.note === "string" ? v.note : "" };
}

/** A progress record from a text frame, else null. */
export function parseProgress(text: string): Progress | null {
  try {
    return progressOf(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Where progress comes from: started for the first user, stopped after the last. */
export interface ProgressSource {
  start(emit: (p: Progress) => void): void;
  stop(): void;
}

/** The `/ws/events` socket; reconnects with backoff while started. */
export class SocketSource implements ProgressSource {
  private socket: SocketLike | null = null;
  private emit: ((p: Progress) => void) | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: () => string,
    private readonly createSocket: SocketFactory = (u) => new WebSocket(u) as unknown as SocketLike,
  ) {}

  start(emit: (p: Progress) => void): void {
    this.emit = emit;
    this.connect();
  }

  stop(): void {
    this.emit = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
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
      if (p) this.emit?.(p);
    };
    s.onclose = () => {
      if (this.socket !== s) return;
      this.socket = null;
      if (this.emit) this.retry();
    };
    s.onerror = () => {};
  }

  private retry(): void {
    const delay = backoffDelay(this.attempt++, { initialMs: 1000, maxMs: 60_000, random: Math.random });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.emit) this.connect();
    }, delay);
  }
}

/** Tauri's `listen` (from `@tauri-apps/api/event`), as much of it as is used. */
export type Listen = (event: string, handler: (event: { payload: unknown }) => void) => Promise<() => void>;

/** The app's `listen`, loaded on first use so the browser bundle skips it. */
export function tauriListen(
  load: () => Promise<{ listen: Listen }> = () => import("@tauri-apps/api/event"),
): Listen {
  let mod: Promise<{ listen: Listen }> | null = null;
  return async (event, handler) => {
    mod ??= load();
    return (await mod).listen(event, handler);
  };
}

/**
 * Subscribe to an app event; the returned function unsubscribes, also when
 * it is called before `listen` has answered. A failed `listen` is no events.
 */
function subscribeEvent(listen: Listen, event: string, handler: (payload: unknown) => void): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen(event, (e) => {
    if (!stopped) handler(e.payload);
  }).then(
    (u) => {
      if (stopped) u();
      else unlisten = u;
    },
    () => {},
  );
  return () => {
    stopped = true;
    unlisten?.();
    unlisten = null;
  };
}

/** The desktop app's `"progress"` events. */
export class TauriSource implements ProgressSource {
  private unlisten: (() => void) | null = null;

  constructor(private readonly listen: Listen = tauriListen()) {}

  start(emit: (p: Progress) => void): void {
    this.unlisten = subscribeEvent(this.listen, "progress", (payload) => {
      const p = progressOf(payload);
      if (p) emit(p);
    });
  }

  stop(): void {
    this.unlisten?.();
    this.unlisten = null;
  }
}

type Latest = ReadonlyMap<string, Progress>;

/** The latest progress of each method, from one shared source while anything listens. */
export class ProgressFeed {
  private latest: Latest = new Map();
  private readonly listeners = new Set<() => void>();
  private users = 0;

  constructor(private readonly source: ProgressSource) {}

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): Latest => this.latest;

  retain(): () => void {
    this.users++;
    if (this.users === 1) this.source.start(this.push);
    return () => {
      this.users--;
      if (this.users === 0) this.source.stop();
    };
  }

  private push = (p: Progress): void => {
    const next = new Map(this.latest);
    next.set(p.method, p);
    this.latest = next;
    for (const l of this.listeners) l();
  };
}

let feed: ProgressFeed | null = null;

function sharedFeed(): ProgressFeed | null {
  if (typeof window === "undefined") return null;
  feed ??= new ProgressFeed(isTauri() ? new TauriSource() : new SocketSource(() => wsUrl("/ws/events")));
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

/** Methods whose answers a new scorecard changes, whichever interview it is. */
export const SCORED_METHODS = ["scorecards.job", "interviews.list", "analytics.get", "fairness.report"] as const;

/** Mark stale (and refetch where shown) what a new scorecard of `interviewId` changes. */
export function invalidateScored(queryClient: QueryClient, interviewId: unknown): Promise<void> {
  const keys: unknown[][] = SCORED_METHODS.map((m) => [m]);
  if (typeof interviewId === "string" && interviewId) {
    keys.push(["scorecards.get", { interview_id: interviewId }], ["interviews.get", { id: interviewId }]);
  } else {
    keys.push(["scorecards.get"], ["interviews.get"]);
  }
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => {});
}

/** Refresh on the app's `"scored"` events until the returned function is called. */
export function listenScored(queryClient: QueryClient, listen: Listen = tauriListen()): () => void {
  return subscribeEvent(listen, "scored", (id) => void invalidateScored(queryClient, id));
}
