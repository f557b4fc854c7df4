// The team page: staged role changes, removal, bulk invites, the seat limit.
import { expect, test } from "@playwright/test";
import { callAs, createUser, expectAccessible, newTeam, signIn, uniqueEmail } from "./support";

test("staged role changes are saved in one call; the member's open page updates and their bell count rises", async ({
  page,
  browser,
}) => {
  const { owner, people } = await newTeam("Orbit", [
    ["Rita Member", "member"],
    ["Sam Viewer", "viewer"],
  ]);
  const memberContext = await browser.newContext();
  const rita = await memberContext.newPage();
  await signIn(rita, people["Rita Member"].email);
  await expect(rita.getByRole("row", { name: /Rita Member \(you\)/ })).toContainText("Member");
  const bell = rita.getByRole("link", { name: /Notifications, \d+ unread/ });
  const unread = async () => Number(/(\d+) unread/.exec((await bell.getAttribute("aria-label")) ?? "")![1]);
  // The notifications of Rita's own arrival come from a trigger: let them land first.
  await expect.poll(unread).toBeGreaterThan(0);
  await rita.waitForTimeout(2000);
  const before = await unread();

  await signIn(page, owner.email);
  const calls: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && /changeMemberRoles$/.test(request.url())) calls.push(request.url());
  });
  await page.getByRole("button", { name: "Edit roles" }).click();
  await page.getByLabel("Role for Rita Member").selectOption("admin");
  await page.getByLabel("Role for Sam Viewer").selectOption("member");
  await expect(page.getByRole("region", { name: "Unsaved role changes" })).toContainText("2 changes staged");
  await expectAccessible(page, "the team page while editing roles");
  await page.getByRole("button", { name: "Save 2 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Saved 2 role changes");
  expect(calls).toHaveLength(1);
  await expect(page.getByRole("row", { name: /Rita Member/ })).toContainText("Admin");

  await expect(rita.getByRole("row", { name: /Rita Member \(you\)/ })).toContainText("Admin");
  await expect.poll(unread).toBeGreaterThan(before);
  await bell.click();
  await expect(rita.getByRole("listitem").filter({ hasText: /admin/i }).first()).toBeVisible();
  await memberContext.close();
});

test("a failed save keeps the draft and highlights the rows the error names", async ({ page }) => {
  const { owner } = await newTeam("Pulsar", [["Tom Owner", "owner"]]);
  await signIn(page, owner.email);
  await page.getByRole("button", { name: "Edit roles" }).click();
  // Both owners demoted at once would leave the team without one: refused, naming both.
  await page.getByLabel("Role for Pulsar Owner (you)").selectOption("admin");
  await page.getByLabel("Role for Tom Owner").selectOption("member");
  await page.getByRole("button", { name: "Save 2 changes" }).click();
  await expect(page.getByRole("region", { name: "Unsaved role changes" }).getByRole("alert")).toContainText(
    "Not saved: A team needs at least one owner",
  );
  await expect(page.getByLabel("Role for Tom Owner")).toHaveValue("member");
  for (const name of [/Tom Owner/, /Pulsar Owner/]) {
    const row = page.getByRole("row", { name });
    await expect(row).toHaveAttribute("aria-invalid", "true");
    await expect(row).toContainText("A team needs at least one owner");
  }
});

test("a removed member's open page says so and moves to another team", async ({ page, browser }) => {
  const { owner, teamId, people } = await newTeam("Meteor", [["Uma Member", "member"]]);
  const uma = people["Uma Member"];
  // Uma also belongs to a second team to move to.
  const second = await newTeam("Satellite");
  await callAs(second.owner, "addExistingMember", { teamId: second.teamId, email: uma.email, role: "member" });
  await callAs(uma, "switchTeam", { teamId });

  await signIn(page, uma.email);
  await expect(page.getByRole("heading", { name: "Meteor" })).toBeVisible();
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner.email);
  await ownerPage.getByRole("button", { name: "Remove Uma Member" }).click();
  const dialog = ownerPage.getByRole("dialog", { name: "Remove Uma Member" });
  await expect(dialog).toContainText("Uma Member will lose access to Meteor");
  await dialog.getByRole("button", { name: "Remove Uma Member" }).click();
  await expect(ownerPage.getByRole("row", { name: /Uma Member/ })).toHaveCount(0);

  await expect(page.getByRole("alert")).toContainText("You no longer have access to Meteor");
  await expect(page.getByRole("alert")).toContainText("You are now in Satellite");
  await expect(page.getByRole("heading", { name: "Satellite" })).toBeVisible();
  await ownerContext.close();
});

test("bulk paste invites many at once, with a result per row and one bad address", async ({ page }) => {
  const { owner } = await newTeam("Galaxy");
  await signIn(page, owner.email);
  const good = [uniqueEmail("vera"), uniqueEmail("walt")];
  await page.getByRole("button", { name: "Add members" }).click();
  const dialog = page.getByRole("dialog", { name: "Add members" });
  await dialog.getByLabel("Email addresses").fill(`${good[0]}, not-an-address\n${good[1]}`);
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByRole("list", { name: "People to invite" }).getByRole("listitem")).toHaveCount(3);
  await expectAccessible(page, "the add-members dialog (confirmation)");
  await dialog.getByRole("button", { name: "Send 3 invitations" }).click();
  await expect(dialog.getByText("2 of 3 invitations sent.")).toBeVisible();
  await expect(dialog.getByRole("row", { name: /not-an-address/ })).toContainText("Not sent");
  await expect(dialog.getByRole("row", { name: new RegExp(good[0]) })).toContainText("Invitation sent");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: new RegExp(good[1]) })).toContainText("Pending");
  // Just sent: Resend waits out the rate limit, saying how long.
  await expect(
    page.getByRole("row", { name: new RegExp(good[1]) }).getByRole("button", { name: /^Resend \(in \d+ s\)/ }),
  ).toBeDisabled();
});

