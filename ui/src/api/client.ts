// The typed client: one `call` over a transport chosen once at start-up —
// HTTP (`POST /api/<method>`) in a browser, the Tauri command in the app.
import type { Methods } from "./types";

/** An error of a call: the core's `{code, message}` plus the HTTP status. */
export class ApiError extends Error {
  readonly code: string;
  /** HTTP status (the status the code has over HTTP, for the app). */
  readonly status: number;
  /** Seconds the server asks to wait (429 `Retry-After`). */
  readonly retryAfterSecs: number | null;

  constructor(code: string, message: string, status: number, retryAfterSecs: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.retryAfterSecs = retryAfterSecs;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Codes the client itself raises (the core never sends these). */
export const CLIENT_CODES = {
  network: "client.network",
  badResponse: "client.bad_response",
  tooLarge: "client.too_large",
  http: "client.http",
} as const;

/** The HTTP status of each core code (docs/error-codes.md). */
const STATUS_OF_CODE: Record<string, number> = {
  "auth.unauthenticated": 401,
  "auth.forbidden": 403,
  "auth.bad_credentials": 401,
  "auth.locked": 423,
  "auth.totp_required": 401,
  "auth.bad_totp": 401,
  "auth.invalid_invitation": 401,
  "validation.invalid": 422,
  "validation.weak_password": 422,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  "store.database": 500,
  "store.io": 500,
  "store.malformed": 500,
  "report.font": 500,
  "report.pdf": 500,
  "report.io": 500,
  "llm.store": 500,
  "embed.inference": 500,
};

export function statusOfCode(code: string): number {
  return STATUS_OF_CODE[code] ?? 400;
}

/** How a call reaches the method table. */
export interface Transport {
  readonly kind: "http" | "tauri" | "fake";
  /** The server's address for HTTP ("" is this origin). */
  readonly baseUrl?: string;
  call(method: string, input: unknown): Promise<unknown>;
}

function isErrorBody(v: unknown): v is { code: string; message: string } {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { code?: unknown }).code === "string" &&
    typeof (v as { message?: unknown }).message === "string"
  );
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date). */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The error of a non-2xx answer: the core's `{code, message}` when the body
 * is one, else a client code for the status (413, 429, any other).
 */
export function errorFromResponse(
  status: number,
  statusText: string,
  bodyText: string,
  retryAfterHeader: string | null,
): ApiError {
  let body: unknown = undefined;
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    body = undefined;
  }
  const retryAfter = status === 429 ? parseRetryAfter(retryAfterHeader) : null;
  if (isErrorBody(body)) {
    const message = retryAfter !== null ? `${body.message} (retry after ${retryAfter} s)` : body.message;
    return new ApiError(body.code, message, status, retryAfter);
  }
  if (status === 413) return new ApiError(CLIENT_CODES.tooLarge, "The request is too large.", 413);
  if (status === 429) {
    return new ApiError(
      "rate_limited",
      retryAfter !== null ? `Too many requests (retry after ${retryAfter} s)` : "Too many requests",
      429,
      retryAfter,
    );
  }
  return new ApiError(CLIENT_CODES.http, `HTTP ${status}${statusText ? ` ${statusText}` : ""}`, status);
}

