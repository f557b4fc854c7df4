// The example's browser test (devtools/embed_test.py builds the app against the emulators,
// serves it and passes the addresses in the environment). The browser is the system's.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  retries: 0,
  timeout: 300_000,
  // Generous: the first call of each function starts its worker, slow on a loaded machine.
  expect: { timeout: 60_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.EMBED_URL,
    launchOptions: { executablePath: process.env.CHROME_PATH || undefined },
    trace: "retain-on-failure",
  },
});
