import { describe, expect, it, vi } from "vitest";
import {
  ApiError,
  call,
  httpTransport,
  isTauri,
  parseRetryAfter,
  selectTransport,
  setTransport,
  statusOfCode,
  tauriTransport,
  wsUrl,
} from "./client";

function respond(status: number, body: string, headers: Record<string, string> = {}) {
  return vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(body, { status, headers }));
}

describe("httpTransport", () => {
  it("posts JSON to /api/<method> with credentials and returns the output", async () => {
    const fetch = respond(200, JSON.stringify([{ id: "j1" }]));
    const t = httpTransport({ fetch, baseUrl: "https://ats.example.com/" });
    await expect(t.call("jobs.list", {})).resolves.toEqual([{ id: "j1" }]);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://ats.example.com/api/jobs.list");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("include");
    expect(new Headers(init.headers).get("content-type")).toBe("application/json");
    expect(init.body).toBe("{}");
  });

  it("uses the same origin by default", async () => {
    const fetch = respond(200, "{}");
    await httpTransport({ fetch }).call("auth.me", {});
    expect(fetch.mock.calls[0]![0]).toBe("/api/auth.me");
  });

  it("maps an error body to a typed ApiError with code, message and status", async () => {
    const fetch = respond(401, JSON.stringify({ code: "auth.totp_required", message: "send totp" }));
    const err = await httpTransport({ fetch })
      .call("auth.sign_in", { email: "a", password: "b", totp: null })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "auth.totp_required", message: "send totp", status: 401, retryAfterSecs: null });
  });

  it("puts Retry-After of a 429 in the error and its message", async () => {
    const fetch = respond(429, JSON.stringify({ code: "rate_limited", message: "slow down" }), { "Retry-After": "17" });
    const err = (await httpTransport({ fetch })
      .call("jobs.list", {})
      .catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe("rate_limited");
    expect(err.status).toBe(429);
    expect(err.retryAfterSecs).toBe(17);
    expect(err.message).toContain("retry after 17 s");
  });

  it("handles a 429 without a JSON body", async () => {
    const fetch = respond(429, "Too Many Requests", { "Retry-After": "3" });
    const err = (await httpTransport({ fetch }).call("jobs.list", {}).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: "rate_limited", status: 429, retryAfterSecs: 3 });
  });

  it("maps a 413 (body refused before it was read) to client.too_large", async () => {
    const fetch = respond(413, "");
    const err = (await httpTransport({ fetch })
      .call("candidates.upload", { file_name: "a.pdf", content_base64: "" })
      .catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: "client.too_large", status: 413 });
  });

  it("maps a non-JSON error page to client.http with its status", async () => {
    const fetch = respond(502, "<html>Bad gateway</html>");
    const err = (await httpTransport({ fetch }).call("jobs.list", {}).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: "client.http", status: 502 });
  });

  it("maps a network failure to client.network", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const err = (await httpTransport({ fetch }).call("jobs.list", {}).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: "client.network", status: 0 });
  });

  it("rejects a 200 whose body is not JSON", async () => {
    const fetch = respond(200, "not json");
    const err = (await httpTransport({ fetch }).call("jobs.list", {}).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe("client.bad_response");
  });

  it("sends the input as JSON", async () => {
    const fetch = respond(200, "{}");
    await httpTransport({ fetch }).call("settings.llm_set", { timeout_secs: 90 });
    expect(fetch.mock.calls[0]![1]!.body).toBe('{"timeout_secs":90}');
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("5")).toBe(5);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const now = Date.parse("2026-12-01T09:00:00Z");
    expect(parseRetryAfter("Tue, 01 Dec 2026 09:00:30 GMT", now)).toBe(30);
  });
});

describe("tauriTransport", () => {
  it("invokes the call command with method and input", async () => {
    const invoke = vi.fn(async () => ({ set_up: true }));
    const t = tauriTransport(async () => ({ invoke }));
    await expect(t.call("auth.status", {})).resolves.toEqual({ set_up: true });
    expect(invoke).toHaveBeenCalledWith("call", { method: "auth.status", input: {} });
  });

  it("maps a {code, message} rejection to an ApiError with the code's HTTP status", async () => {
    const invoke = vi.fn(async () => {
      throw { code: "not_found", message: "no such job" };
    });
    const err = (await tauriTransport(async () => ({ invoke }))
      .call("jobs.get", { id: "x" })
      .catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "not_found", message: "no such job", status: 404 });
  });

  it("reads a JSON string rejection too", async () => {
    const invoke = vi.fn(async () => {
      throw JSON.stringify({ code: "auth.locked", message: "locked" });
    });
    const err = (await tauriTransport(async () => ({ invoke }))
      .call("auth.me", {})
      .catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: "auth.locked", status: 423 });
  });

  it("invokes the call command with the method and its input", async () => {
    const invoke = vi.fn(async () => ({}));
    await tauriTransport(async () => ({ invoke })).call("settings.llm_set", { timeout_secs: 5 });
    expect(invoke).toHaveBeenCalledWith("call", { method: "settings.llm_set", input: { timeout_secs: 5 } });
  });

  it("knows the statuses of codes", () => {
    expect(statusOfCode("auth.unauthenticated")).toBe(401);
    expect(statusOfCode("validation.invalid")).toBe(422);
    expect(statusOfCode("resume.corrupt")).toBe(400);
  });
});

describe("transport selection", () => {
  it("picks Tauri when __TAURI_INTERNALS__ is on the window", () => {
    expect(isTauri({ __TAURI_INTERNALS__: {} })).toBe(true);
    expect(isTauri({})).toBe(false);
    expect(isTauri(undefined)).toBe(false);
    expect(selectTransport({ __TAURI_INTERNALS__: {} }).kind).toBe("tauri");
    expect(selectTransport({}).kind).toBe("http");
    expect(selectTransport(window).kind).toBe("http");
  });

  it("call goes through the chosen transport", async () => {
    const fake = { kind: "fake" as const, call: vi.fn(async () => ({ set_up: false })) };
    setTransport(fake);
    try {
      await expect(call("auth.status", {})).resolves.toEqual({ set_up: false });
      expect(fake.call).toHaveBeenCalledWith("auth.status", {});
    } finally {
      setTransport(null);
    }
  });

  it("derives WebSocket addresses from the base URL or the page", () => {
    expect(wsUrl("/ws/interview", "https://ats.example.com")).toBe("wss://ats.example.com/ws/interview");
    expect(wsUrl("/ws/events", "http://10.0.0.2:8080/")).toBe("ws://10.0.0.2:8080/ws/events");
    expect(wsUrl("/ws/interview", "", { protocol: "https:", host: "jobs.acme.test" })).toBe(
      "wss://jobs.acme.test/ws/interview",
    );
  });
});
