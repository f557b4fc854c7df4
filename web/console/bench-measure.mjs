// bench/console.py's browser part: sign in to the console as the owner of a large team and
// report the milliseconds from pressing "Sign in" to the first members row, and the documents
// the console's listeners read until the page has settled. Prints one JSON line.
import { chromium } from "playwright-core";

const { CONSOLE_URL, CHROME_PATH, BENCH_EMAIL, BENCH_PASSWORD, BENCH_TEAM } = process.env;
const browser = await chromium.launch({ executablePath: CHROME_PATH || undefined });
const page = await browser.newPage();
await page.goto(CONSOLE_URL);
await page.getByLabel("Email").fill(BENCH_EMAIL);
await page.getByLabel("Password").fill(BENCH_PASSWORD);
const started = Date.now();
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.getByRole("heading", { name: BENCH_TEAM, level: 1 }).waitFor();
await page.getByRole("row", { name: /@members\.example\.com/ }).first().waitFor({ timeout: 60_000 });
const toRows = Date.now() - started;
await page.waitForTimeout(3000);
const reads = await page.evaluate(() => globalThis.__teamkitReads ?? null);
const rows = await page.getByRole("row").count();
console.log(JSON.stringify({ browser: browser.version(), toRowsMs: toRows, reads, rows }));
await browser.close();
