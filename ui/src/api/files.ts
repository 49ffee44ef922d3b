// Bytes across the API: uploads as base64 (`Upload.content_base64`, the
// standard alphabet) and downloads from a `FileDto`.
import type { FileDto } from "./types";

/** The largest resume the server takes (docs/error-codes.md). */
export const MAX_RESUME_BYTES = 20 * 1024 * 1024;

/** A file's bytes as base64, reporting how much was read (0–1). */
export function readAsBase64(file: Blob, onProgress?: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.onload = () => {
      const url = String(reader.result ?? "");
      // data:<type>;base64,<data>
      const comma = url.indexOf(",");
      resolve(comma >= 0 ? url.slice(comma + 1) : "");
    };
    reader.readAsDataURL(file);
  });
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(bin);
}

export function fileToBlob(file: FileDto): Blob {
  return new Blob([base64ToBytes(file.content_base64)], {
    type: file.content_type || "application/octet-stream",
  });
}

/** Save a `FileDto` through the browser's download. */
export function downloadFile(file: FileDto): void {
  const url = URL.createObjectURL(fileToBlob(file));
  const a = document.createElement("a");
  a.href = url;
  a.download = file.name.replace(/[/\\]/g, "_") || "download";
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A data: URL for a base64 PNG (the invitation QR code). */
export function pngDataUrl(b64: string): string {
  return `data:image/png;base64,${b64}`;
}

/** A data: URL for SVG text, shown through <img> (never inlined as markup). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
