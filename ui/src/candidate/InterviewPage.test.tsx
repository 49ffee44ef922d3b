import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InterviewSocket } from "../api/interviewSocket";
import { FakeSocket } from "../test/fakeSocket";
import { InterviewView } from "./InterviewPage";
import { useSyncExternalStore } from "react";

const IID = "iid-1";
const Q1 = "q-1";
const details = { interview_id: IID, job_title: "Backend Engineer", status: "scheduled", language: "en", questions: 2, expires_at: null };
const env = (seq: number, ev: object) => ({ seq, interview_id: IID, at: new Date().toISOString(), ...ev });

function Harness({ socket }: { socket: InterviewSocket }) {
  const state = useSyncExternalStore(socket.subscribe, socket.getSnapshot);
  return <InterviewView details={details} state={state} socket={socket} />;
}

let socket: InterviewSocket;
beforeEach(() => {
  FakeSocket.reset();
  socket = new InterviewSocket({ url: "ws://t", storageKey: IID, createSocket: (u) => new FakeSocket(u), storage: sessionStorage });
  socket.start();
});
afterEach(() => act(() => socket.stop()));

const welcome = env(1, {
  type: "welcome", language: "en", job_title: "Backend Engineer",
  notice: "Conducted by an AI <b>not</b> a person.", questions: 2, question_time_limit_secs: 300, overall_limit_secs: 5400,
});

describe("InterviewView", () => {
  it("shows the AI notice and sends consent", async () => {
    render(<Harness socket={socket} />);
    const ws = FakeSocket.last();
    act(() => {
      ws.open();
      ws.receive(welcome);
    });
    expect(screen.getByRole("heading", { level: 1, name: "Before we start" })).toBeInTheDocument();
    // The server's text is shown as text, markup and all.
    expect(screen.getByText("Conducted by an AI <b>not</b> a person.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "I agree: start the interview" }));
    expect(ws.messages().at(-1)).toMatchObject({ type: "consent", given: true });
  });

  it("asks to confirm a request for another process", async () => {
    render(<Harness socket={socket} />);
    const ws = FakeSocket.last();
    act(() => {
      ws.open();
      ws.receive(welcome);
    });
    await userEvent.click(screen.getByRole("button", { name: "I would like another process" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, ask for another process" }));
    expect(ws.messages().at(-1)).toMatchObject({ type: "consent", given: false });
  });

  it("renders questions as text, keeps the draft, and sends the answer", async () => {
    const { container } = render(<Harness socket={socket} />);
    const ws = FakeSocket.last();
    act(() => {
      ws.open();
      ws.receive(welcome);
      ws.receive(env(2, { type: "consent", given: true }));
      ws.receive(env(3, {
        type: "question", question_id: Q1, number: 1, of: 2, kind: "technical",
        text: "<img src=x onerror=alert(1)> How did you fix it?",
        deadline: new Date(Date.now() + 300_000).toISOString(), time_limit_secs: 300,
      }));
    });
    expect(screen.getByText("<img src=x onerror=alert(1)> How did you fix it?")).toBeInTheDocument();
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByRole("timer")).toHaveTextContent(/^[45]:\d\d$/);
    const box = screen.getByLabelText("Your answer");
    await userEvent.type(box, "We added an index");
    expect(screen.getByText("Draft kept on this device")).toBeInTheDocument();
    expect(JSON.parse(sessionStorage.getItem(`ats.interview.${IID}`)!).drafts[`${Q1}#0`].text).toBe("We added an index");
    await userEvent.click(screen.getByRole("button", { name: "Send answer" }));
    expect(ws.messages().at(-1)).toMatchObject({ type: "answer", question_id: Q1, text: "We added an index" });
  });

  it("announces a lost connection and keeps the answer", () => {
    render(<Harness socket={socket} />);
    const ws = FakeSocket.last();
    act(() => {
      ws.open();
      ws.receive(welcome);
      ws.drop();
    });
    const banner = screen.getAllByRole("status").find((e) => e.textContent?.includes("Connection lost"));
    expect(banner).toBeTruthy();
    expect(banner).toHaveTextContent("Your answer is kept on this device.");
    expect(screen.getByRole("button", { name: "Try now" })).toBeInTheDocument();
  });

  it("shows the closing page with the server's message", () => {
    render(<Harness socket={socket} />);
    const ws = FakeSocket.last();
    act(() => {
      ws.open();
      ws.receive(welcome);
      ws.receive(env(2, { type: "complete", reason: "consent_declined", message: "Understood: no AI interview." }));
    });
    expect(screen.getByRole("heading", { level: 1, name: "No AI interview" })).toBeInTheDocument();
    expect(screen.getByText("Understood: no AI interview.")).toBeInTheDocument();
  });
});

describe("a bad invitation link (/interview?error=CODE)", () => {
  it("says why in words, without asking the server", async () => {
    const { createMemoryRouter, RouterProvider } = await import("react-router");
    const { default: InterviewPage, linkError } = await import("./InterviewPage");
    const { setTransport } = await import("../api/client");
    const calls: string[] = [];
    setTransport({ kind: "fake", call: async (m) => (calls.push(m), {}) });
    const router = createMemoryRouter([{ path: "/interview", Component: InterviewPage }], {
      initialEntries: ["/interview?error=auth.invalid_invitation"],
    });
    render(<RouterProvider router={router} />);
    expect(screen.getByRole("heading", { level: 1, name: "The interview cannot be opened" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("This invitation link is not valid: it may have expired or been revoked.");
    expect(screen.getByText(/Please open the link from your invitation again/)).toBeInTheDocument();
    expect(calls).toEqual([]);
    setTransport(null);
    // Only a code's shape is believed from the address bar.
    expect(linkError("<script>")?.code).toBe("auth.invalid_invitation");
    expect(linkError("rate_limited")?.code).toBe("rate_limited");
    expect(linkError(null)).toBeNull();
  });
});
