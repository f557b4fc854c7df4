// Invitations end to end: a new user, an existing user, the wrong account, expired and revoked;
// the token out of the address bar; a refused preview that still lets the invitee in.
import { expect, test, type Page } from "@playwright/test";
import {
  backdateInvite,
  callAs,
  createUser,
  docScreenshot,
  expectAccessible,
  inviteLinkFor,
  inviteTokenFor,
  newTeam,
  PASSWORD,
  signIn,
  uniqueEmail,
} from "./support";

test("a new user is invited, creates the account from the link and lands in the team; the owner sees them arrive live", async ({
  page,
  browser,
}) => {
  const { owner } = await newTeam("Rocket");
  await signIn(page, owner.email);
  await expect(page.getByRole("heading", { name: "Rocket" })).toBeVisible();

  const invitee = uniqueEmail("nina");
  await page.getByRole("button", { name: "Add members" }).click();
  const dialog = page.getByRole("dialog", { name: "Add members" });
  await dialog.getByLabel("Email addresses").fill(invitee);
  await dialog.getByRole("radio", { name: /Admin/ }).check();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByText(`Invite ${invitee} to Rocket as Admin?`)).toBeVisible();
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${invitee}`);
  await expect(page.getByRole("row", { name: new RegExp(invitee) })).toContainText("Pending");

  // The mail's link carries the address (only the invitee gets it): the form starts filled in.
  const link = await inviteLinkFor(invitee);
  const other = await browser.newContext();
  const newcomer = await other.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { name: "Join Rocket" })).toBeVisible();
  await expect(newcomer.getByText("Admin", { exact: true })).toBeVisible();
  await expectAccessible(newcomer, "the accept page, signed out");
  await docScreenshot(newcomer, "console-accept.png");

  await newcomer.getByRole("button", { name: "New here? Create an account instead" }).click();
  await expect(newcomer.getByLabel("Email")).toHaveValue(invitee);
  await newcomer.getByLabel("Name").fill("Nina Newcomer");
  await newcomer.getByLabel("Password").fill(PASSWORD);
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await newcomer.getByRole("button", { name: "Accept" }).click();
  await expect(newcomer.getByRole("heading", { name: "Rocket" })).toBeVisible();
  await expect(newcomer.getByRole("row", { name: /Nina Newcomer \(you\)/ })).toBeVisible();

  // The owner's page, never reloaded, shows the new member and no pending row.
  await expect(page.getByRole("row", { name: /Nina Newcomer/ })).toContainText("Active");
  await expect(page.getByRole("row", { name: /Pending/ })).toHaveCount(0);
  await other.close();
});

test("an existing user signs in from the link and accepts", async ({ page }) => {
  const { teamId, owner } = await newTeam("Comet");
  const existing = await createUser("Oscar Existing");
  await callAs(owner, "inviteMember", { teamId, email: existing.email, role: "viewer" });
  const token = await inviteTokenFor(existing.email);
  await page.goto(`/accept-invite?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("heading", { name: "Join Comet" })).toBeVisible();
  await page.getByLabel("Email").fill(existing.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByRole("heading", { name: "Comet" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Oscar Existing \(you\)/ })).toContainText("Viewer");
});

