// The console as Firebase Hosting serves it: the Hosting emulator, started with the hosting config
// this build wrote (firebase.json's headers, the Content-Security-Policy allowing exactly what the
// build calls: web/console/hosting.ts). `vite preview`, which the other specs use, ignores
// firebase.json, so this is the one pass that sees the headers and the policy at work.
import { expect, test } from "@playwright/test";
import { callAs, FUNCTIONS, inviteLinkFor, newTeam, signIn, uniqueEmail } from "./support";

const HOSTING = process.env.HOSTING_URL;
test.use({ baseURL: HOSTING });

test("hosting sends the security headers, and signing in and the team page break no CSP rule", async ({ page }) => {
  expect(HOSTING, "HOSTING_URL: run the suite through devtools/console_tests.py").toBeTruthy();
  const problems: string[] = [];
  // Reported from inside the page (the event fires before any script of ours could miss it).
  await page.exposeBinding("reportViolation", (_source, text: string) => problems.push(`violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportViolation: (text: string) => void }).reportViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page: ${error.message}`));
  const { teamId, owner } = await newTeam("Beacon", [["Hana Hosted", "member"]]);

  const response = await page.goto("/");
  const headers = response!.headers();
  const policy = headers["content-security-policy"] ?? "";
  const directives = Object.fromEntries(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
  expect(directives["script-src"]).toEqual(["'self'"]);
  expect(directives["style-src"]).toEqual(["'self'"]);
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["connect-src"]).toContain("'self'");
  expect(directives["connect-src"]).toContain(new URL(FUNCTIONS).origin);
  expect(directives["connect-src"].every((source: string) => !source.includes("*"))).toBe(true);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");

  await signIn(page, owner.email);
  await expect(page.getByRole("heading", { name: "Beacon" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Hana Hosted/ })).toContainText("Member");

  // The accept page (a rewrite to index.html, same headers) previews through the functions.
  const invitee = uniqueEmail("ines");
  await callAs(owner, "inviteMember", { teamId, email: invitee, role: "viewer" });
  const accept = await page.goto(await inviteLinkFor(invitee));
  expect(accept!.headers()["content-security-policy"]).toBe(policy);
  await expect(page.getByRole("heading", { name: "This invitation is for someone else" })).toBeVisible();
  expect(new URL(page.url()).searchParams.has("token")).toBe(false);

  expect(problems).toEqual([]);
});
