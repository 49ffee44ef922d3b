// Many resumes at once, two at a time, each with its own progress and
// typed error. In a browser each file is streamed as raw bytes to
// `POST /upload?name=FILE` (byte progress, no base64 in memory); in the
// desktop app (Tauri) it is read as base64 and sent with `candidates.upload`.
import { ApiError, call, getTransport, isApiError, uploadRaw } from "../api/client";
import { MAX_RESUME_BYTES, readAsBase64 } from "../api/files";
import type { Uploaded } from "../api/types";

export type UploadStatus = "queued" | "reading" | "uploading" | "done" | "duplicate" | "error";

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  status: UploadStatus;
  /** 0–100, or null while the server works (no byte count to show). */
  progress: number | null;
  error?: ApiError;
  result?: Uploaded;
}

export const ACCEPTED = ".pdf,.docx,.odt,.txt,.json,application/pdf,text/plain,application/json,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text";

const CONCURRENCY = 2;
const MAX_TRIES = 3;

type Update = (key: string, patch: Partial<UploadItem>) => void;

/** Where a file's progress goes: a phase and 0–1 of it. */
export type Progress = (phase: "reading" | "uploading", fraction: number | null) => void;

export interface UploadDeps {
  send: (file: File, progress: Progress) => Promise<Uploaded>;
  sleep: (ms: number) => Promise<void>;
}

function isUploaded(v: unknown): v is Uploaded {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as Uploaded).candidate_id === "string" &&
    typeof (v as Uploaded).resume_id === "string"
  );
}

/** The browser: the raw bytes to `POST /upload`, with byte progress. */
export async function sendStreamed(file: File, progress: Progress, base?: string): Promise<Uploaded> {
  progress("uploading", 0);
  const out = await uploadRaw(file, file.name, (f) => progress("uploading", f >= 1 ? null : f), base);
  if (!isUploaded(out)) throw new ApiError("client.bad_response", "The server's answer is not an upload.", 200);
  return out;
}

/** The desktop app: base64 through the `candidates.upload` method. */
export async function sendBase64(file: File, progress: Progress): Promise<Uploaded> {
  progress("reading", 0);
  let b64: string;
  try {
    b64 = await readAsBase64(file, (f) => progress("reading", f));
  } catch (e) {
    throw new ApiError("resume.io", String(e), 0);
  }
  progress("uploading", null);
  return call("candidates.upload", { file_name: file.name, content_base64: b64 });
}

const defaultDeps: UploadDeps = {
  send: (file, progress) => {
    const transport = getTransport();
    return transport.kind === "http" ? sendStreamed(file, progress, transport.baseUrl) : sendBase64(file, progress);
  },
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Checks made before any byte is sent. */
export function precheck(file: File): ApiError | null {
  if (file.size > MAX_RESUME_BYTES) {
    return new ApiError("resume.too_large", `${file.name}: over 20 MB`, 400);
  }
  if (file.size === 0) return new ApiError("resume.empty", `${file.name}: empty`, 400);
  return null;
}

async function one(file: File, key: string, update: Update, deps: UploadDeps): Promise<void> {
  const bad = precheck(file);
  if (bad) {
    update(key, { status: "error", error: bad, progress: null });
    return;
  }
  const progress: Progress = (phase, fraction) =>
    update(key, { status: phase, progress: fraction === null ? null : Math.round(fraction * 100) });
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await deps.send(file, progress);
      update(key, { status: result.duplicate ? "duplicate" : "done", progress: 100, result });
      return;
    } catch (e) {
      const err = isApiError(e) ? e : new ApiError("internal", String(e), 0);
      if (err.status === 429 && attempt < MAX_TRIES) {
        update(key, { status: "queued", progress: null });
        await deps.sleep((err.retryAfterSecs ?? 5) * 1000);
        continue;
      }
      update(key, { status: "error", progress: null, error: err });
      return;
    }
  }
}

/** Upload files with bounded concurrency; resolves when all are settled. */
export async function uploadAll(
  files: { key: string; file: File }[],
  update: Update,
  deps: UploadDeps = defaultDeps,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      await one(f.file, f.key, update, deps);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
}
