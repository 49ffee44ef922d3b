import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { initI18n } from "./i18n";
import { makeQueryClient } from "./queryClient";
import { makeRouter } from "./routes";
import "./styles.css";

const queryClient = makeQueryClient();

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
