// The whole product in a real browser against the real server:
//
//   recruiter (desktop): first-run set-up → a job from a real posting →
//   three real resumes dropped in → ranking and its reasons → an interview
//   (its questions edited) → an invitation link;
//   candidate (phone): the link → consent → answers, with the network cut
//   mid-interview (nothing lost, nothing doubled) → the closing page;
//   recruiter: the scorecard → the PDF report (checked with pdftotext) → the pipeline (an offer);
//   a bad link → a translated message;
//   axe-core on every screen (no serious or critical violation), the time
//   to interactive of the candidate's screen and the start-up JS size.
//
// npm run e2e  (ATS_BIN, CHROMIUM, E2E_KEEP=1 to keep the data directory,
// E2E_ARTIFACTS=DIR for screenshots of a failed step).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  axe,
  binaryServesUi,
  BIN,
  initialJs,
  launchBrowser,
  ROOT,
  startServer,
  startUiProxy,
} from "./support.mjs";
import { accessibilityScores, lighthouseAvailable } from "./lighthouse.mjs";

const ARTIFACTS = process.env.E2E_ARTIFACTS || mkdtempSync(join(tmpdir(), "ats-e2e-artifacts-"));
mkdirSync(ARTIFACTS, { recursive: true });
const JOB_POSTING = join(ROOT, "tests/fixtures/jds/j01_compiler_senior_swe_2025.md");
const RESUMES = [
  ["r09_jsonresume_sample.json", "application/json"],
  ["r02_sb2nov.pdf", "application/pdf"],
  ["r24_simplecv_academic.pdf", "application/pdf"],
].map(([name, type]) => ({ name, type, path: join(ROOT, "tests/fixtures/resumes", name) }));
const ADMIN = { company: "Acme Compilers GmbH", name: "Ada Admin", email: "ada@acme.test", password: "correct horse battery staple" };
const OFFLINE_ANSWER =
  "While offline I kept writing: at my last job I cut the LLVM build of our backend from 40 to 12 minutes by splitting the pass pipeline and caching the IR of unchanged modules.";
const RACE_ANSWER =
  "Sent as the network dropped: I profiled the register allocator with perf, found a quadratic live-range merge and replaced it with a union-find, which made large functions compile 5x faster.";
const ANSWERS = [
  "I worked on an optimizing compiler in C++ for four years. I wrote SSA-based passes in LLVM, for example loop-invariant code motion, measured the results with benchmarks and reviewed them with the team.",
  "Situation: a release was blocked by a miscompile. Task: find it before the deadline. Action: I reduced the test case with creduce, bisected the passes and fixed an aliasing bug. Result: we shipped on time and added a regression test.",
  "I would first reproduce the problem, then read the generated assembly, compare it with the expected IR, and talk to the people who own the pass before changing anything. I would write down what I learned for the team.",
  "In my resume I mention the type checker I built for a DSL. I designed the inference algorithm, wrote property-based tests and mentored two juniors who later maintained it.",
];

const env = {};
const report = { steps: [], axe: [], consoleErrors: [], pageErrors: [], csp: [], notes: [] };

before(async () => {
  env.ui = binaryServesUi();
  if (env.ui) {
    env.server = await startServer({ ui: true });
    env.base = env.server.base;
  } else {
    // A binary without --ui: the dev-proxy set-up (see support.mjs).
    env.proxy = await startUiProxy();
    env.server = await startServer({ ui: false, publicUrl: env.proxy.base });
    env.proxy.setUpstream(env.server.base);
    env.base = env.proxy.base;
  }
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  await env.proxy?.stop();
  await env.server?.stop();
  printReport();
});

