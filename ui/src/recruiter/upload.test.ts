import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { uploadAll, type UploadDeps, type UploadItem } from "./upload";

function file(name: string, size: number): File {
  const f = new File(["x"], name);
  Object.defineProperty(f, "size", { value: size });
  return f;
}

function run(files: File[], deps: Partial<UploadDeps>) {
  const state = new Map<string, Partial<UploadItem>>();
  const history: [string, string][] = [];
  const update = (key: string, patch: Partial<UploadItem>) => {
    state.set(key, { ...state.get(key), ...patch });
    if (patch.status) history.push([key, patch.status]);
  };
  const full: UploadDeps = {
    read: async () => "eA==",
    upload: async () => ({ candidate_id: "c", resume_id: "r", duplicate: false }),
    sleep: async () => {},
    ...deps,
  };
  return uploadAll(
    files.map((f, i) => ({ key: `k${i}`, file: f })),
    update,
    full,
  ).then(() => ({ state, history }));
}

describe("uploadAll", () => {
  it("reads each file as base64 and uploads it under its own name", async () => {
    const upload = vi.fn(async () => ({ candidate_id: "c1", resume_id: "r1", duplicate: false }));
    const { state } = await run([file("a.pdf", 10), file("b.docx", 10)], { upload });
    expect(upload).toHaveBeenCalledWith("a.pdf", "eA==");
    expect(upload).toHaveBeenCalledWith("b.docx", "eA==");
    expect(state.get("k0")).toMatchObject({ status: "done", progress: 100 });
  });

  it("reports duplicates and typed errors per file", async () => {
    const upload = vi.fn(async (name: string) => {
      if (name === "dup.pdf") return { candidate_id: "c", resume_id: "r", duplicate: true };
      throw new ApiError("resume.encrypted", "password-protected", 400);
    });
    const { state } = await run([file("dup.pdf", 10), file("locked.pdf", 10)], { upload });
    expect(state.get("k0")?.status).toBe("duplicate");
    expect(state.get("k1")?.status).toBe("error");
    expect(state.get("k1")?.error?.code).toBe("resume.encrypted");
  });

  it("refuses files over 20 MB or empty before sending anything", async () => {
    const upload = vi.fn();
    const { state } = await run([file("big.pdf", 21 * 1024 * 1024), file("empty.txt", 0)], { upload });
    expect(upload).not.toHaveBeenCalled();
    expect(state.get("k0")?.error?.code).toBe("resume.too_large");
    expect(state.get("k1")?.error?.code).toBe("resume.empty");
  });

  it("waits out a rate limit (Retry-After) and tries again", async () => {
    let calls = 0;
    const sleep = vi.fn(async () => {});
    const upload = vi.fn(async () => {
      if (++calls === 1) throw new ApiError("rate_limited", "slow down", 429, 7);
      return { candidate_id: "c", resume_id: "r", duplicate: false };
    });
    const { state } = await run([file("a.pdf", 10)], { upload, sleep });
    expect(sleep).toHaveBeenCalledWith(7000);
    expect(state.get("k0")?.status).toBe("done");
  });

  it("sends at most two at a time", async () => {
    let active = 0;
    let peak = 0;
    const upload = vi.fn(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return { candidate_id: "c", resume_id: "r", duplicate: false };
    });
    await run([1, 2, 3, 4, 5].map((i) => file(`${i}.pdf`, 10)), { upload });
    expect(upload).toHaveBeenCalledTimes(5);
    expect(peak).toBe(2);
  });
});
