// Invitations end to end: a new user, an existing user, the wrong account, expired and revoked.
import { expect, test } from "@playwright/test";
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