test("signed in as another account, the page says so plainly and offers to switch", async ({ page }) => {
  const { teamId, owner } = await newTeam("Nebula");
  const invitee = uniqueEmail("paula");
  await callAs(owner, "inviteMember", { teamId, email: invitee, role: "member" });
  const token = await inviteTokenFor(invitee);
  const stranger = await createUser("Quentin Stranger");
  await signIn(page, stranger.email);
  await page.goto(`/accept-invite?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("heading", { name: "This invitation is for someone else" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText(`You are signed in as ${stranger.email}`);
  await expectAccessible(page, "the accept page, wrong account");
  await page.getByRole("button", { name: "Switch account" }).click();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Join Nebula" })).toBeVisible();
});

test("an expired and a revoked link say which, and what to do", async ({ page }) => {
  const { teamId, owner } = await newTeam("Quasar");
  const late = uniqueEmail("late");
  const withdrawn = uniqueEmail("withdrawn");
  const expired = await callAs(owner, "inviteMember", { teamId, email: late, role: "member" });
  const revoked = await callAs(owner, "inviteMember", { teamId, email: withdrawn, role: "member" });
  const lateToken = await inviteTokenFor(late);
  const withdrawnToken = await inviteTokenFor(withdrawn);
  await backdateInvite(teamId, expired.inviteId);
  await callAs(owner, "revokeInvite", { teamId, inviteId: revoked.inviteId });

  await page.goto(`/accept-invite?token=${encodeURIComponent(lateToken)}`);
  await expect(page.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
  await expect(page.getByText(/Ask .* to resend it/)).toBeVisible();
  await page.goto(`/accept-invite?token=${encodeURIComponent(withdrawnToken)}`);
  await expect(page.getByRole("heading", { name: "This invitation was revoked" })).toBeVisible();
  await expectAccessible(page, "the accept page, revoked");
});

test("the token leaves the address bar as soon as the page reads it, and a reload still finds it", async ({ page }) => {
  const { teamId, owner } = await newTeam("Pulsar");
  const invitee = await createUser("Rita Reload");
  await callAs(owner, "inviteMember", { teamId, email: invitee.email, role: "member" });
  const link = await inviteLinkFor(invitee.email);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join Pulsar" })).toBeVisible();
  const address = new URL(page.url());
  expect(address.pathname).toBe("/accept-invite");
  expect(address.searchParams.has("token")).toBe(false);
  expect(address.searchParams.get("email")).toBe(invitee.email);

  await page.reload();
  await expect(page.getByRole("heading", { name: "Join Pulsar" })).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByRole("row", { name: /Rita Reload \(you\)/ })).toContainText("Member");
});

/** Answer previewInvite as the function does when a caller's network has used its window. */
async function refusePreviews(page: Page): Promise<void> {
  await page.route("**/previewInvite", (route) => {
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Content-Type" };
    if (route.request().method() === "OPTIONS") return route.fulfill({ status: 204, headers: cors });
    return route.fulfill({
      status: 429,
      headers: { ...cors, "Retry-After": "420" },
      contentType: "application/json",
      body: JSON.stringify({
        error: {
          status: "RESOURCE_EXHAUSTED",
          reason: "RATE_LIMITED",
          message: "Too many requests; try again in 420 s.",
          details: { retryAfterSeconds: 420 },
        },
      }),
    });
  });
}

test("when the preview is refused, the page still offers sign in, then Accept", async ({ page }) => {
  const { teamId, owner } = await newTeam("Aurora");
  const invitee = await createUser("Sami Office");
  await callAs(owner, "inviteMember", { teamId, email: invitee.email, role: "viewer" });
  const token = await inviteTokenFor(invitee.email);
  await refusePreviews(page);

  await page.goto(`/accept-invite?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("heading", { name: "Join the team" })).toBeVisible();
  await expect(page.getByText(/details could not be shown right now \(Too many attempts/)).toBeVisible();
  await expectAccessible(page, "the accept page without its preview");
  await page.getByLabel("Email").fill(invitee.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Accept" }).click();

  await expect(page.getByRole("heading", { name: "Aurora" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Sami Office \(you\)/ })).toContainText("Viewer");
});

test("when the preview of an invite link fails, a signed-in user can still join through it", async ({ page }) => {
  const { teamId, owner } = await newTeam("Borealis");
  const created = await callAs(owner, "createInviteLink", { teamId, role: "member", expiresInDays: 3 });
  const joiner = await createUser("Tove Offline");
  await signIn(page, joiner.email);
  await page.route("**/previewInvite", (route) => route.abort("connectionfailed"));

  const url = new URL(created.url);
  await page.goto(url.pathname + url.search);
  await expect(page.getByRole("heading", { name: "Join the team" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Join the team" }).click();

  await expect(page.getByRole("heading", { name: "Borealis" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Tove Offline \(you\)/ })).toContainText("Member");
});
