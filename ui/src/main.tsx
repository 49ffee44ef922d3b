import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { isTauri } from "./api/client";
import { initI18n } from "./i18n";
import { makeQueryClient } from "./queryClient";
import { makeRouter } from "./routes";
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/layout.css";
import "./styles/widgets.css";
import "./styles/recruiter.css";
import "./styles/candidate.css";
import "./styles/tools.css";

const queryClient = makeQueryClient();

// The app says when a scorecard is made; the browser polls (loaded lazily,
// so the browser's start-up bundle stays as it is).
if (isTauri()) void import("./api/events").then((m) => m.listenScored(queryClient));

void initI18n().then(() => {
  const router = makeRouter(queryClient);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
});
