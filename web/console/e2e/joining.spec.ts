// Joining without an email invite (docs/joining.md): an invite link made in team settings, used by a
// new account in another browser; a join request by verified domain, approved from the live list.
import { expect, test } from "@playwright/test";
import { callAs, createUser, expectAccessible, newTeam, PASSWORD, signIn, uniqueEmail } from "./support";

test("an owner creates an invite link; a new user joins through it and the owner sees them arrive live", async ({
  page,
  browser,
}) => {
  const { owner } = await newTeam("Lantern");
  await signIn(page, owner.email);
  await expect(page.getByRole("heading", { name: "Lantern" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Invite links" })).toBeVisible();
  await expect(page.getByText("No active invite links.")).toBeVisible();

  await page.getByRole("button", { name: "Create invite link" }).click();
  const dialog = page.getByRole("dialog", { name: "Create invite link" });
  await expect(dialog.getByLabel("Role").locator("option")).toHaveText(["Admin", "Member", "Viewer", "Billing"]);
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByLabel("Expires after (days)").fill("3");
  await dialog.getByLabel("Maximum uses").fill("5");
  await dialog.getByLabel("Label").fill("Spring offsite");
  await expectAccessible(page, "the create invite link dialog");
  await dialog.getByRole("button", { name: "Create link" }).click();

  const created = page.getByRole("dialog", { name: "Invite link created" });
  const url = await created.getByLabel("Invite link").inputValue();
  expect(url).toMatch(/\/accept-invite\?token=link\./);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await created.getByRole("button", { name: "Copy link" }).click();
  await expect(created.getByRole("button", { name: "Copied" })).toBeVisible();
  await created.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row", { name: /Spring offsite/ });
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("0 of 5 uses");
  await expectAccessible(page, "the team page with invite links");

  // The link as the backend built it (its accept page on the configured origin), opened here.
  const parsed = new URL(url);
  const other = await browser.newContext();
  const newcomer = await other.newPage();
  await newcomer.goto(parsed.pathname + parsed.search);
  await expect(newcomer.getByRole("heading", { name: "Join Lantern" })).toBeVisible();
  await expect(newcomer.getByText("Spring offsite")).toBeVisible();
  await expectAccessible(newcomer, "the accept page for an invite link");
  await newcomer.getByRole("button", { name: "New here? Create an account instead" }).click();
  await newcomer.getByLabel("Email").fill(uniqueEmail("lena"));
  await newcomer.getByLabel("Name").fill("Lena Linked");
  await newcomer.getByLabel("Password").fill(PASSWORD);
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await newcomer.getByRole("button", { name: "Join Lantern" }).click();
  await expect(newcomer.getByRole("heading", { name: "Lantern" })).toBeVisible();
  await expect(newcomer.getByRole("row", { name: /Lena Linked \(you\)/ })).toContainText("Viewer");

  // Joining twice is fine: the same link again lands in the team, still one membership.
  await newcomer.goto(parsed.pathname + parsed.search);
  await newcomer.getByRole("button", { name: "Join Lantern" }).click();
  await expect(newcomer.getByRole("row", { name: /Lena Linked \(you\)/ })).toHaveCount(1);

  // The owner's page, never reloaded: the new member and the link's use.
  await expect(page.getByRole("row", { name: /Lena Linked/ })).toContainText("Active");
  await expect(row).toContainText("1 of 5 uses");

  await row.getByRole("button", { name: /Revoke/ }).click();
  const revoke = page.getByRole("dialog", { name: 'Revoke "Spring offsite"' });
  await revoke.getByRole("button", { name: "Revoke link" }).click();
  await expect(page.getByRole("row", { name: /Spring offsite/ })).toHaveCount(0);
  await other.close();
});

test("a user at a verified allowed domain asks to join; the owner approves from the live list", async ({ page, browser }) => {
  const { owner } = await newTeam("Harbor");
  await signIn(page, owner.email);
  await expect(page.getByRole("heading", { name: "Harbor" })).toBeVisible();
  const settings = page.getByRole("region", { name: "Team settings" });
  await settings.getByLabel("Allowed domains").fill("example.com");
  await settings.getByLabel("Joining by domain").selectOption("request");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Team settings saved.");

  const asker = await createUser("Rita Requester");
  const other = await browser.newContext();
  const user = await other.newPage();
  await signIn(user, asker.email, "/invitations");
  const section = user.getByRole("region", { name: "Teams you can join" });
  const card = section.getByRole("listitem").filter({ has: user.getByRole("heading", { name: "Harbor" }) });
  await expectAccessible(user, "my invitations with teams to join");
  await card.getByRole("button", { name: "Request to join Harbor" }).click();
  await expect(card.getByRole("status")).toContainText("Request sent");

  const requests = page.getByRole("region", { name: "Join requests" });
  await expect(requests.getByText(asker.email)).toBeVisible();
  await expectAccessible(page, "the team page with a join request");
  await requests.getByRole("button", { name: "Approve Rita Requester" }).click();
  await expect(page.getByRole("region", { name: "Join requests" })).toHaveCount(0);
  await expect(page.getByRole("row", { name: /Rita Requester/ })).toContainText("Member");

  await user.getByRole("link", { name: "Team" }).click();
  await expect(user.getByRole("heading", { name: "Harbor" })).toBeVisible();
  await expect(user.getByRole("row", { name: /Rita Requester \(you\)/ })).toBeVisible();
  await other.close();
});

test("with automatic domain joining, a verified user joins at once from Teams you can join", async ({ page }) => {
  const { teamId, owner } = await newTeam("Beacon");
  await callAs(owner, "updateTeam", { teamId, allowedDomains: ["example.com"], domainJoin: "auto" });
  const joiner = await createUser("Abe Auto");
  await signIn(page, joiner.email, "/invitations");
  const card = page
    .getByRole("region", { name: "Teams you can join" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "Beacon" }) });
  await card.getByRole("button", { name: "Join Beacon" }).click();
  await expect(card.getByRole("status")).toContainText("You are a member of Beacon.");
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { name: "Beacon" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Abe Auto \(you\)/ })).toContainText("Member");
});

test("an owner's address proves their domain; another domain shows the TXT record to publish; a proof can be removed", async ({ page }) => {
  const { owner } = await newTeam("Lantern");
  await signIn(page, owner.email);
  await expect(page.getByRole("heading", { name: "Lantern" })).toBeVisible();
  const settings = page.getByRole("region", { name: "Team settings" });
  await settings.getByLabel("Allowed domains").fill("example.com, lantern-corp.example.net");
  await settings.getByLabel("Joining by domain").selectOption("auto");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").first()).toContainText("Team settings saved.");

  const proofs = settings.getByRole("region", { name: "Domain proofs" });
  const card = (domain: string) => proofs.getByRole("listitem").filter({ has: page.getByRole("heading", { name: domain }) });
  await expect(card("example.com")).toContainText("Proven by a verified address there");
  await expect(card("lantern-corp.example.net")).toContainText("Not proven");
  await card("lantern-corp.example.net").getByRole("button", { name: "Verify lantern-corp.example.net" }).click();
  await expect(card("lantern-corp.example.net").getByRole("status")).toContainText("teamkit-verification=");
  await expectAccessible(page, "the team settings with domain proofs");

  await card("example.com").getByRole("button", { name: "Remove proof of example.com" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the proof of example.com" });
  await dialog.getByRole("button", { name: "Remove proof" }).click();
  await expect(card("example.com")).toContainText("Not proven");
});