export interface HttpOptions {
  /** The server's address (`https://ats.example.com`); "" is this origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function httpTransport(options: HttpOptions = {}): Transport {
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return {
    kind: "http",
    baseUrl: base,
    async call(method, input) {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/${method}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(input ?? {}),
          credentials: "include",
        });
      } catch (e) {
        throw new ApiError(CLIENT_CODES.network, e instanceof Error ? e.message : String(e), 0);
      }
      const text = await response.text().catch(() => "");
      if (response.ok) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new ApiError(CLIENT_CODES.badResponse, "The server's answer is not JSON.", response.status);
        }
      }
      throw errorFromResponse(response.status, response.statusText, text, response.headers.get("Retry-After"));
    },
  };
}

/** The XMLHttpRequest constructor (replaced in tests). */
export type XhrFactory = () => XMLHttpRequest;

/**
 * One resume streamed to `POST /upload?name=FILE` as raw bytes (HTTP only;
 * the same answer as `candidates.upload`), reporting the bytes sent (0–1).
 */
export function uploadRaw(
  file: Blob,
  name: string,
  onProgress: (fraction: number) => void = () => {},
  base: string = configuredBaseUrl(),
  makeXhr: XhrFactory = () => new XMLHttpRequest(),
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = makeXhr();
    xhr.open("POST", `${base.replace(/\/+$/, "")}/upload?name=${encodeURIComponent(name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(CLIENT_CODES.network, "The upload failed.", 0));
    xhr.onabort = () => reject(new ApiError(CLIENT_CODES.network, "The upload was aborted.", 0));
    xhr.onload = () => {
      const text = typeof xhr.responseText === "string" ? xhr.responseText : "";
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(text) as unknown);
        } catch {
          reject(new ApiError(CLIENT_CODES.badResponse, "The server's answer is not JSON.", xhr.status));
        }
        return;
      }
      reject(errorFromResponse(xhr.status, xhr.statusText, text, xhr.getResponseHeader("Retry-After")));
    };
    xhr.send(file);
  });
}

type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

/** The desktop app: the `call` command of src-tauri. */
export function tauriTransport(
  load: () => Promise<{ invoke: Invoke }> = () => import("@tauri-apps/api/core"),
): Transport {
  let invoke: Promise<Invoke> | null = null;
  return {
    kind: "tauri",
    async call(method, input) {
      invoke ??= load().then((m) => m.invoke);
      const fn = await invoke;
      try {
        return await fn("call", { method, input: input ?? {} });
      } catch (e) {
        if (isErrorBody(e)) throw new ApiError(e.code, e.message, statusOfCode(e.code));
        if (typeof e === "string") {
          try {
            const parsed: unknown = JSON.parse(e);
            if (isErrorBody(parsed)) {
              throw new ApiError(parsed.code, parsed.message, statusOfCode(parsed.code));
            }
          } catch (inner) {
            if (inner instanceof ApiError) throw inner;
          }
          throw new ApiError("internal", e, 500);
        }
        throw new ApiError("internal", e instanceof Error ? e.message : String(e), 500);
      }
    },
  };
}

export function isTauri(win: object | undefined = typeof window === "undefined" ? undefined : window): boolean {
  return win !== undefined && "__TAURI_INTERNALS__" in win;
}

const BASE_URL_KEY = "ats.baseUrl";

/**
 * The server's address: a build-time VITE_API_BASE, else one stored on the
 * device (the mobile app talking to a company's server), else this origin.
 */
export function configuredBaseUrl(): string {
  let stored: string | null = null;
  try {
    stored = typeof localStorage === "undefined" ? null : localStorage.getItem(BASE_URL_KEY);
  } catch {
    stored = null;
  }
  return stored || import.meta.env.VITE_API_BASE || "";
}

export function storeBaseUrl(url: string | null): void {
  if (url) localStorage.setItem(BASE_URL_KEY, url.replace(/\/+$/, ""));
  else localStorage.removeItem(BASE_URL_KEY);
  transport = null;
}

export function selectTransport(
  win: object | undefined = typeof window === "undefined" ? undefined : window,
  options: HttpOptions = {},
): Transport {
  if (isTauri(win)) return tauriTransport();
  return httpTransport({ baseUrl: options.baseUrl ?? configuredBaseUrl(), fetch: options.fetch });
}

let transport: Transport | null = null;

export function setTransport(t: Transport | null): void {
  transport = t;
}

export function getTransport(): Transport {
  transport ??= selectTransport();
  return transport;
}

/** Call a method of the table, typed by its name. */
export function call<M extends keyof Methods>(
  method: M,
  input: Methods[M]["input"],
): Promise<Methods[M]["output"]> {
  return getTransport().call(method, input) as Promise<Methods[M]["output"]>;
}

/** `ws(s)://` address of a server path, from the base URL or this page. */
export function wsUrl(
  path: string,
  base: string = configuredBaseUrl(),
  page: { protocol: string; host: string } = window.location,
): string {
  if (base) {
    const u = new URL(base);
    const scheme = u.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${u.host}${u.pathname.replace(/\/+$/, "")}${path}`;
  }
  const scheme = page.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${page.host}${path}`;
}

/** The whole address of a server path (for links such as `/i/<token>`). */
export function httpUrl(path: string, base: string = configuredBaseUrl()): string {
  if (base) return `${base.replace(/\/+$/, "")}${path}`;
  return `${window.location.origin}${path}`;
}