function printReport() {
  const lines = ["", "=== e2e report ==="];
  lines.push(`server: ${BIN} (${env.ui ? "serves the UI itself (--ui)" : "no --ui: dist/ served by the test's proxy"}) at ${env.base}`);
  for (const s of report.steps) lines.push(`step ${s.ok ? "PASS" : "FAIL"}  ${s.name} (${(s.ms / 1000).toFixed(1)} s)`);
  if (report.tti) lines.push(`candidate screen time to interactive (navigation start → consent button enabled): ${report.tti.toFixed(0)} ms`);
  if (report.js) {
    lines.push(`initial JS (entry + static imports): ${(report.js.raw / 1024).toFixed(1)} KB raw, ${(report.js.gzip / 1024).toFixed(1)} KB gzipped`);
    for (const f of report.js.files) lines.push(`  ${f.file}: ${(f.gzip / 1024).toFixed(1)} KB gzipped`);
  }
  const screens = report.axe.length;
  const bad = report.axe.flatMap((a) => a.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ ...v, screen: a.screen })));
  const minor = report.axe.flatMap((a) => a.violations.filter((v) => v.impact !== "serious" && v.impact !== "critical").map((v) => ({ ...v, screen: a.screen })));
  lines.push(`axe-core: ${screens} screens checked, ${bad.length} serious/critical, ${minor.length} minor/moderate`);
  for (const v of [...bad, ...minor]) lines.push(`  [${v.impact}] ${v.screen}: ${v.id} — ${v.help}\n    ${v.nodes.slice(0, 3).join("\n    ")}`);
  lines.push(`screens: ${report.axe.map((a) => a.screen).join(", ")}`);
  for (const n of report.notes) lines.push(`note: ${n}`);
  if (report.csp.length) lines.push(`CSP refusals:\n  ${report.csp.join("\n  ")}`);
  if (report.pageErrors.length) lines.push(`uncaught page errors:\n  ${report.pageErrors.join("\n  ")}`);
  if (report.consoleErrors.length) lines.push(`console errors (${report.consoleErrors.length}):\n  ${[...new Set(report.consoleErrors)].slice(0, 15).join("\n  ")}`);
  lines.push(`artifacts: ${ARTIFACTS}`);
  console.log(lines.join("\n"));
}

function watch(page, who) {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (/Content Security Policy/.test(text)) {
      if (!page.__injecting) report.csp.push(`${who}: ${text}`);
    } else report.consoleErrors.push(`${who}: ${text}`);
  });
  page.on("pageerror", (e) => report.pageErrors.push(`${who}: ${e.message}`));
}

async function checkAxe(page, screen) {
  page.__injecting = true;
  try {
    const violations = await axe(page);
    report.axe.push({ screen, violations });
  } finally {
    page.__injecting = false;
  }
}

const h1 = (page, name) => page.getByRole("heading", { level: 1, name });

