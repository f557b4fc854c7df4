// The console's build. Env vars (VITE_*) point it at a project or at the emulators: see README.
// The build also writes the hosting config whose Content-Security-Policy fits them (hosting.ts).
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";
import { hostingConfig } from "./hosting.ts";

export default defineConfig({
  plugins: [react(), hostingConfig()],
  // @teamkit/client and @teamkit/react from their sources (no build step): see their exports.
  resolve: { conditions: ["@teamkit/source", ...defaultClientConditions] },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1" },
  // Firebase Auth + Firestore alone are ~200 kB gzip: bench/ compares the console against that.
  build: { sourcemap: false, target: "es2022", chunkSizeWarningLimit: 1200 },
});