test("seats are shown before the limit, and the limit reached is said in words", async ({ page }) => {
  const { owner, teamId } = await newTeam("Cluster", [["Xena Member", "member"]]);
  await callAs(owner, "updateTeam", { teamId, seatLimit: 3 });
  await callAs(owner, "inviteMember", { teamId, email: uniqueEmail("yuri"), role: "member" });
  await signIn(page, owner.email);
  await expect(page.getByText("3 of 3 seats used")).toBeVisible();
  await page.getByRole("button", { name: "Add members" }).click();
  const dialog = page.getByRole("dialog", { name: "Add members" });
  await dialog.getByLabel("Email addresses").fill(uniqueEmail("zoe"));
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByRole("alert")).toContainText("seat limit");
});

test("an existing user is added directly by email, after a confirmation naming the role", async ({ page }) => {
  const { owner } = await newTeam("Direct");
  const existing = await createUser("Ivy Existing");
  await signIn(page, owner.email);
  await page.getByRole("button", { name: "Add members" }).click();
  const dialog = page.getByRole("dialog", { name: "Add members" });
  await dialog.getByRole("radio", { name: "Add an existing user" }).check();
  await dialog.getByLabel("Email of the existing user").fill(existing.email);
  await dialog.getByRole("radio", { name: /Viewer/ }).check();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByText(`Add ${existing.email} to Direct as Viewer?`)).toBeVisible();
  await dialog.getByRole("button", { name: "Add as Viewer" }).click();
  await expect(page.getByRole("row", { name: /Ivy Existing/ })).toContainText("Viewer");
});

test("My invitations: a verified user accepts in place and the team becomes current", async ({ page }) => {
  const { teamId, owner } = await newTeam("Inbox");
  const invitee = await createUser("Jay Invitee");
  await newTeam("Elsewhere").then(({ teamId: other, owner: otherOwner }) =>
    callAs(otherOwner, "addExistingMember", { teamId: other, email: invitee.email, role: "member" }),
  );
  await callAs(owner, "inviteMember", { teamId, email: invitee.email, role: "member" });
  await signIn(page, invitee.email);
  await page.getByRole("link", { name: "My invitations" }).click();
  await page.getByRole("button", { name: "Accept invitation to Inbox" }).click();
  await expect(page.getByRole("status")).toContainText("You joined Inbox");
  await page.getByRole("link", { name: "Team", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
});

test("a refused confirmation says why until Cancel; deleting a team waits for its typed name", async ({ page }) => {
  const { owner } = await newTeam("Quasar");
  await signIn(page, owner.email);
  await expect(page.getByRole("row", { name: /Quasar Owner \(you\)/ })).toBeVisible();
  await page.getByRole("button", { name: "Leave team" }).click();
  const leave = page.getByRole("dialog", { name: "Leave Quasar" });
  await leave.getByRole("button", { name: "Leave Quasar" }).click();
  await expect(leave.getByRole("alert")).toContainText("A team needs at least one owner");
  await leave.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Leave team" }).click();
  await expect(leave).toBeVisible();
  await expect(leave.getByRole("alert")).toHaveCount(0);
  await leave.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("button", { name: "Delete team" }).click();
  const remove = page.getByRole("dialog", { name: "Delete Quasar" });
  await expect(remove.getByRole("button", { name: "Delete this team" })).toBeDisabled();
  await remove.getByLabel("Team name to confirm").fill("Quasar");
  await remove.getByRole("button", { name: "Delete this team" }).click();
  await expect(page.getByRole("status")).toContainText("Quasar was deleted.");
  await expect(remove).toBeHidden();
});

test("an admin's pickers offer only roles whose powers admins hold; a removal reads as blocking in the activity", async ({
  page,
}) => {
  const { teamId, owner, people } = await newTeam("Nebula", [
    ["Ada Admin", "admin"],
    ["Bill Billing", "billing"],
    ["Vic Viewer", "viewer"],
  ]);
  await callAs(owner, "removeMember", { teamId, uid: people["Vic Viewer"]!.uid });
  await signIn(page, people["Ada Admin"]!.email);

  await page.getByRole("button", { name: "Edit roles" }).click();
  // Away from billing is allowed (to member), never to billing.
  await expect(page.getByLabel("Role for Bill Billing").locator("option")).toHaveText([
    "Admin",
    "Member",
    "Viewer",
    "Billing",
  ]);
  await expect(page.getByLabel("Role for Ada Admin (you)").locator("option")).toHaveText(["Admin", "Member", "Viewer"]);
  await page.getByRole("button", { name: "Add members" }).click();
  const add = page.getByRole("dialog", { name: "Add members" });
  const roles = add.getByRole("group", { name: "Role" });
  await expect(roles.getByRole("radio")).toHaveCount(3);
  for (const role of ["Admin", "Member", "Viewer"]) {
    await expect(roles.getByRole("radio", { name: new RegExp(`^${role} `) })).toHaveCount(1);
  }
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Show activity" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "removed" }).first()).toContainText(
    "(can rejoin only by invitation)",
  );
});
