// The consumer test's browser step (devtools/consumer_test.py runs it with Node): opens the
// scratch app's build in Chromium, creates a team through @teamkit/react's useMutation, and
// waits for useMembers to list its owner, then a member added by a second call, live, and for
// @teamkit/ui's TeamSwitcher to offer the team.
// Environment: APP_URL (with the query string App.tsx reads), OWNER_EMAIL, MEMBER_EMAIL,
// CHROME_PATH, PLAYWRIGHT_CORE (the file URL of web/node_modules/playwright-core/index.mjs:
// the scratch app does not install Playwright).
const { chromium } = await import(process.env.PLAYWRIGHT_CORE);
const TIMEOUT = 60_000;

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || undefined });
const problems = [];
try {
  console.log(`browser: ${browser.version()}`);
  const page = await browser.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto(process.env.APP_URL);
  const members = page.getByRole("list", { name: "Members" });
  await page.getByRole("button", { name: "Create team" }).click({ timeout: TIMEOUT });
  await members.getByText(`${process.env.OWNER_EMAIL} (owner)`).waitFor({ timeout: TIMEOUT });
  console.log("team created; its owner is listed");
  await page.getByRole("button", { name: "Add member" }).click({ timeout: TIMEOUT });
  await members.getByText(`${process.env.MEMBER_EMAIL} (member)`).waitFor({ timeout: TIMEOUT });
  console.log("the added member appeared in the list (live)");
  await page.getByRole("combobox", { name: "Team" }).getByRole("option", { name: "Consumer test" }).waitFor({ state: "attached", timeout: TIMEOUT });
  console.log("the TeamSwitcher offers the new team");
} catch (error) {
  console.error(String(error));
  for (const problem of problems) console.error(problem);
  process.exitCode = 1;
} finally {
  await browser.close();
}
