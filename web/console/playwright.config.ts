// Browser tests of the console, run by devtools/console_tests.py (scripts/test), which starts
// the emulators, localstripe and the console and passes their addresses in the environment.
// The browser is the system's (Debian's Chromium): Playwright never downloads one here.
import { defineConfig } from "@playwright/test";

const executablePath = process.env.CHROME_PATH || undefined;

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.CONSOLE_URL,
    launchOptions: { executablePath },
    trace: "retain-on-failure",
    viewport: { width: 1280, height: 860 },
  },
});
