// The embedded team UI in a browser, against the emulators: an owner signs in, creates a team
// and invites someone, who (having accepted) watches in a second browser context as the owner
// makes them an admin. axe checks the page in light, in dark and at phone width.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the test through devtools/embed_test.py`);
  return value;
};
const PROJECT = env("TEAMKIT_PROJECT_ID");
const AUTH = `http://${env("FIREBASE_AUTH_EMULATOR_HOST")}`;
const FUNCTIONS = env("TEAMKIT_FUNCTIONS_URL");
const FIRESTORE = `http://${env("FIRESTORE_EMULATOR_HOST")}/v1/projects/${PROJECT}/databases/(default)/documents`;
const PASSWORD = "embed example password";

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, any>> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, any>;
}

/** A verified account in the Auth emulator; its ID token. */
async function account(email: string): Promise<string> {
  const created = await post(`${AUTH}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=embed`, { email, password: PASSWORD, returnSecureToken: true });
  await post(`${AUTH}/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:update`, { localId: created.localId, emailVerified: true }, { Authorization: "Bearer owner" });
  const signedIn = await post(`${AUTH}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=embed`, { email, password: PASSWORD, returnSecureToken: true });
  return String(signedIn.idToken);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** No serious or critical axe violation on the page as it is now. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${what}`).toEqual([]);
}

test("an owner creates a team and invites; the member sees a role change live; axe finds nothing serious", async ({ browser }) => {
  const tag = Date.now().toString(36);
  const ownerEmail = `owner.${tag}@example.com`;
  const memberEmail = `member.${tag}@example.com`;
  const [, memberToken] = await Promise.all([account(ownerEmail), account(memberEmail)]);

  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  console.log(`browser: ${browser.version()}`);
  await signIn(owner, ownerEmail);
  await owner.getByLabel("Team name").fill("Embedded");
  await owner.getByRole("button", { name: "Create team" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Embedded" })).toBeVisible();
  const switcher = owner.getByRole("combobox", { name: "Team" });
  await expect(switcher.getByRole("option", { name: "Embedded" })).toBeAttached();
  const teamId = await switcher.inputValue();

  await owner.getByRole("tab", { name: "Invite" }).click();
  await owner.getByLabel("Email addresses").fill(memberEmail);
  await owner.getByRole("button", { name: "Send 1 invitation" }).click();
  await expect(owner.getByRole("status")).toHaveText("1 invitation sent.");

  // The member accepts (an app would use its accept page; here the call itself).
  const invites = (await (await fetch(`${FIRESTORE}/teams/${teamId}/invites`, { headers: { Authorization: "Bearer owner" } })).json()) as { documents: { name: string }[] };
  const inviteId = invites.documents[0]!.name.split("/").pop();
  await post(`${FUNCTIONS}/acceptInvite`, { teamId, inviteId }, { Authorization: `Bearer ${memberToken}` });

  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signIn(member, memberEmail);
  await expect(member.getByRole("heading", { level: 1, name: "Embedded" })).toBeVisible();
  const myRow = member.getByRole("listitem").filter({ hasText: "(you)" });
  await expect(myRow).toContainText("Member");
  await expect(member.getByRole("tab", { name: "Invite" })).toHaveCount(0);

  await owner.getByRole("tab", { name: "Members" }).click();
  await owner.getByRole("button", { name: "Edit roles" }).click();
  await owner.getByLabel(new RegExp(`^Role for ${memberEmail.replace(/\./g, "\\.")}`)).selectOption("admin");
  await owner.getByRole("button", { name: "Save 1 change" }).click();
  await expect(owner.getByRole("status")).toHaveText("Saved 1 role change.");

  await expect(myRow).toContainText("Admin");
  await expect(member.getByRole("tab", { name: "Invite" })).toBeVisible();

  await expectAccessible(owner, "the team page, light");
  await owner.emulateMedia({ colorScheme: "dark" });
  await expect(owner.locator(".tk-root").first()).toHaveCSS("color", "rgb(236, 238, 242)");
  await expectAccessible(owner, "the team page, dark");
  await owner.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(owner, "the team page at 390 px");
  expect(await owner.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling at 390 px").toBeLessThanOrEqual(390);
  await owner.setViewportSize({ width: 360, height: 740 });
  expect(await owner.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling at 360 px").toBeLessThanOrEqual(360);

  await Promise.all([ownerContext.close(), memberContext.close()]);
});
