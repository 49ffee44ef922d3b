import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { FakeSocket } from "../test/fakeSocket";
import {
  invalidateScored,
  type Listen,
  listenScored,
  parseProgress,
  progressOf,
  ProgressFeed,
  SocketSource,
  TauriSource,
  tauriListen,
} from "./events";

const IID = "7f3c9a2e-5b1d-4c8e-9f60-2a4d8e1b3c57";
const OTHER = "0c5e2f6a-8d41-4f3b-a7c2-91e6b5d4f803";

/** A stand-in for Tauri's `listen`: records handlers, lets a test emit. */
function fakeListen() {
  const handlers = new Map<string, Set<(e: { payload: unknown }) => void>>();
  const unlistened: string[] = [];
  const listen = vi.fn<Listen>(async (event, handler) => {
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      unlistened.push(event);
    };
  });
  const emit = (event: string, payload: unknown) => {
    for (const h of handlers.get(event) ?? []) h({ payload });
  };
  const count = (event: string) => handlers.get(event)?.size ?? 0;
  return { listen, emit, count, unlistened };
}

/** Let pending promise callbacks run. */
const settle = () => new Promise<void>((r) => setTimeout(r, 0));

describe("progressOf / parseProgress", () => {
  it("reads a record and defaults a missing note", () => {
    expect(progressOf({ method: "jobs.rank", done: 1, total: 4 })).toEqual({
      method: "jobs.rank",
      done: 1,
      total: 4,
      note: "",
    });
    expect(parseProgress('{"method":"jobs.rank","done":2,"total":4,"note":"x"}')).toMatchObject({ done: 2, note: "x" });
  });

  it("rejects what is not one", () => {
    for (const v of [null, "jobs.rank", 3, [], { method: "jobs.rank", done: "1", total: 4 }, { done: 1, total: 2 }]) {
      expect(progressOf(v)).toBeNull();
    }
    expect(parseProgress("not json")).toBeNull();
  });
});

describe("ProgressFeed over the app's events", () => {
  it("feeds progress events in and unlistens when the last user goes", async () => {
    const ev = fakeListen();
    const feed = new ProgressFeed(new TauriSource(ev.listen));
    const seen = vi.fn();
    feed.subscribe(seen);
    expect(ev.listen).not.toHaveBeenCalled();

    const releaseA = feed.retain();
    const releaseB = feed.retain();
    await settle();
    expect(ev.listen).toHaveBeenCalledTimes(1);
    expect(ev.listen.mock.calls[0]![0]).toBe("progress");

    ev.emit("progress", { method: "jobs.rank", done: 3, total: 10, note: "ranking" });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(feed.getSnapshot().get("jobs.rank")).toEqual({ method: "jobs.rank", done: 3, total: 10, note: "ranking" });
    ev.emit("progress", { method: "candidates.upload", done: 1, total: 2, note: "" });
    expect([...feed.getSnapshot().keys()]).toEqual(["jobs.rank", "candidates.upload"]);

    releaseA();
    expect(ev.unlistened).toEqual([]);
    releaseB();
    expect(ev.unlistened).toEqual(["progress"]);
    expect(ev.count("progress")).toBe(0);

    // A new user listens again.
    const releaseC = feed.retain();
    await settle();
    expect(ev.listen).toHaveBeenCalledTimes(2);
    releaseC();
    expect(ev.count("progress")).toBe(0);
  });

  it("ignores a malformed payload", async () => {
    const ev = fakeListen();
    const feed = new ProgressFeed(new TauriSource(ev.listen));
    const seen = vi.fn();
    feed.subscribe(seen);
    const release = feed.retain();
    await settle();
    for (const bad of [null, "50%", { method: "jobs.rank", done: "3", total: 10 }, { method: 7, done: 1, total: 1 }]) {
      ev.emit("progress", bad);
    }
    expect(seen).not.toHaveBeenCalled();
    expect(feed.getSnapshot().size).toBe(0);
    release();
  });

  it("unlistens when released before listen has answered", async () => {
    const ev = fakeListen();
    const feed = new ProgressFeed(new TauriSource(ev.listen));
    feed.retain()();
    expect(ev.unlistened).toEqual([]);
    await settle();
    expect(ev.unlistened).toEqual(["progress"]);
    expect(ev.count("progress")).toBe(0);
  });

  it("loads the event module lazily, once", async () => {
    const ev = fakeListen();
    const load = vi.fn(async () => ({ listen: ev.listen }));
    const listen = tauriListen(load);
    expect(load).not.toHaveBeenCalled();
    const feed = new ProgressFeed(new TauriSource(listen));
    const release = feed.retain();
    await settle();
    ev.emit("progress", { method: "jobs.rank", done: 1, total: 1, note: "" });
    expect(feed.getSnapshot().get("jobs.rank")?.done).toBe(1);
    release();
    const again = feed.retain();
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    again();
  });
});

