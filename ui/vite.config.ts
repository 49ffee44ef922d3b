/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The Rust server (`ats serve`) listens here in development.
const SERVER = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    // Host is kept (no changeOrigin) so that the server's same-origin check
    // of the interview WebSocket sees the page's own origin.
    proxy: {
      "/api": { target: SERVER },
      // Resumes as raw bytes (the browser's drag-and-drop uploads).
      "/upload": { target: SERVER },
      "/ws": { target: SERVER, ws: true },
      "/i/": {
        target: SERVER,
        // A person opening an invitation link gets the app, which redeems
        // the token with a fetch (JSON) through this same proxy.
        bypass(req) {
          if (req.headers.accept?.includes("text/html")) return "/index.html";
          return undefined;
        },
      },
      "/health": { target: SERVER },
      "/ready": { target: SERVER },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    target: "es2022",
    // kB before compression; the budget is 300 KB gzipped for the start-up JS.
    chunkSizeWarningLimit: 500,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
