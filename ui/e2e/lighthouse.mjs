// Lighthouse's accessibility audit on the screens the flow has reached,
// signed in as the flow's users (their session cookie sent as a header).
// Lighthouse is not one of the UI's packages (it is large and only this
// measurement needs it): scripts/test_ui.sh installs it into a cache folder
// outside the clone and names it in LIGHTHOUSE_DIR; without it the step is
// skipped and says so.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM } from "./support.mjs";

export const LIGHTHOUSE_DIR = process.env.LIGHTHOUSE_DIR || "";

export function lighthouseAvailable() {
  return LIGHTHOUSE_DIR !== "" && existsSync(join(LIGHTHOUSE_DIR, "node_modules/lighthouse/core/index.js"));
}

/**
 * The accessibility score (0–100) and the failed audits of each target:
 * `{name, url, cookie?, mobile?}`. One headless Chromium for all of them.
 */
export async function accessibilityScores(targets) {
  const load = (path) => import(pathToFileURL(join(LIGHTHOUSE_DIR, "node_modules", path)).href);
  const { default: lighthouse } = await load("lighthouse/core/index.js");
  const chromeLauncher = await load("chrome-launcher/dist/index.js");
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  const results = [];
  try {
    for (const t of targets) {
      const mobile = Boolean(t.mobile);
      const runner = await lighthouse(
        t.url,
        {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["accessibility"],
          formFactor: mobile ? "mobile" : "desktop",
          screenEmulation: mobile
            ? { mobile: true, width: 390, height: 844, deviceScaleFactor: 3, disabled: false }
            : { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
          throttlingMethod: "provided",
          disableStorageReset: true,
          extraHeaders: t.cookie ? { Cookie: t.cookie } : undefined,
        },
      );
      const lhr = runner.lhr;
      const category = lhr.categories.accessibility;
      const failed = category.auditRefs
        .map((r) => lhr.audits[r.id])
        .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
        .map((a) => a.id);
      results.push({
        name: t.name,
        url: lhr.finalDisplayedUrl,
        score: category.score === null ? null : Math.round(category.score * 100),
        failed,
        error: lhr.runtimeError?.message ?? null,
      });
    }
  } finally {
    await chrome.kill();
  }
  return results;
}
