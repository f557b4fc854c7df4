// Billing, notifications, workspace, the keyboard, and axe on every page (the demo data of
// devtools/seed.py, with Acme Inc subscribed in localstripe).
import { expect, test } from "@playwright/test";
import { callAs, createUser, DEMO, docScreenshot, expectAccessible, newTeam, signIn } from "./support";

const alice = DEMO.users.alice.email; // owner of Acme Inc (subscribed) and of Globex
const bob = DEMO.users.bob.email; // admin of Acme Inc
const carol = DEMO.users.carol.email; // member of Acme Inc

/** Press Tab until `target` has the focus (keyboard only, as a user would). */
async function tabTo(page: import("@playwright/test").Page, target: import("@playwright/test").Locator) {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("Tab never reached the target");
}

async function openTeam(page: import("@playwright/test").Page, name: string) {
  const switcher = page.getByRole("combobox", { name: "Team" });
  await switcher.selectOption({ label: name });
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

test("the billing overview shows the localstripe subscription, and its buttons open the URLs the functions return", async ({
  page,
}) => {
  await signIn(page, alice);
  await openTeam(page, "Acme Inc");
  await page.getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { name: "Billing for Acme Inc" })).toBeVisible();
  await expect(page.getByText("active", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Manage billing" })).toBeVisible();
  await expectAccessible(page, "the billing page");
  // The portal is Stripe's page (here localstripe's address): answer it locally, as it is not ours.
  const consoleOrigin = new URL(page.url()).origin;
  await page.route((url) => url.origin !== consoleOrigin && !/127\.0\.0\.1/.test(url.host), (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>Stripe portal</title>" }),
  );
  const portal = page.waitForRequest((request) => request.isNavigationRequest() && !request.url().startsWith(consoleOrigin));
  await page.getByRole("button", { name: "Manage billing" }).click();
  expect((await portal).url()).toMatch(/^https?:\/\//);
});

test("an admin reads billing without its controls; a member sees no billing at all", async ({ page }) => {
  await signIn(page, bob);
  await openTeam(page, "Acme Inc");
  await page.getByRole("link", { name: "Billing" }).click();
  await expect(page.getByText("You can see billing but not change it")).toBeVisible();
  await expect(page.getByRole("button", { name: "Manage billing" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Upgrade" })).toHaveCount(0);

  await page.getByRole("button", { name: bob }).click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await signIn(page, carol);
  await openTeam(page, "Acme Inc");
  await expect(page.getByRole("link", { name: "Billing" })).toHaveCount(0);
});

test("keyboard only: sign in, open Add members, invite, and Escape gives focus back", async ({ page }) => {
  const { owner } = await newTeam("Keys");
  await page.goto("/");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(owner.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO.password);
  await page.keyboard.press("Enter");
  const add = page.getByRole("button", { name: "Add members" });
  await expect(add).toBeVisible();
  await tabTo(page, add);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add members" });
  await expect(dialog.getByLabel("Email addresses")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.type("kim@example.com");
  // Tab through the role choices to Continue, then confirm with Enter.
  await tabTo(page, dialog.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("button", { name: "Send invitation" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("row", { name: /kim@example.com/ })).toContainText("Pending");
});

test("axe finds no serious or critical violation on any page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expectAccessible(page, "sign in");
  await signIn(page, alice);
  await openTeam(page, "Acme Inc");
  await expect(page.getByRole("row", { name: /Bob Admin/ })).toBeVisible();
  // The activity log, newest first, opens on demand.
  await page.getByRole("button", { name: "Show activity" }).click();
  const log = page.getByRole("list").filter({ hasText: "created the team" });
  await expect(log.getByRole("listitem").last()).toContainText("Alice Owner created the team.");
  await expect(log.getByRole("listitem").first()).not.toContainText("created the team");
  await expectAccessible(page, "the team page");
  await docScreenshot(page, "console-team.png", { fullPage: true });
  await page.getByRole("button", { name: "Add members" }).click();
  await page.getByRole("dialog", { name: "Add members" }).getByLabel("Email addresses").fill("pat@example.com, sam@example.com");
  await expectAccessible(page, "the add-members dialog");
  await docScreenshot(page, "console-add-members.png");
  await page.keyboard.press("Escape");
  for (const [link, heading] of [
    ["Workspace", "Workspace of Acme Inc"],
    ["Billing", "Billing for Acme Inc"],
    ["My invitations", "My invitations"],
  ]) {
    await page.getByRole("link", { name: link, exact: true }).click();
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expectAccessible(page, link);
  }
  await page.getByRole("link", { name: /Notifications/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expectAccessible(page, "notifications");
  await page.getByRole("button", { name: alice }).click();
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page.getByRole("dialog", { name: "Delete account" })).toContainText("only owner");
  await expectAccessible(page, "the delete-account dialog");
});

test("notifications: mark one and all read, with the bell following", async ({ page }) => {
  const { owner, teamId, people } = await newTeam("Bells", [["Lea Member", "member"]]);
  const lea = people["Lea Member"];
  await callAs(owner, "changeMemberRoles", { teamId, changes: { [lea.uid]: "viewer" } });
  await callAs(owner, "updateTeam", { teamId, name: "Bells and Whistles" });
  await signIn(page, lea.email);
  await page.getByRole("link", { name: /Notifications, [1-9]\d* unread/ }).click();
  const markOne = page.getByRole("button", { name: /^Mark as read/ }).first();
  await markOne.click();
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("link", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(page.getByText("0 unread")).toBeVisible();
});

test("workspace: a shared prompt reaches another member live; a private one does not", async ({ page, browser }) => {
  const { owner, people } = await newTeam("Prompts", [["Max Member", "member"]]);
  await signIn(page, owner.email);
  await page.getByRole("link", { name: "Workspace" }).click();
  await page.getByRole("button", { name: "New prompt" }).click();
  const dialog = page.getByRole("dialog", { name: "New prompt" });
  await dialog.getByLabel("Title").fill("Release notes");
  await dialog.getByLabel("Prompt").fill("Summarise the changes.");
  await dialog.getByLabel("Share with the team").check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByRole("button", { name: "New prompt" }).click();
  await dialog.getByLabel("Title").fill("My draft");
  await dialog.getByRole("button", { name: "Save" }).click();

  const other = await browser.newContext();
  const max = await other.newPage();
  await signIn(max, people["Max Member"].email);
  await max.getByRole("link", { name: "Workspace" }).click();
  const shared = max.getByRole("region", { name: "Shared with the team" });
  await expect(shared.getByRole("heading", { name: "Release notes" })).toBeVisible();
  await expect(max.getByText("My draft")).toHaveCount(0);
  await page.getByRole("button", { name: "Delete Release notes" }).click();
  await expect(shared.getByRole("heading", { name: "Release notes" })).toHaveCount(0);
  await other.close();
});

test("a platform admin lists all teams, searches and opens one", async ({ page }) => {
  const admin = await createUser("Ada Platform", { superAdmin: true });
  await signIn(page, admin.email);
  await page.getByRole("link", { name: "Platform admin" }).click();
  await page.getByLabel("Search teams").fill("Glob");
  await page.getByRole("link", { name: "Globex" }).click();
  await expect(page.getByRole("heading", { name: "Globex" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Carol Member/ })).toBeVisible();
  await expectAccessible(page, "platform admin, a team");
});
