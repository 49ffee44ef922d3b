// Every recruiter screen rendered through the real routes against a fake
// transport: they load, show their data as text, and name no missing key.
import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, setTransport, type Transport } from "../api/client";
import { makeQueryClient } from "../queryClient";
import { routes } from "../routes";
import { account, fixtures, XSS } from "./fixtures";

const calls: [string, unknown][] = [];
let overrides: Record<string, (input: unknown) => unknown> = {};

const fake: Transport = {
  kind: "fake",
  async call(method, input) {
    calls.push([method, input]);
    if (overrides[method]) return overrides[method]!(input);
    if (!(method in fixtures)) throw new ApiError("not_found", `no fixture for ${method}`, 404);
    return structuredClone(fixtures[method]);
  },
};

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const client = makeQueryClient();
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const missingKey = vi.fn();
beforeEach(() => {
  calls.length = 0;
  overrides = {};
  setTransport(fake);
  missingKey.mockReset();
});
afterEach(() => setTransport(null));

async function heading(name: string | RegExp) {
  return screen.findByRole("heading", { level: 1, name }, { timeout: 4000 });
}

describe("recruiter screens", () => {
  it("dashboard: figures, funnel with translated stages, open jobs", async () => {
    renderAt("/app");
    await heading("Dashboard");
    expect(await screen.findByText("71.2")).toBeInTheDocument();
    expect(screen.getAllByRole("img", { name: "Pipeline" }).length).toBe(1);
    expect(screen.getByText("Recommended to advance")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Backend Engineer" })).toBeInTheDocument();
    // A closed job is not among the open ones.
    expect(screen.queryByRole("link", { name: "Retired Role" })).not.toBeInTheDocument();
    // Landmarks and the skip link.
    expect(screen.getByRole("main")).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveAttribute("href", "#main");
  });

  it("sends a signed-out person to sign-in, then on with TOTP", async () => {
    let signedIn = false;
    overrides["auth.me"] = () => {
      if (!signedIn) throw new ApiError("auth.unauthenticated", "no session", 401);
      return account;
    };
    overrides["auth.sign_in"] = (input) => {
      const i = input as { totp: string | null };
      if (!i.totp) throw new ApiError("auth.totp_required", "totp", 401);
      signedIn = true;
      return { token: "t", account };
    };
    const router = renderAt("/app/jobs");
    await heading("Sign in");
    expect(router.state.location.search).toBe("?next=%2Fapp%2Fjobs");
    await userEvent.type(screen.getByLabelText("E-mail address"), "ada@acme.test");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse battery");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const code = await screen.findByLabelText("Authenticator code");
    await userEvent.type(code, "123456");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await heading("Jobs");
    expect(calls.filter(([m]) => m === "auth.sign_in").at(-1)![1]).toEqual({
      email: "ada@acme.test",
      password: "correct horse battery",
      totp: "123456",
    });
  });

  it("first run goes to set-up", async () => {
    overrides["auth.status"] = () => ({ set_up: false });
    renderAt("/app");
    await heading("Set up your hiring desk");
    expect(screen.getByLabelText("Company name")).toBeInTheDocument();
  });

  it("job detail: analysis, rubric weights, ranking with evidence (names as text)", async () => {
    renderAt("/app/jobs/j1");
    await heading("Backend Engineer");
    expect(screen.getByText("PostgreSQL")).toBeInTheDocument();
    expect(screen.getByText("5+ years of PostgreSQL")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("tab", { name: "Rubric" }));
    expect(await screen.findByText(/Weights sum to 1\./)).toBeInTheDocument();
    const weight = screen.getAllByLabelText("Weight (0–1)")[0]!;
    await userEvent.clear(weight);
    await userEvent.type(weight, "0.5");
    expect(await screen.findByText(/Weights sum to 0\.9\./)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("tab", { name: "Ranking" }));
    await userEvent.click(await screen.findByRole("button", { name: "Rank all candidates" }));
    expect(await screen.findByRole("link", { name: XSS })).toBeInTheDocument();
    expect(document.querySelector("script")).toBeNull();
    expect(screen.getByText("PostgreSQL, 6 years")).toBeInTheDocument();
    // The ranked candidate's stage is the one the pipeline holds.
    await waitFor(() => expect(screen.getByRole("combobox", { name: `Application status of ${XSS}` })).toHaveValue("screening"));
  });

  it("job detail: the pipeline counts each stage, filters by one and moves a candidate", async () => {
    overrides["applications.list"] = (input) => {
      const { status } = input as { status: string | null };
      const all = fixtures["applications.list"] as { applications: { status: string }[] };
      return { ...all, applications: all.applications.filter((a) => !status || a.status === status) };
    };
    overrides["applications.set_status"] = () => ({});
    renderAt("/app/jobs/j1?tab=pipeline");
    await heading("Backend Engineer");
    const stages = await screen.findByRole("group", { name: "Stage" });
    expect(within(stages).getByRole("radio", { name: "All (1)" })).toBeChecked();
    expect(within(stages).getByRole("radio", { name: "Screening (1)" })).toBeInTheDocument();
    // The name is text, the interview and its score are linked.
    expect(await screen.findByRole("link", { name: XSS })).toHaveAttribute("href", "/app/candidates/c1");
    expect(document.querySelector("script")).toBeNull();
    expect(screen.getByRole("link", { name: "76" })).toHaveAttribute("href", "/app/interviews/i1/scorecard");
    await userEvent.click(within(stages).getByRole("radio", { name: "Offer (0)" }));
    expect(await screen.findByText("No candidate is at this stage.")).toBeInTheDocument();
    expect(calls).toContainEqual(["applications.list", { job_id: "j1", status: "offer" }]);
    await userEvent.click(within(stages).getByRole("radio", { name: "All (1)" }));
    const stage = await screen.findByRole("combobox", { name: `Application status of ${XSS}` });
    expect(stage).toHaveValue("screening");
    await userEvent.selectOptions(stage, "offer");
    await waitFor(() =>
      expect(calls).toContainEqual(["applications.set_status", { job_id: "j1", candidate_id: "c1", status: "offer" }]),
    );
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
  });

  it("job detail: closing a job says so and hides new interviews; it opens again", async () => {
    let status = "open";
    overrides["jobs.get"] = () => ({ ...(fixtures["jobs.get"] as object), status });
    overrides["jobs.set_status"] = (input) => {
      status = (input as { status: string }).status;
      return { ...(fixtures["jobs.get"] as object), status };
    };
    renderAt("/app/jobs/j1");
    await heading("Backend Engineer");
    expect(screen.getByRole("link", { name: "Schedule an interview" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Close job" }));
    await heading("Backend Engineer (closed)");
    expect(calls).toContainEqual(["jobs.set_status", { id: "j1", status: "closed" }]);
    expect(screen.getByText(/This job is closed/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Schedule an interview" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Open again" }));
    await heading("Backend Engineer");
    expect(screen.getByRole("link", { name: "Schedule an interview" })).toBeInTheDocument();
  });

  it("candidates: keyset paging and search snippets as text", async () => {
    let page = 0;
    overrides["candidates.list"] = (input) => {
      page++;
      const after = (input as { after: string | null }).after;
      return after === null
        ? fixtures["candidates.list"]
        : { items: [{ id: "c2", name: "Second", email: null, phone: null, total_experience_months: null, created_at: "2026-11-02T09:00:00Z" }], next: null };
    };
    renderAt("/app/candidates");
    await heading("Candidates");
    expect(await screen.findByRole("link", { name: XSS })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByRole("link", { name: "Second" })).toBeInTheDocument();
    expect(page).toBe(2);
    expect(calls.filter(([m]) => m === "candidates.list").map(([, i]) => i)).toEqual([
      { limit: 50, after: null },
      { limit: 50, after: "cursor-2" },
    ]);
    expect(screen.getByText("2 candidates, all shown.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("tab", { name: "Search" }));
    await userEvent.type(screen.getByRole("searchbox"), "postgres");
    expect(await screen.findByText(`used ${XSS} in production`, {}, { timeout: 3000 })).toBeInTheDocument();
    expect(document.querySelector("script")).toBeNull();
  });

  it("candidate detail marks low-confidence fields", async () => {
    renderAt("/app/candidates/c1");
    await heading("Grace Hopper");
    expect(screen.getByText("1 field was read with low confidence and is marked.")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /Parser confidence 40%/ })).toBeInTheDocument();
    expect(screen.getByText(XSS)).toBeInTheDocument();
  });

  it("parse review: only corrected fields are sent, the original's text is shown as text", async () => {
    let sent: unknown = null;
    overrides["candidates.update"] = (input) => {
      sent = input;
      const d = structuredClone(fixtures["candidates.get"]) as { candidate: { phone: string }; resume: Record<string, Record<string, unknown>> };
      d.candidate.phone = "+49 30 9999";
      d.resume.basics!.phone = "+49 30 9999";
      d.resume["x-ats"]!.corrections = [{ path: "basics.phone", from: "+49 30 1234", by: "ada@acme.test", at: "2026-12-02T10:00:00Z" }];
      return d;
    };
    overrides["candidates.original"] = () => ({
      file_name: "grace.pdf",
      content_type: "application/pdf",
      detected_type: "pdf",
      text: `Grace Hopper\n${XSS}\nPhone +49 30 1234`,
      content_base64: "JVBERi0=",
    });
    renderAt("/app/candidates/c1");
    await heading("Grace Hopper");
    await userEvent.click(screen.getByRole("button", { name: "Correct fields" }));
    const phone = screen.getByLabelText("Phone");
    await userEvent.clear(phone);
    await userEvent.type(phone, "call me; now");
    await userEvent.click(screen.getByRole("button", { name: "Save corrections" }));
    expect(await screen.findByText("A phone number has digits, spaces and + - ( ) . / only.")).toBeInTheDocument();
    expect(sent).toBeNull();
    await userEvent.clear(phone);
    await userEvent.type(phone, "+49 30 9999");
    await userEvent.click(screen.getByRole("button", { name: "Save corrections" }));
    await waitFor(() =>
      expect(sent).toEqual({ id: "c1", name: null, label: null, email: null, phone: "+49 30 9999", url: null, summary: null, work: null }),
    );
    expect(await screen.findByText("1 correction")).toBeInTheDocument();
    expect(screen.getByText("+49 30 1234")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Show the text read" }));
    const text = await screen.findByText(/Phone \+49 30 1234/);
    expect(text.textContent).toContain(XSS);
    expect(document.querySelector("pre script")).toBeNull();
  });

  it("parse review: a work entry's dates are checked, only its changed fields sent, the change named", async () => {
    let sent: unknown = null;
    overrides["candidates.update"] = (input) => {
      sent = input;
      const d = structuredClone(fixtures["candidates.get"]) as { resume: Record<string, unknown> };
      (d.resume.work as Record<string, string>[])[0]!.startDate = "2019-03";
      (d.resume["x-ats"] as Record<string, unknown>).corrections = [
        { path: "work[0].startDate", from: "2020-01", by: "ada@acme.test", at: "2026-12-02T10:00:00Z" },
      ];
      return d;
    };
    renderAt("/app/candidates/c1");
    await heading("Grace Hopper");
    await userEvent.click(screen.getByRole("button", { name: "Correct the work history" }));
    const entry = screen.getByRole("group", { name: "Position 1" });
    const start = within(entry).getByLabelText("Start date");
    const end = within(entry).getByLabelText("End date");
    expect(start).toHaveValue("2020-01");
    await userEvent.clear(start);
    await userEvent.type(start, "2019-13");
    await userEvent.click(screen.getByRole("button", { name: "Save corrections" }));
    expect(await screen.findByText("A date as YYYY-MM, YYYY-MM-DD or YYYY")).toBeInTheDocument();
    await userEvent.clear(start);
    await userEvent.type(start, "2019-03");
    await userEvent.type(end, "2018");
    await userEvent.click(screen.getByRole("button", { name: "Save corrections" }));
    expect(await screen.findByText("The end date is before the start date")).toBeInTheDocument();
    expect(sent).toBeNull();
    await userEvent.clear(end);
    await userEvent.click(screen.getByRole("button", { name: "Save corrections" }));
    await waitFor(() =>
      expect(sent).toEqual({
        id: "c1", name: null, label: null, email: null, phone: null, url: null, summary: null,
        work: [{ index: 0, position: null, name: null, start_date: "2019-03", end_date: null }],
      }),
    );
    await userEvent.click(await screen.findByText("1 correction"));
    expect(screen.getByText(/Position 1: Start date corrected by ada@acme.test/)).toBeInTheDocument();
  });

  it("interview: plan, invitation link with its QR image, revoke behind a confirmation", async () => {
    renderAt("/app/interviews/i1");
    await heading("Interview with Grace Hopper");
    expect(screen.getByText("How did you fix a slow query?")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Make a link" }));
    expect(await screen.findByRole("link", { name: "https://ats.example.com/i/tok" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "QR code of the invitation link" })).toHaveAttribute("src", "data:image/png;base64,iVBORw0KGgo=");
    await userEvent.click(screen.getByRole("button", { name: "Revoke" }));
    const dialog = await screen.findByRole("alertdialog");
    overrides["invitations.revoke"] = () => ({ ...(fixtures["invitations.list"] as object[])[0], revoked_at: "2026-12-01T10:00:00Z" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(calls.some(([m, i]) => m === "invitations.revoke" && (i as { id: string }).id === "inv1")).toBe(true));
  });

  it("interview: the transcript, numbered as the scorer does, followed live after the last seq", async () => {
    const all = fixtures["interviews.transcript"] as { seq: number }[];
    overrides["interviews.transcript"] = (input) => {
      const after = (input as { after_seq: number | null }).after_seq;
      // First only the start; then what came after (with a stray delta and a repeat of a known entry).
      if (after === null) return all.slice(0, 3);
      return [
        all[2],
        { seq: 11, interview_id: "i1", at: "2026-12-01T09:08:03Z", type: "question_delta", question_id: "q2", delta: "Why" },
        ...all.filter((e) => e.seq > after),
      ];
    };
    renderAt("/app/interviews/i1");
    await heading("Interview with Grace Hopper");
    const section = await screen.findByRole("region", { name: "Transcript" });
    expect(within(section).getByText("New turns appear here every few seconds while the interview runs.")).toBeInTheDocument();
    expect(screen.queryByText(/not yet offered by the server/)).toBeNull();
    expect(await within(section).findByText("The candidate agreed to the AI interview.", { exact: false })).toBeInTheDocument();
    expect(section.querySelectorAll(".transcript__turn")).toHaveLength(1);
    const live = section.querySelector("[aria-live=polite]")!;
    expect(live).toHaveTextContent("");

    // The next poll asks only for what came after seq 3.
    const answer = await within(section).findByText(`First I ran EXPLAIN ${XSS} on it.`, {}, { timeout: 6000 });
    expect(calls.filter(([m]) => m === "interviews.transcript").map(([, i]) => i).slice(0, 2)).toEqual([
      { id: "i1", after_seq: null },
      { id: "i1", after_seq: 3 },
    ]);
    const turns = [...section.querySelectorAll(".transcript__turn")];
    expect(turns.map((li) => li.id)).toEqual(["turn-0", "turn-1", "turn-2"]);
    expect(turns.map((li) => li.getAttribute("tabindex"))).toEqual(["-1", "-1", "-1"]);
    expect(answer.closest("li")).toBe(turns[2]);
    expect(answer).toHaveClass("prewrap");
    expect(document.querySelector("script")).toBeNull();
    expect(within(turns[0] as HTMLElement).getByText("Interviewer (AI)")).toBeInTheDocument();
    expect(within(turns[0] as HTMLElement).getByText("Time ran out; the question was recorded unanswered.", { exact: false })).toBeInTheDocument();
    expect(within(turns[1] as HTMLElement).getByText("Question 2 of 2")).toBeInTheDocument();
    expect(within(turns[1] as HTMLElement).getByText("The candidate asked to see the question again.", { exact: false })).toBeInTheDocument();
    const a = within(turns[2] as HTMLElement);
    expect(a.getByText("Candidate")).toBeInTheDocument();
    expect(a.getByText("pasted 120 characters · left the window 2 times · first keystroke after 4.2 s")).toBeInTheDocument();
    expect(a.getByText("Key points covered: EXPLAIN")).toBeInTheDocument();
    expect(a.getByText("Key points missing: Measured the gain")).toBeInTheDocument();
    expect(a.getByText("The interview ended: the last question was done.", { exact: false })).toBeInTheDocument();
    expect(live).toHaveTextContent("New in the transcript: turn 3, Candidate.");
  }, 15_000);

  it("interview: an empty transcript says so", async () => {
    overrides["interviews.transcript"] = () => [];
    renderAt("/app/interviews/i1");
    const section = await screen.findByRole("region", { name: "Transcript" });
    expect(await within(section).findByText("Nothing has been asked or answered yet.")).toBeInTheDocument();
  });

  it("scorecard: chart, evidence as text, override with a reason", async () => {
    overrides["scorecards.override"] = () => fixtures["scorecards.get"];
    renderAt("/app/interviews/i1/scorecard");
    await heading("Scorecard: Grace Hopper");
    expect(screen.getByRole("img", { name: "Scores by dimension (0–100)" })).toBeInTheDocument();
    expect(screen.getByText(`I ran EXPLAIN ${XSS}`)).toBeInTheDocument();
    // The evidence links to its turn in the transcript appendix, marked there.
    const appendix = await screen.findByRole("region", { name: "Appendix: transcript" });
    const turn = await within(appendix).findByText(`First I ran EXPLAIN ${XSS} on it.`);
    const item = turn.closest("li")!;
    expect(item).toHaveAttribute("id", "turn-2");
    expect(item).toHaveClass("transcript__turn--evidence");
    expect(within(item).getByText("Quoted as evidence")).toBeInTheDocument();
    expect(document.querySelectorAll(".transcript__turn--evidence")).toHaveLength(1);
    const link = screen.getByRole("link", { name: "Turn 3" });
    expect(link).toHaveAttribute("href", "#turn-2");
    expect(document.getElementById(link.getAttribute("href")!.slice(1))).toBe(item);
    await userEvent.click(link);
    expect(item).toHaveFocus();
    expect(item).toHaveClass("transcript__turn--flash");
    expect(document.querySelector("script")).toBeNull();
    expect(calls.filter(([m]) => m === "interviews.transcript").map(([, i]) => i)).toEqual([{ id: "i1", after_seq: null }]);
    await userEvent.click(screen.getByRole("button", { name: "Override Databases" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save the override" }));
    expect(await within(dialog).findByText("Give a reason for the override.")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText("Reason"), "Answer 3 showed more depth.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save the override" }));
    await waitFor(() =>
      expect(calls.find(([m]) => m === "scorecards.override")?.[1]).toEqual({
        interview_id: "i1",
        dimension: "Databases",
        level: 4,
        reason: "Answer 3 showed more depth.",
      }),
    );
  });

  it("settings, outbox and fairness render", async () => {
    renderAt("/app/settings?tab=mail");
    await heading("Settings");
    expect(await screen.findByLabelText("Server")).toBeInTheDocument();
  });

  it("settings: the local model picker chooses a model that fits and explains the ones that do not", async () => {
    overrides["auth.me"] = () => ({ ...account, company_id: null, role: "super_admin" });
    overrides["settings.llm_get"] = () => ({
      order: ["local"],
      offline: true,
      timeout_secs: 60,
      openai: { base_url: "https://api.openai.com/v1", model: "gpt-4o-mini", key_source: null },
      anthropic: { base_url: "https://api.anthropic.com", model: "claude", key_source: null },
      local: { model: "/m/smollm2/small.gguf", threads: null, context: 4096 },
    });
    overrides["settings.models"] = () => ({
      engine: true,
      folder: "/m",
      available_mb: 2000,
      configured: "/m/smollm2/small.gguf",
      configured_present: true,
      models: [
        { path: "/m/smollm2/small.gguf", name: "SmolLM2", licence: "Apache-2.0", size_mb: 83, needed_mb: 356, fits: true, problem: null, configured: true },
        { path: "/m/qwen/mid.gguf", name: null, licence: null, size_mb: 900, needed_mb: 1336, fits: true, problem: null, configured: false },
        { path: "/m/huge.gguf", name: null, licence: null, size_mb: 40000, needed_mb: 48256, fits: false, problem: null, configured: false },
        { path: "/m/broken.gguf", name: null, licence: null, size_mb: 1, needed_mb: 257, fits: true, problem: "/m/broken.gguf: not a GGUF file", configured: false },
      ],
    });
    let saved: unknown = null;
    overrides["settings.llm_set"] = (input) => {
      saved = input;
      return (overrides["settings.llm_get"]!)({});
    };
    renderAt("/app/settings?tab=models");
    await heading("Settings");
    const smol = await screen.findByRole("radio", { name: /SmolLM2/ });
    expect(smol).toBeChecked();
    expect(screen.getByRole("radio", { name: /huge\.gguf/ })).toBeDisabled();
    expect(screen.getByRole("radio", { name: /broken\.gguf/ })).toBeDisabled();
    expect(screen.getByText(/Needs more memory than is free now/)).toBeInTheDocument();
    expect(screen.getByText(/Cannot be used: .*not a GGUF file/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: /mid\.gguf/ }));
    expect(screen.getByLabelText("Model file (GGUF)")).toHaveValue("/m/qwen/mid.gguf");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(saved).toMatchObject({ local_model: "/m/qwen/mid.gguf" }));
  });

  it("settings: the drop folder shows what it imported and saves a new folder", async () => {
    overrides["auth.me"] = () => ({ ...account, company_id: null, role: "super_admin" });
    const state = {
      folder: "/home/ada/Inbox",
      settle_secs: 2,
      runs_here: true,
      watching: "/home/ada/Inbox",
      problem: null,
      recent: [
        { at: "2026-12-02T09:00:00Z", path: "/home/ada/Inbox/grace.pdf", outcome: "imported", candidate_id: "c1", code: null, message: null },
        { at: "2026-12-02T09:01:00Z", path: "/home/ada/Inbox/<img src=x onerror=alert(1)>.pdf", outcome: "failed", candidate_id: null, code: "resume.encrypted", message: "the PDF is encrypted" },
      ],
    };
    let saved: unknown = null;
    overrides["settings.watch_get"] = () => state;
    overrides["settings.watch_set"] = (input) => {
      saved = input;
      return { ...state, folder: "/srv/cv", watching: "/srv/cv" };
    };
    renderAt("/app/settings?tab=watch");
    await heading("Settings");
    expect(await screen.findByText("Watching /home/ada/Inbox.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Imported" })).toHaveAttribute("href", "/app/candidates/c1");
    expect(screen.getByText("<img src=x onerror=alert(1)>.pdf")).toBeInTheDocument();
    expect(document.querySelector("img[src=x]")).toBeNull();
    expect(screen.getByText(/resume\.encrypted: the PDF is encrypted/)).toBeInTheDocument();
    const field = screen.getByLabelText("Folder");
    await userEvent.clear(field);
    await userEvent.type(field, "/srv/cv");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(saved).toEqual({ folder: "/srv/cv", settle_secs: null }));
  });

  it("rubric: Save stores the edit as the next version (weights must sum to 1)", async () => {
    overrides["jobs.rubric_save"] = () => ({ job_id: "j1", version: 3 });
    renderAt("/app/jobs/j1?tab=rubric");
    await heading("Backend Engineer");
    const weight = (await screen.findAllByLabelText("Weight (0–1)"))[0]!;
    await userEvent.clear(weight);
    await userEvent.type(weight, "0.5");
    await userEvent.click(screen.getByRole("button", { name: "Save as a new version" }));
    expect(await screen.findByText("The weights must sum to 1.", { selector: "[role=alert]" })).toBeInTheDocument();
    expect(calls.some(([m]) => m === "jobs.rubric_save")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Scale weights to sum to 1" }));
    await userEvent.click(screen.getByRole("button", { name: "Save as a new version" }));
    expect(await screen.findByText("Saved as version 3.")).toBeInTheDocument();
    const input = calls.find(([m]) => m === "jobs.rubric_save")![1] as { job_id: string; rubric: { dimensions: { name: string; weight: number }[] } };
    expect(input.job_id).toBe("j1");
    expect(input.rubric.dimensions.map((d) => [d.name, d.weight])).toEqual([
      ["Databases", 0.556],
      ["Communication", 0.444],
    ]);
  });

  it("job settings: a form over the known fields; unknown fields kept; JSON checked", async () => {
    overrides["jobs.settings_set"] = (input) => (input as { settings: unknown }).settings;
    renderAt("/app/jobs/j1?tab=settings");
    await heading("Backend Engineer");
    const technical = await screen.findByLabelText("Technical");
    await userEvent.clear(technical);
    await userEvent.type(technical, "5");
    const overall = screen.getByLabelText("The whole interview, at most (minutes)");
    expect(overall).toHaveValue(90);
    await userEvent.clear(overall);
    await userEvent.type(overall, "60");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.some(([m]) => m === "jobs.settings_set")).toBe(true));
    const sent = calls.find(([m]) => m === "jobs.settings_set")![1] as { job_id: string; settings: { plan: Record<string, unknown>; interview: Record<string, unknown> } };
    expect(sent.job_id).toBe("j1");
    expect(sent.settings.plan.technical).toBe(5);
    expect(sent.settings.interview).toMatchObject({ overall_limit_secs: 3600, invitation_valid_secs: 604800, future_field: "kept" });

    await userEvent.click(screen.getByRole("button", { name: "Edit as JSON" }));
    const text = screen.getByLabelText("Settings (JSON)");
    await userEvent.clear(text);
    await userEvent.type(text, "[[1]");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The settings must be a JSON object ({…}).")).toBeInTheDocument();
  });

  it("plan editor: reword, add, reorder and save the questions of a scheduled interview", async () => {
    overrides["interviews.plan_save"] = () => ({ interview_id: "i1", version: 2 });
    renderAt("/app/interviews/i1");
    await heading("Interview with Grace Hopper");
    await userEvent.click(screen.getByRole("button", { name: "Edit the questions" }));
    const first = await screen.findByLabelText("Question", { selector: "textarea" });
    await userEvent.clear(first);
    await userEvent.type(first, "How did you find the slow query?");
    await userEvent.click(screen.getByRole("button", { name: "Add a question" }));
    await userEvent.click(screen.getByRole("button", { name: "Save the questions" }));
    expect(await screen.findByText("Write the question.")).toBeInTheDocument();
    const boxes = screen.getAllByLabelText("Question", { selector: "textarea" });
    await userEvent.type(boxes[1]!, "Tell me about a review you disagreed with.");
    await userEvent.selectOptions(screen.getAllByLabelText("Kind")[1]!, "behavioural");
    await userEvent.selectOptions(screen.getAllByLabelText("Scored on (rubric dimension)")[1]!, "Communication");
    await userEvent.click(screen.getByRole("button", { name: "Move question 2 up" }));
    await userEvent.click(screen.getByRole("button", { name: "Save the questions" }));
    expect(await screen.findByText("The questions were saved as version 2.")).toBeInTheDocument();
    const sent = calls.find(([m]) => m === "interviews.plan_save")![1] as { interview_id: string; questions: Record<string, unknown>[] };
    expect(sent.interview_id).toBe("i1");
    expect(sent.questions).toEqual([
      { id: "", text: "Tell me about a review you disagreed with.", kind: "behavioural", dimension: "Communication", time_limit_secs: 300 },
      { id: "q1", kind: "technical", dimension: "Databases", text: "How did you find the slow query?", key_points: ["EXPLAIN"], time_limit_secs: 300 },
    ]);
  });

  it("candidate search by meaning sends mode meaning and shows the evidence phrase", async () => {
    renderAt("/app/candidates?tab=search");
    await heading("Candidates");
    await userEvent.click(screen.getByRole("radio", { name: "Meaning" }));
    await userEvent.type(screen.getByRole("searchbox"), "led a database migration");
    expect(await screen.findByText(`used ${XSS} in production`, {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByText("Closest evidence:")).toBeInTheDocument();
    const searches = calls.filter(([m]) => m === "candidates.search").map(([, i]) => i as { mode: string | null });
    expect(searches.at(-1)).toMatchObject({ query: "led a database migration", mode: "meaning" });
  });

  it("outbox lists mails with their errors", async () => {
    renderAt("/app/outbox");
    await heading("Mail outbox");
    expect(await screen.findByText("550 no such user")).toBeInTheDocument();
  });

  it("audit log: entries as text, subject links, older pages, filters and CSV", async () => {
    overrides["audit.list"] = (input) =>
      (input as { before: string | null }).before === null
        ? fixtures["audit.list"]
        : { entries: [{ id: "a3", at: "2026-11-30T09:00:00Z", actor: "candidate", actor_id: "i1", role: null, action: "interviews.get", subject: "i1", outcome: "ok" }], next: null };
    overrides["audit.csv"] = () => ({ name: "audit-log.csv", content_type: "text/csv", content_base64: "" });
    renderAt("/app/audit");
    await heading("Audit log");
    expect(screen.getByRole("navigation", { name: "Main" })).toHaveTextContent("Audit log");
    expect(await screen.findByRole("link", { name: "c1" })).toHaveAttribute("href", "/app/candidates/c1");
    expect(screen.getByText(XSS)).toBeInTheDocument();
    expect(document.querySelector("script")).toBeNull();
    expect(screen.getByText("auth.bad_credentials")).toHaveClass("tag--error");
    expect(screen.getByText("Wrong e-mail address or password.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Older entries" }));
    expect(await screen.findByRole("link", { name: "i1" })).toHaveAttribute("href", "/app/interviews/i1");
    expect(screen.getByText("Candidate (interview link)")).toBeInTheDocument();
    expect(screen.getByText("3 entries; there are no older ones.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Older entries" })).toBeNull();

    await userEvent.type(screen.getByLabelText("Person (e-mail address)"), " ada@acme.test ");
    await userEvent.type(screen.getByLabelText("Action"), "candidates");
    await userEvent.click(screen.getByLabelText("Refused or failed calls only"));
    await userEvent.click(screen.getByRole("button", { name: "Apply filters" }));
    const filters = { actor: "ada@acme.test", action: "candidates", subject: null, failures_only: true };
    await waitFor(() =>
      expect(calls.filter(([m]) => m === "audit.list").at(-1)![1]).toEqual({ ...filters, before: null, limit: 100 }),
    );
    // jsdom has no object URLs and no downloads.
    const objectUrl = vi.fn(() => "blob:audit");
    Object.assign(URL, { createObjectURL: objectUrl, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    await userEvent.click(screen.getByRole("button", { name: "Download CSV" }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(calls.find(([m]) => m === "audit.csv")?.[1]).toEqual({ ...filters, before: null, limit: null });
    expect(objectUrl).toHaveBeenCalled();
    click.mockRestore();
  });

  it("fairness shows groups", async () => {
    renderAt("/app/jobs/j1/fairness");
    await heading("Fairness report");
    expect(await screen.findByText("female", { selector: "th" })).toBeInTheDocument();
  });
});
