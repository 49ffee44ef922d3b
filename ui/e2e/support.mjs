// What the end-to-end test needs around the browser: the real server
// (`ats serve --ui ui/dist`), Debian's Chromium through playwright-core,
// axe-core on a page, and the size of the start-up JavaScript.
//
// When the server binary predates `--ui`, a small Node server stands in
// for the UI half (the dev proxy's behaviour: static files from dist/,
// /api /ws /upload /health proxied, a browser's /i/<token> handed to the
// app, which redeems the token itself).
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

export const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(UI_DIR, "..");
export const DIST = join(UI_DIR, "dist");
export const BIN = process.env.ATS_BIN || "/var/cache/ats/target/debug/ats";
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** Does this binary serve the UI itself (`ats serve --ui`)? */
export function binaryServesUi(bin = BIN) {
  const out = spawnSync(bin, ["serve", "--help"], { encoding: "utf8" });
  return out.status === 0 && /--ui\b/.test(out.stdout);
}

/**
 * Start `ats serve` on a free loopback port with a fresh data directory.
 * Resolves with its address once it says where it listens.
 */
export async function startServer({ ui = true, publicUrl = null } = {}) {
  if (!existsSync(BIN)) throw new Error(`no server binary at ${BIN} (set ATS_BIN)`);
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`no built UI in ${DIST} (npm run build)`);
  const dataDir = mkdtempSync(join(tmpdir(), "ats-e2e-"));
  const args = [
    "serve",
    "--bind",
    "127.0.0.1:0",
    "--no-model",
    "--anonymous-rate",
    "1000",
    "--user-rate",
    "10000",
    "--company-rate",
    "100000",
  ];
  if (ui) args.push("--ui", DIST);
  if (publicUrl) args.push("--public-url", publicUrl);
  const child = spawn(BIN, args, {
    env: { ...process.env, ATS_DATA_DIR: dataDir, ATS_MODELS_DIR: join(ROOT, "models") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const onData = (d) => {
    log += d.toString();
    if (log.length > 2_000_000) log = log.slice(-1_000_000);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const base = await new Promise((resolveBase, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${log}`)), 60_000);
    const check = () => {
      const m = /serving the API on (https?:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        child.stderr.off("data", check);
        resolveBase(m[1]);
      }
    };
    child.stderr.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${log}`));
    });
  });
  return {
    base,
    dataDir,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGINT");
        await new Promise((r) => {
          const t = setTimeout(() => {
            child.kill("SIGKILL");
            r();
          }, 5000);
          child.once("exit", () => {
            clearTimeout(t);
            r();
          });
        });
      }
      writeFileSync(join(dataDir, "server.log"), log);
      if (!process.env.E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};
const PROXIED = /^\/(api|ws|upload|health|ready|metrics)(\/|\?|$)/;

/**
 * The development set-up without Vite: dist/ served, the server's paths
 * proxied to `upstream` (set later, once the server listens).
 */
export async function startUiProxy() {
  let upstream = null;
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const invite = url.startsWith("/i/");
    const html = (req.headers.accept ?? "").includes("text/html");
    if (upstream && (PROXIED.test(url) || (invite && !html))) {
      const up = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(up);
      return;
    }
    const path = normalize(decodeURIComponent(url.split("?")[0])).replace(/^(\.\.[/\\])+/, "");
    let file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, "index.html");
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-cache" });
    createReadStream(file).pipe(res);
  });
  server.on("upgrade", (req, socket, head) => {
    if (!upstream) return socket.destroy();
    const up = net.connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(lines.join("\r\n") + "\r\n\r\n");
      if (head?.length) up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on("error", () => socket.destroy());
    socket.on("error", () => up.destroy());
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    setUpstream(base) {
      upstream = new URL(base);
    },
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

const AXE_SOURCE = readFileSync(join(UI_DIR, "node_modules", "axe-core", "axe.min.js"), "utf8");

/**
 * axe-core on the page as it is now. The script is added with a <script>
 * tag; where the page's content security policy refuses inline script (the
 * server's UI does), it is evaluated through the DevTools protocol instead.
 */
export async function axe(page) {
  const present = () => page.evaluate(() => typeof window.axe === "object");
  if (!(await present())) {
    await page.addScriptTag({ content: AXE_SOURCE }).catch(() => {});
    if (!(await present())) await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join("; ") ?? ""}`),
    }));
  });
}

/**
 * The start-up JavaScript of the built UI: the entry chunk named by
 * dist/index.html and every chunk it imports statically (transitively),
 * gzipped as a server would send them.
 */
export function initialJs(dist = DIST) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Map();
  const visit = (url) => {
    const file = join(dist, url.replace(/^\//, ""));
    if (seen.has(file) || !existsSync(file)) return;
    const text = readFileSync(file);
    seen.set(file, { raw: text.length, gzip: gzipSync(text, { level: 9 }).length });
    // Static imports only: `import … from "./x.js"` and `import "./x.js"`, not import().
    const src = text.toString("utf8");
    for (const m of src.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},*\s]+from\s*)?["']([^"']+\.js)["']/g)) {
      visit(join(dirname(url), m[1]).replace(/\\/g, "/"));
    }
    for (const m of src.matchAll(/(?:^|[;\s}])export\s*[\w${},*\s]*from\s*["']([^"']+\.js)["']/g)) {
      visit(join(dirname(url), m[1]).replace(/\\/g, "/"));
    }
  };
  for (const u of [...entries, ...preloads]) visit(u);
  const files = [...seen.entries()].map(([file, s]) => ({ file: file.slice(dist.length + 1), ...s }));
  return {
    files,
    raw: files.reduce((s, f) => s + f.raw, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}
