// Every screen is its own chunk. The candidate's screens (/i/:token,
// /interview) load nothing of the recruiter's.
import type { ComponentType } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import NotFound, { NotFoundSection } from "./components/NotFound";
import { Loading } from "./components/Loading";
import { RouteError } from "./components/RouteError";
import { setUnauthenticatedHandler } from "./queryClient";

type Module = { default: ComponentType };
const page = (load: () => Promise<Module>) => async () => ({ Component: (await load()).default });
/** Shown while a route's code loads at start-up. */
const fallback = <Loading />;

export const routes: RouteObject[] = [
  { path: "/", element: <Navigate to="/app" replace />, errorElement: <RouteError />, hydrateFallbackElement: fallback },
  // Candidate (mobile first)
  { path: "/i/:token", lazy: page(() => import("./candidate/Redeem")), errorElement: <RouteError />, hydrateFallbackElement: fallback },
  { path: "/interview", lazy: page(() => import("./candidate/InterviewPage")), errorElement: <RouteError />, hydrateFallbackElement: fallback },
  // Recruiter (desktop)
  { path: "/app/sign-in", lazy: page(() => import("./recruiter/SignIn")), errorElement: <RouteError />, hydrateFallbackElement: fallback },
  { path: "/app/setup", lazy: page(() => import("./recruiter/Setup")), errorElement: <RouteError />, hydrateFallbackElement: fallback },
  {
    path: "/app",
    lazy: page(() => import("./recruiter/Layout")),
    errorElement: <RouteError />,
    hydrateFallbackElement: fallback,
    children: [
      { index: true, lazy: page(() => import("./recruiter/Dashboard")) },
      { path: "jobs", lazy: page(() => import("./recruiter/Jobs")) },
      { path: "jobs/new", lazy: page(() => import("./recruiter/JobNew")) },
      { path: "jobs/:jobId", lazy: page(() => import("./recruiter/JobDetail")) },
      { path: "jobs/:jobId/fairness", lazy: page(() => import("./recruiter/Fairness")) },
      { path: "candidates", lazy: page(() => import("./recruiter/Candidates")) },
      { path: "candidates/:candidateId", lazy: page(() => import("./recruiter/CandidateDetail")) },
      { path: "interviews", lazy: page(() => import("./recruiter/Interviews")) },
      { path: "interviews/new", lazy: page(() => import("./recruiter/InterviewNew")) },
      { path: "interviews/:interviewId", lazy: page(() => import("./recruiter/InterviewDetail")) },
      { path: "interviews/:interviewId/scorecard", lazy: page(() => import("./recruiter/Scorecard")) },
      { path: "settings", lazy: page(() => import("./recruiter/Settings")) },
      { path: "outbox", lazy: page(() => import("./recruiter/Outbox")) },
      { path: "audit", lazy: page(() => import("./recruiter/AuditLog")) },
      { path: "*", element: <NotFoundSection /> },
    ],
  },
  { path: "*", element: <NotFound />, errorElement: <RouteError />, hydrateFallbackElement: fallback },
];

export function makeRouter(queryClient: QueryClient) {
  const router = createBrowserRouter(routes);
  setUnauthenticatedHandler(() => {
    const here = router.state.location;
    if (!here.pathname.startsWith("/app") || here.pathname === "/app/sign-in") return;
    queryClient.removeQueries({ queryKey: ["auth.me"] });
    const next = encodeURIComponent(here.pathname + here.search);
    void router.navigate(`/app/sign-in?next=${next}`, { replace: true });
  });
  return router;
}
