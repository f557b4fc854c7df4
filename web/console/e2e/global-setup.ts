import { chromium } from "@playwright/test";

export default async function globalSetup(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || undefined });
  console.log(`console e2e: browser ${browser.browserType().name()} ${browser.version()} (${process.env.CHROME_PATH || "playwright's own"})`);
  await browser.close();
}