describe("ProgressFeed over the socket", () => {
  beforeEach(() => {
    FakeSocket.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads text frames, reconnects after a drop and closes when released", () => {
    const feed = new ProgressFeed(new SocketSource(() => "ws://test/ws/events", (u) => new FakeSocket(u)));
    const release = feed.retain();
    const ws = FakeSocket.last();
    expect(ws.url).toBe("ws://test/ws/events");
    ws.open();
    ws.receive({ method: "jobs.rank", done: 1, total: 2, note: "" });
    ws.onmessage?.({ data: "garbage" });
    expect(feed.getSnapshot().get("jobs.rank")?.done).toBe(1);

    ws.onclose?.({});
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(2);
    release();
    expect(FakeSocket.last().closed).toBe(true);
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.instances).toHaveLength(2);
  });
});

describe("scored events", () => {
  function seeded() {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const keys = {
      card: ["scorecards.get", { interview_id: IID }],
      otherCard: ["scorecards.get", { interview_id: OTHER }],
      interview: ["interviews.get", { id: IID }],
      otherInterview: ["interviews.get", { id: OTHER }],
      jobCards: ["scorecards.job", { id: "j1" }],
      interviews: ["interviews.list", {}],
      analytics: ["analytics.get", {}],
      jobs: ["jobs.list", {}],
    };
    for (const k of Object.values(keys)) qc.setQueryData(k, { seeded: true });
    const stale = (k: unknown[]) => qc.getQueryState(k)?.isInvalidated ?? false;
    return { qc, keys, stale };
  }

  it("invalidates the scorecards and interviews a new scorecard changes", async () => {
    const { qc, keys, stale } = seeded();
    await invalidateScored(qc, IID);
    for (const k of [keys.card, keys.interview, keys.jobCards, keys.interviews, keys.analytics]) {
      expect(stale(k), JSON.stringify(k)).toBe(true);
    }
    for (const k of [keys.otherCard, keys.otherInterview, keys.jobs]) {
      expect(stale(k), JSON.stringify(k)).toBe(false);
    }
  });

  it("listens to the app's scored event and stops when told", async () => {
    const ev = fakeListen();
    const { qc, keys, stale } = seeded();
    const stop = listenScored(qc, ev.listen);
    await settle();
    expect(ev.listen.mock.calls[0]![0]).toBe("scored");

    ev.emit("scored", IID);
    await settle();
    expect(stale(keys.card)).toBe(true);
    expect(stale(keys.interviews)).toBe(true);
    expect(stale(keys.otherCard)).toBe(false);
    expect(stale(keys.jobs)).toBe(false);

    stop();
    expect(ev.unlistened).toEqual(["scored"]);
  });

  it("invalidates every scorecard and interview when the id is unreadable", async () => {
    const { qc, keys, stale } = seeded();
    await invalidateScored(qc, 42);
    expect(stale(keys.card)).toBe(true);
    expect(stale(keys.otherInterview)).toBe(true);
    expect(stale(keys.jobs)).toBe(false);
  });
});