test("the recruiter's and the candidate's flows in a real browser", { timeout: 15 * 60_000 }, async (t) => {
  const shared = {};
  let failed = false;
  const recruiter = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: "en-GB" });
  const page = await recruiter.newPage();
  page.setDefaultTimeout(30_000);
  watch(page, "recruiter");

  const step = async (name, fn, { always = false } = {}) => {
    if (failed && !always) {
      await t.test(name, { skip: "an earlier step failed" }, () => {});
      report.steps.push({ name, ok: false, ms: 0 });
      return;
    }
    const started = Date.now();
    await t.test(name, async () => {
      try {
        await fn();
        report.steps.push({ name, ok: true, ms: Date.now() - started });
      } catch (e) {
        failed = true;
        report.steps.push({ name, ok: false, ms: Date.now() - started });
        for (const [who, p] of [["recruiter", page], ["candidate", shared.phone]]) {
          if (p && !p.isClosed()) {
            await p.screenshot({ path: join(ARTIFACTS, `${name.replace(/\W+/g, "_")}-${who}.png`), fullPage: true }).catch(() => {});
          }
        }
        throw e;
      }
    });
  };

  await step("first-run set-up through the UI", async () => {
    await page.goto(`${env.base}/app`);
    await h1(page, "Set up your hiring desk").waitFor();
    await checkAxe(page, "set-up");
    await page.getByLabel("Company name").fill(ADMIN.company);
    await page.getByLabel("Your name").fill(ADMIN.name);
    await page.getByLabel("E-mail address").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Repeat the password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create the company and sign in" }).click();
    await h1(page, "Dashboard").waitFor();
    await checkAxe(page, "dashboard");
  });

  await step("a job from a real posting; rubric and interview settings saved", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
    await h1(page, "Jobs").waitFor();
    await checkAxe(page, "jobs (empty)");
    await page.getByRole("link", { name: "New job" }).first().click();
    await h1(page, "New job").waitFor();
    await checkAxe(page, "new job");
    await page.getByLabel("Posting text").fill(readFileSync(JOB_POSTING, "utf8"));
    await page.getByRole("button", { name: "Analyse and save" }).click();
    await page.waitForURL(/\/app\/jobs\/[0-9a-f-]{36}/, { timeout: 120_000 });
    shared.jobId = /\/app\/jobs\/([0-9a-f-]{36})/.exec(page.url())[1];
    const mustHaves = page.locator("section.card", { has: page.getByRole("heading", { name: "Must-haves" }) }).locator("li");
    await mustHaves.first().waitFor();
    shared.jobTitle = (await page.getByRole("heading", { level: 1 }).textContent()).trim();
    report.notes.push(`job "${shared.jobTitle}": ${await mustHaves.count()} must-haves found`);
    await checkAxe(page, "job: analysis");

    await page.getByRole("tab", { name: "Rubric" }).click();
    await page.getByText(/Weights sum to/).waitFor();
    await checkAxe(page, "job: rubric");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await page.getByText(/^Saved as version \d+\.$/).waitFor();

    await page.getByRole("tab", { name: "Interview settings" }).click();
    await page.getByLabel("Technical").waitFor();
    await checkAxe(page, "job: interview settings");
    await page.getByRole("tabpanel").getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("tabpanel").getByText("Saved.", { exact: true }).waitFor();
  });

  await step("three real resumes dragged in", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Candidates" }).click();
    await h1(page, "Candidates").waitFor();
    const files = RESUMES.map((r) => ({ name: r.name, type: r.type, b64: readFileSync(r.path).toString("base64") }));
    const streamed = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/upload") streamed.push(new URL(r.url()).searchParams.get("name"));
    });
    await page.evaluate((files) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bin = atob(f.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      const zone = document.querySelector(".dropzone");
      for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, files);
    const settled = page.locator(".upload--done, .upload--duplicate, .upload--error");
    await page.waitForFunction((n) => document.querySelectorAll(".upload--done, .upload--duplicate, .upload--error").length >= n, 3, { timeout: 180_000 });
    const errors = await page.locator(".upload--error").allTextContents();
    assert.deepEqual(errors, [], `uploads failed: ${errors.join(" | ")}`);
    assert.equal(await settled.count(), 3);
    // A browser streams the bytes to POST /upload (no base64 JSON).
    assert.deepEqual(streamed.sort(), RESUMES.map((r) => r.name).sort());
    const rows = page.locator("table tbody tr");
    await page.waitForFunction(() => document.querySelectorAll("table tbody tr").length >= 3);
    shared.candidates = (await rows.locator("th").allTextContents()).map((s) => s.trim());
    report.notes.push(`candidates imported: ${shared.candidates.join(", ")}`);
    await checkAxe(page, "candidates (after upload)");

    await page.getByRole("tab", { name: "Search" }).click();
    await page.getByRole("searchbox").fill("compiler");
    await page.getByText(/candidates? found\.$/).waitFor();
    report.notes.push(`search by words "compiler": ${await page.getByText(/candidates? found\.$/).textContent()}`);
    await page.getByRole("radio", { name: "Meaning" }).check();
    await page.getByRole("searchbox").fill("builds developer tools and compilers");
    const meaning = await Promise.race([
      // The first search by meaning loads the sentence model and embeds
      // every candidate's phrases (a debug build on a busy CI machine: as
      // slow as the ranking below).
      page.getByText(/candidates? found\.$/).waitFor({ timeout: 180_000 }).then(() => "hits"),
      page.getByRole("alert").waitFor({ timeout: 180_000 }).then(() => "error"),
    ]);
    report.notes.push(
      meaning === "hits"
        ? `search by meaning: ${await page.getByText(/candidates? found\.$/).textContent()} (${await page.locator(".hit").count()} shown)`
        : `search by meaning failed: ${await page.getByRole("alert").textContent()}`,
    );
    await checkAxe(page, "candidates: search by meaning");
  });

  await step("the parse review: a field corrected beside the original's text", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Candidates" }).click();
    await h1(page, "Candidates").waitFor();
    const row = page.locator("table tbody tr").filter({ hasText: /\S/ }).first();
    const name = (await row.locator("th").textContent()).trim();
    await row.locator("th a").click();
    await h1(page, name).waitFor();
    await page.getByRole("button", { name: "Show the text read" }).first().click();
    const figure = page.locator("figure.original");
    await figure.waitFor();
    const text = (await figure.textContent()).trim();
    assert.ok(text.length > 40, `the original's text: ${text.slice(0, 80)}`);
    await page.getByRole("button", { name: "Correct fields" }).click();
    await page.getByLabel("Phone").fill("+44 20 7946 0000");
    await page.getByRole("button", { name: "Save corrections" }).click();
    await page.getByText("1 correction", { exact: true }).waitFor();
    assert.ok((await page.locator(".fields").textContent()).includes("+44 20 7946 0000"), "the corrected phone is not shown");
    await checkAxe(page, "candidate: parse review with the original");
  });

  await step("ranking with its reasons", async () => {
    await page.goto(`${env.base}/app/jobs/${shared.jobId}?tab=ranking`);
    await page.getByRole("button", { name: "Rank all candidates" }).click();
    await page.locator(".ranking__row").first().waitFor({ timeout: 180_000 });
    const rows = page.locator(".ranking__row");
    const n = await rows.count();
    assert.ok(n >= 1, "no ranked candidate");
    const first = rows.first();
    shared.candidateName = (await first.locator("h3 a").textContent()).trim();
    const summary = [];
    for (let i = 0; i < n; i++) summary.push(`${(await rows.nth(i).locator("h3 a").textContent()).trim()}: ${(await rows.nth(i).locator(".hint").first().textContent()).trim()}`);
    report.notes.push(`ranking: ${summary.join(" | ")}`);
    await first.getByText("Why this rank").click();
    const reasons = first.locator(".match");
    await reasons.first().waitFor();
    assert.ok((await reasons.count()) > 0, "no reasons shown");
    await checkAxe(page, "job: ranking with reasons");
  });

  await step("an interview scheduled, its questions edited", async () => {
    await page.locator(".ranking__row").first().getByRole("link", { name: "Schedule interview" }).click();
    await h1(page, "Schedule an interview").waitFor();
    await checkAxe(page, "schedule an interview");
    await page.getByRole("button", { name: "Write the plan and schedule" }).click();
    await page.waitForURL(/\/app\/interviews\/[0-9a-f-]{36}$/, { timeout: 120_000 });
    shared.interviewId = /\/app\/interviews\/([0-9a-f-]{36})/.exec(page.url())[1];
    await h1(page, `Interview with ${shared.candidateName}`).waitFor();
    shared.questions = await page.locator("ol.plan > li").count();
    assert.ok(shared.questions >= 1, "the plan has no questions");
    await checkAxe(page, "interview");

    await page.getByRole("button", { name: "Edit the questions" }).click();
    const first = page.getByLabel("Question", { exact: true }).first();
    await first.waitFor();
    await checkAxe(page, "interview: question plan editor");
    const text = await first.inputValue();
    shared.editedQuestion = `${text.trim()} Please give one concrete example.`;
    await first.fill(shared.editedQuestion);
    await page.getByRole("button", { name: "Save the questions" }).click();
    await page.getByText(/The questions were saved as version \d+\./).waitFor();
    await page.locator("ol.plan > li").first().getByText(shared.editedQuestion).waitFor();
  });

  await step("an invitation link", async () => {
    await page.getByRole("button", { name: "Make a link" }).click();
    const link = page.locator(".invite-link__url a");
    await link.waitFor();
    shared.invite = await link.getAttribute("href");
    assert.match(shared.invite, /\/i\/[^/]+$/);
    if (!shared.invite.startsWith(env.base)) report.notes.push(`the invitation link's origin differs from the page's: ${shared.invite}`);
    await checkAxe(page, "interview: invitation link");
  });

  const phoneContext = await env.browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: "en-GB",
  });
  // When the consent button first becomes usable, in the page's own clock
  // (0 = navigation start of the document that shows it).
  await phoneContext.addInitScript(() => {
    const ready = () => {
      const b = document.querySelector('section[aria-labelledby="notice-heading"] .button--primary');
      if (b && !b.disabled && window.__consentReadyAt === undefined) window.__consentReadyAt = performance.now();
    };
    new MutationObserver(ready).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const phone = await phoneContext.newPage();
  phone.setDefaultTimeout(30_000);
  shared.phone = phone;
  watch(phone, "candidate");

  await step("the candidate opens the link on a phone", async () => {
    const url = env.ui ? shared.invite : `${env.base}${new URL(shared.invite).pathname}`;
    await phone.goto(url);
    await phone.waitForURL(/\/interview$/);
    const consent = phone.getByRole("button", { name: "I agree: start the interview" });
    await consent.waitFor();
    await phone.waitForFunction(() => window.__consentReadyAt !== undefined);
    report.tti = await phone.evaluate(() => window.__consentReadyAt);
    const nav = await phone.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      return n ? { redirects: n.redirectCount, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd } : null;
    });
    if (nav) report.notes.push(`candidate navigation: ${nav.redirects} redirect(s) counted, DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms`);
    const js = await phone.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((r) => /\.js(\?|$)/.test(r.name))
        .reduce((a, r) => ({ n: a.n + 1, wire: a.wire + r.encodedBodySize, raw: a.raw + r.decodedBodySize }), { n: 0, wire: 0, raw: 0 }),
    );
    report.notes.push(`candidate screen JS: ${js.n} files, ${(js.raw / 1024).toFixed(1)} KB, ${(js.wire / 1024).toFixed(1)} KB over the wire`);
    assert.ok(!phone.url().includes(new URL(shared.invite).pathname), "the token stayed in the address bar");
    await checkAxe(phone, "candidate: notice and consent");
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the consent screen scrolls sideways by ${overflow} px on a phone`);
  });

  /** What the candidate's screen shows: an open question, or the end. */
  const nextState = async () => {
    const h = await phone.waitForFunction(
      () => {
        const title = document.querySelector("h1")?.textContent ?? "";
        if (document.querySelector(".completion")) return `complete:${title}`;
        const box = document.querySelector("textarea#answer");
        if (box && !box.disabled && !box.value) return "open";
        return false;
      },
      undefined,
      { timeout: 60_000 },
    );
    return h.jsonValue();
  };
  const saved = () => phone.locator(".bubble--candidate .bubble__status", { hasText: "Saved" }).count();
  const bubblesWith = (text) => phone.locator(".bubble--candidate", { hasText: text }).count();

  await step("consent and answers, with the network cut mid-interview", async () => {
    await phone.getByRole("button", { name: "I agree: start the interview" }).tap();
    let state = await nextState();
    await checkAxe(phone, "candidate: first question");
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the interview scrolls sideways by ${overflow} px on a phone`);
    let turn = 0;
    while (state === "open") {
      turn++;
      assert.ok(turn <= 40, "the interview does not end");
      const before = await saved();
      const box = phone.locator("textarea#answer");
      const send = phone.getByRole("button", { name: "Send answer" });
      if (turn === 2) {
        // The network goes; the answer is typed and sent while offline.
        await phoneContext.setOffline(true);
        await phone.getByText(/Connection lost/).waitFor();
        await box.fill(OFFLINE_ANSWER);
        await phone.getByText("Offline: your draft is kept on this device").waitFor();
        await send.tap();
        await phone.locator(".bubble--candidate", { hasText: OFFLINE_ANSWER }).getByText("Sending…").waitFor();
        await checkAxe(phone, "candidate: offline, answer waiting");
        await phone.waitForTimeout(1500);
        await phoneContext.setOffline(false);
      } else if (turn === 3) {
        // The network goes just as the answer leaves: its acknowledgement
        // may be lost; the resend must not store it twice.
        await box.fill(RACE_ANSWER);
        await Promise.all([send.tap(), phoneContext.setOffline(true)]);
        await phone.waitForTimeout(1000);
        await phoneContext.setOffline(false);
      } else {
        await box.fill(ANSWERS[(turn - 1) % ANSWERS.length]);
        await send.tap();
      }
      // Saved (the answer's bubble says so), or the last one (the closing page).
      await phone.waitForFunction(
        (n) =>
          document.querySelector(".completion") !== null ||
          [...document.querySelectorAll(".bubble--candidate .bubble__status")].filter((s) => s.textContent === "Saved").length > n,
        before,
        { timeout: 60_000 },
      );
      if (turn === 3) {
        const alerts = await phone.getByRole("alert").allTextContents();
        assert.deepEqual(alerts, [], "the candidate was shown an error after reconnecting");
        assert.equal(await bubblesWith(OFFLINE_ANSWER), 1, "the offline answer is not shown exactly once");
        assert.equal(await bubblesWith(RACE_ANSWER), 1, "the answer sent as the network dropped is not shown exactly once");
        // A fresh page replays the stored transcript from the server.
        await phone.reload();
        state = await nextState();
        assert.equal(await bubblesWith(OFFLINE_ANSWER), 1, "after a reload the offline answer is not there exactly once");
        assert.equal(await bubblesWith(RACE_ANSWER), 1, "after a reload the raced answer is not there exactly once");
        continue;
      }
      state = await nextState();
    }
    shared.turns = turn;
    report.notes.push(`interview: ${turn} answers for ${shared.questions} planned questions (follow-ups included)`);
    assert.match(state, /^complete:Thank you!/);
  });

  await step("the closing page", async () => {
    await phone.getByText("Your answers are saved. A person at the company reviews them; the recruiting team will be in touch.").waitFor();
    await checkAxe(phone, "candidate: closing page");
  });

  await step("a bad invitation link is explained in the person's language", async () => {
    await phone.goto(`${env.base}/i/not-a-real-token`);
    await h1(phone, "The interview cannot be opened").waitFor();
    await phone.getByText("This invitation link is not valid: it may have expired or been revoked.").waitFor();
    if (env.ui) assert.match(phone.url(), /\/interview\?error=auth\.invalid_invitation$/);
    await checkAxe(phone, "candidate: invalid link");
    const german = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "de-DE" });
    const p = await german.newPage();
    watch(p, "candidate (de)");
    await p.goto(`${env.base}/i/not-a-real-token`);
    await h1(p, "Das Interview kann nicht geöffnet werden").waitFor({ timeout: 30_000 });
    await checkAxe(p, "candidate: invalid link (German)");
    await german.close();
  });

  await step("the scorecard appears for the recruiter", async () => {
    await page.goto(`${env.base}/app/interviews/${shared.interviewId}`);
    await page.getByText("Completed", { exact: true }).first().waitFor();
    await page.getByRole("link", { name: "Scorecard", exact: true }).click();
    const title = h1(page, `Scorecard: ${shared.candidateName}`);
    const started = Date.now();
    const how = await Promise.race([
      title.waitFor({ timeout: 45_000 }).then(() => "background"),
      page.getByRole("button", { name: "Score now" }).waitFor({ timeout: 45_000 }).then(() => "button"),
    ]);
    if (how === "button") {
      // Not yet scored: the page refreshes itself; wait for the background
      // scorer before asking for a score.
      const appeared = await title.waitFor({ timeout: 45_000 }).then(() => true, () => false);
      if (!appeared) {
        report.notes.push("no scorecard within 45 s of the interview's end: used “Score now”");
        await page.getByRole("button", { name: "Score now" }).click();
        await title.waitFor({ timeout: 120_000 });
      }
    }
    report.notes.push(`scorecard shown ${((Date.now() - started) / 1000).toFixed(1)} s after opening the page`);
    shared.overall = (await page.locator(".kpi dd").first().textContent()).trim();
    report.notes.push(`overall on the page: ${shared.overall}`);
    // The transcript is the scorecard's appendix, the answers sent across
    // the network drop in it once each;
    // an evidence quote links to the turn it was taken from.
    const turns = page.locator('[id^="turn-"]');
    await turns.first().waitFor();
    const text = await page.locator('[id^="turn-"]').allTextContents();
    for (const answer of [OFFLINE_ANSWER, RACE_ANSWER]) {
      assert.equal(text.filter((t) => t.includes(answer)).length, 1, `not once in the transcript: ${answer.slice(0, 40)}`);
    }
    assert.ok(text.some((t) => t.includes(ANSWERS[0])), "the first answer is not in the transcript");
    const evidence = page.locator('a[href^="#turn-"]');
    const quotes = await evidence.count();
    report.notes.push(`scorecard: ${await turns.count()} transcript turns, ${quotes} evidence links`);
    if (quotes > 0) {
      const target = (await evidence.first().getAttribute("href")).slice(1);
      await evidence.first().click();
      await page.waitForFunction((id) => document.activeElement?.id === id, target);
    }
    await checkAxe(page, "scorecard");
  });

  await step("the PDF report names the candidate and the score", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download PDF report" }).click(),
    ]);
    const file = join(ARTIFACTS, download.suggestedFilename() || "report.pdf");
    await download.saveAs(file);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    assert.ok(text.includes(shared.candidateName), `the PDF does not name ${shared.candidateName}`);
    const m = /(\d+(?:[.,]\d+)?)\s*\/\s*100/.exec(text);
    assert.ok(m, "the PDF shows no score out of 100");
    const pdfScore = Number(m[1].replace(",", "."));
    const pageScore = Number.parseFloat(shared.overall.replace(",", "."));
    if (Number.isFinite(pageScore)) assert.ok(Math.abs(pdfScore - pageScore) <= 1, `PDF ${pdfScore} vs page ${pageScore}`);
    // The transcript in the report: each answer of the network drop once.
    for (const answer of [OFFLINE_ANSWER, RACE_ANSWER]) {
      const start = answer.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const turns = text.match(new RegExp(`· Candidate\\s*\\n\\s*${start}`, "g"))?.length ?? 0;
      assert.equal(turns, 1, `the report's transcript has “${answer.slice(0, 30)}…” ${turns} times`);
    }
    report.notes.push(`PDF ${download.suggestedFilename()}: "${shared.candidateName}", ${m[0]}; each answer of the network drop once in its transcript`);
  });

  await step("the pipeline: every ranked candidate, the interviewed one moved to an offer", async () => {
    await page.goto(`${env.base}/app/jobs/${shared.jobId}?tab=pipeline`);
    const stages = page.getByRole("group", { name: "Stage" });
    // The three ranked resumes applied; the interviewed one has its score.
    await stages.getByRole("radio", { name: "All (3)" }).waitFor();
    const row = page.locator("table tbody tr").filter({ has: page.getByRole("link", { name: shared.candidateName, exact: true }) });
    await row.getByRole("link", { name: shared.overall, exact: true }).waitFor();
    await checkAxe(page, "job: pipeline");
    await row.getByRole("combobox").selectOption("offer");
    await row.getByText("Saved.", { exact: true }).waitFor();
    await stages.getByRole("radio", { name: "Offer (1)" }).click();
    await page.locator("table tbody tr").first().getByRole("link", { name: shared.candidateName, exact: true }).waitFor();
    assert.equal(await page.locator("table tbody tr").count(), 1, "only the offer is listed at its stage");
  });

  await step("the audit log shows the administrator's actions", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await h1(page, "Audit log").waitFor();
    const rows = page.locator("table tbody tr");
    await rows.first().waitFor();
    report.notes.push(`audit log: ${await rows.count()} entries on the first page`);
    await checkAxe(page, "audit log");
    // Every look at a record is logged too: filter for the job's creation.
    await page.getByLabel("Action", { exact: true }).fill("jobs.create");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const created = rows.filter({ has: page.locator("td code", { hasText: /^jobs\.create$/ }) });
    await created.first().waitFor();
    assert.ok((await created.count()) >= 1, "no jobs.create entry in the audit log");
    assert.equal(await created.first().getByRole("link", { name: shared.jobId }).getAttribute("href"), `/app/jobs/${shared.jobId}`);
    await checkAxe(page, "audit log (filtered)");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const file = join(ARTIFACTS, download.suggestedFilename() || "audit-log.csv");
    await download.saveAs(file);
    const csv = readFileSync(file, "utf8");
    assert.match(csv, /^at,actor,role,action,subject,outcome\r?\n/);
    assert.ok(csv.includes("jobs.create"), "the audit CSV has no jobs.create row");
  });

  await step("Lighthouse: accessibility 90 or more on every screen", async () => {
    if (!lighthouseAvailable()) {
      report.notes.push("Lighthouse: not installed where LIGHTHOUSE_DIR points, not measured");
      return;
    }
    const cookie = async (context) => (await context.cookies(env.base)).map((c) => `${c.name}=${c.value}`).join("; ");
    const desk = await cookie(recruiter);
    const app = (path) => `${env.base}/app${path}`;
    const scores = await accessibilityScores([
      { name: "dashboard", url: app(""), cookie: desk },
      { name: "jobs", url: app("/jobs"), cookie: desk },
      { name: "job", url: app(`/jobs/${shared.jobId}`), cookie: desk },
      { name: "job ranking", url: app(`/jobs/${shared.jobId}?tab=ranking`), cookie: desk },
      { name: "job pipeline", url: app(`/jobs/${shared.jobId}?tab=pipeline`), cookie: desk },
      { name: "candidates", url: app("/candidates"), cookie: desk },
      { name: "interview", url: app(`/interviews/${shared.interviewId}`), cookie: desk },
      { name: "scorecard", url: app(`/interviews/${shared.interviewId}/scorecard`), cookie: desk },
      { name: "audit log", url: app("/audit"), cookie: desk },
      { name: "settings", url: app("/settings"), cookie: desk },
      { name: "sign-in", url: app("/sign-in") },
      { name: "candidate (phone)", url: `${env.base}/interview`, cookie: await cookie(phoneContext), mobile: true },
    ]);
    // A signed-in screen that fell back to the sign-in page was not measured.
    const unmeasured = scores.filter((s) => s.name !== "sign-in" && /\/sign-in/.test(s.url)).map((s) => s.name);
    assert.deepEqual(unmeasured, [], "screens Lighthouse saw signed out");
    for (const s of scores) {
      report.notes.push(
        `Lighthouse accessibility, ${s.name}: ${s.score ?? "none"}${s.failed.length ? ` (failed: ${s.failed.join(", ")})` : ""}${s.error ? ` (${s.error})` : ""}`,
      );
    }
    assert.deepEqual(
      scores.filter((s) => s.score === null || s.score < 90).map((s) => `${s.name}: ${s.score} ${s.failed.join(", ")}`),
      [],
    );
  });

  await step("the start-up JavaScript stays under 300 KB gzipped", async () => {
    report.js = initialJs();
    assert.ok(report.js.gzip < 300 * 1024, `${(report.js.gzip / 1024).toFixed(1)} KB`);
  }, { always: true });

  await step("axe-core: no serious or critical violation on any screen", async () => {
    const bad = report.axe.flatMap((a) =>
      a.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${a.screen}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 2).join(" / ")}`),
    );
    assert.deepEqual(bad, []);
  }, { always: true });

  await step("no uncaught error and no CSP refusal in the pages", async () => {
    assert.deepEqual(report.pageErrors, []);
    assert.deepEqual(report.csp, []);
  }, { always: true });

  await phoneContext.close();
  await recruiter.close();
});
