import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, setTransport, uploadRaw } from "../api/client";
import { sendBase64, uploadAll, type UploadDeps, type UploadItem } from "./upload";

function file(name: string, size: number): File {
  const f = new File(["x"], name);
  Object.defineProperty(f, "size", { value: size });
  return f;
}

const ok = { candidate_id: "c", resume_id: "r", duplicate: false };

function run(files: File[], deps: Partial<UploadDeps>) {
  const state = new Map<string, Partial<UploadItem>>();
  const history: [string, string][] = [];
  const update = (key: string, patch: Partial<UploadItem>) => {
    state.set(key, { ...state.get(key), ...patch });
    if (patch.status) history.push([key, patch.status]);
  };
  const full: UploadDeps = { send: async () => ok, sleep: async () => {}, ...deps };
  return uploadAll(
    files.map((f, i) => ({ key: `k${i}`, file: f })),
    update,
    full,
  ).then(() => ({ state, history }));
}

describe("uploadAll", () => {
  it("sends each file and reports its progress", async () => {
    const send = vi.fn<UploadDeps["send"]>(async (_f, progress) => {
      progress("uploading", 0.5);
      return { candidate_id: "c1", resume_id: "r1", duplicate: false };
    });
    const { state, history } = await run([file("a.pdf", 10), file("b.docx", 10)], { send });
    expect(send.mock.calls.map(([f]) => f.name).sort()).toEqual(["a.pdf", "b.docx"]);
    expect(history.filter(([k]) => k === "k0").map(([, s]) => s)).toEqual(["uploading", "done"]);
    expect(state.get("k0")).toMatchObject({ status: "done", progress: 100 });
  });

  it("reports duplicates and typed errors per file", async () => {
    const send = vi.fn(async (f: File) => {
      if (f.name === "dup.pdf") return { ...ok, duplicate: true };
      throw new ApiError("resume.encrypted", "password-protected", 400);
    });
    const { state } = await run([file("dup.pdf", 10), file("locked.pdf", 10)], { send });
    expect(state.get("k0")?.status).toBe("duplicate");
    expect(state.get("k1")?.status).toBe("error");
    expect(state.get("k1")?.error?.code).toBe("resume.encrypted");
  });

  it("refuses files over 20 MB or empty before sending anything", async () => {
    const send = vi.fn();
    const { state } = await run([file("big.pdf", 21 * 1024 * 1024), file("empty.txt", 0)], { send });
    expect(send).not.toHaveBeenCalled();
    expect(state.get("k0")?.error?.code).toBe("resume.too_large");
    expect(state.get("k1")?.error?.code).toBe("resume.empty");
  });

  it("waits out a rate limit (Retry-After) and tries again", async () => {
    let calls = 0;
    const sleep = vi.fn(async () => {});
    const send = vi.fn(async () => {
      if (++calls === 1) throw new ApiError("rate_limited", "slow down", 429, 7);
      return ok;
    });
    const { state } = await run([file("a.pdf", 10)], { send, sleep });
    expect(sleep).toHaveBeenCalledWith(7000);
    expect(state.get("k0")?.status).toBe("done");
  });

  it("sends at most two at a time", async () => {
    let active = 0;
    let peak = 0;
    const send = vi.fn(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return ok;
    });
    await run([1, 2, 3, 4, 5].map((i) => file(`${i}.pdf`, 10)), { send });
    expect(send).toHaveBeenCalledTimes(5);
    expect(peak).toBe(2);
  });
});

/** Just enough of XMLHttpRequest for uploadRaw. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  withCredentials = false;
  body: unknown = null;
  status = 0;
  statusText = "";
  responseText = "";
  responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k.toLowerCase()] = v;
  }
  getResponseHeader(k: string) {
    return this.responseHeaders[k.toLowerCase()] ?? null;
  }
  send(body: unknown) {
    this.body = body;
  }
  answer(status: number, text: string, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = text;
    this.responseHeaders = headers;
    this.onload?.();
  }
}
const makeXhr = () => new FakeXhr() as unknown as XMLHttpRequest;

describe("uploadRaw (POST /upload)", () => {
  it("streams the raw bytes with the name in the query, reporting byte progress", async () => {
    const f = new File(["%PDF-1.4"], "Grace Hopper.pdf");
    const seen: number[] = [];
    const p = uploadRaw(f, f.name, (x) => seen.push(x), "https://ats.example.com/", makeXhr);
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("https://ats.example.com/upload?name=Grace%20Hopper.pdf");
    expect(xhr.headers["content-type"]).toBe("application/octet-stream");
    expect(xhr.withCredentials).toBe(true);
    expect(xhr.body).toBe(f);
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 4, total: 8 });
    xhr.answer(200, JSON.stringify({ candidate_id: "c1", resume_id: "r1", duplicate: false }));
    await expect(p).resolves.toEqual({ candidate_id: "c1", resume_id: "r1", duplicate: false });
    expect(seen).toEqual([0.5]);
  });

  it("turns {code, message}, 413 and 429 into typed errors", async () => {
    let p = uploadRaw(new Blob(["x"]), "a.pdf", undefined, "", makeXhr);
    FakeXhr.last!.answer(400, JSON.stringify({ code: "resume.encrypted", message: "password" }));
    await expect(p).rejects.toMatchObject({ code: "resume.encrypted", status: 400 });

    p = uploadRaw(new Blob(["x"]), "a.pdf", undefined, "", makeXhr);
    FakeXhr.last!.answer(413, "");
    await expect(p).rejects.toMatchObject({ code: "client.too_large" });

    p = uploadRaw(new Blob(["x"]), "a.pdf", undefined, "", makeXhr);
    FakeXhr.last!.answer(429, "", { "retry-after": "3" });
    await expect(p).rejects.toMatchObject({ code: "rate_limited", retryAfterSecs: 3 });

    p = uploadRaw(new Blob(["x"]), "a.pdf", undefined, "", makeXhr);
    FakeXhr.last!.onerror!();
    await expect(p).rejects.toMatchObject({ code: "client.network", status: 0 });
  });
});

describe("sendBase64 (the desktop app)", () => {
  afterEach(() => setTransport(null));
  it("reads the file as base64 and calls candidates.upload", async () => {
    const call = vi.fn(async () => ok);
    setTransport({ kind: "tauri", call });
    const phases: string[] = [];
    await expect(sendBase64(new File(["hi"], "a.txt"), (p) => phases.push(p))).resolves.toEqual(ok);
    expect(call).toHaveBeenCalledWith("candidates.upload", { file_name: "a.txt", content_base64: "aGk=" });
    expect(phases[0]).toBe("reading");
    expect(phases.at(-1)).toBe("uploading");
  });
});
