// Many resumes at once: each read as base64 and sent with
// `candidates.upload`, two at a time, with its own progress and typed error.
import { ApiError, call, isApiError } from "../api/client";
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

export interface UploadDeps {
  upload: (file_name: string, content_base64: string) => Promise<Uploaded>;
  read: (file: File, onProgress: (f: number) => void) => Promise<string>;
  sleep: (ms: number) => Promise<void>;
}

const defaultDeps: UploadDeps = {
  upload: (file_name, content_base64) => call("candidates.upload", { file_name, content_base64 }),
  read: readAsBase64,
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
  update(key, { status: "reading", progress: 0 });
  let b64: string;
  try {
    b64 = await deps.read(file, (f) => update(key, { progress: Math.round(f * 50) }));
  } catch (e) {
    update(key, { status: "error", progress: null, error: new ApiError("resume.io", String(e), 0) });
    return;
  }
  for (let attempt = 1; ; attempt++) {
    update(key, { status: "uploading", progress: null });
    try {
      const result = await deps.upload(file.name, b64);
      update(key, { status: result.duplicate ? "duplicate" : "done", progress: 100, result });
      return;
    } catch (e) {
      const err = isApiError(e) ? e : new ApiError("internal", String(e), 0);
      if (err.status === 429 && attempt < MAX_TRIES) {
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
