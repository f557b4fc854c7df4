// vitest for the web workspace. The tests talk to the emulators devtools/web_tests.py starts
// (it exports their addresses); files run one after the other to spare the shared machine.
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The tests run the packages' sources: the "@teamkit/source" export condition (the published
  // packages resolve to dist/ instead).
  resolve: { conditions: ["@teamkit/source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["@teamkit/source", ...defaultServerConditions] } },
  test: {
    include: ["packages/*/test/**/*.test.{ts,tsx}"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
