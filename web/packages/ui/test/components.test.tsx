// @vitest-environment happy-dom
// The components of @teamkit/ui rendered with @testing-library/react against the emulators:
// what they show comes from the live readers, what they do goes through the calls, and their
// words come from the messages object (English, German, overrides).
import { act, cleanup, fireEvent, render, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TeamkitProvider } from "@teamkit/react";
import { closeAll, signUp, type Client } from "../../client/test/support.ts";
import {
  CreateTeam,
  InviteMembers,
  TeamMembers,
  TeamProfile,
  TeamSettings,
  TeamSwitcher,
  TeamkitUIProvider,
  de,
  en,
  messagesFor,
  type TeamkitUIProviderProps,
} from "../src/index.ts";

let owner: Client;
let member: Client;
let teamId: string;

beforeAll(async () => {
  [owner, member] = await Promise.all([signUp("ui-owner", { displayName: "Uma Owner" }), signUp("ui-member", { displayName: "Max Member" })]);
  teamId = (await owner.teamkit.createTeam({ name: "Components" })).teamId;
  await owner.teamkit.addExistingMember({ teamId, email: member.email, role: "member" });
});

afterEach(cleanup);
afterAll(closeAll);

const LONG = { timeout: 30_000 };

function mount(client: Client, ui: ReactNode, settings: Omit<TeamkitUIProviderProps, "children"> = {}) {
  return render(
    <TeamkitProvider teamkit={client.teamkit}>
      <TeamkitUIProvider {...settings}>{ui}</TeamkitUIProvider>
    </TeamkitProvider>,
  );
}

describe("messages", () => {
  it("every language has every message the English one has", () => {
    const shape = (value: object): string[] =>
      Object.entries(value).flatMap(([key, inner]) => (typeof inner === "object" ? shape(inner).map((k) => `${key}.${k}`) : [key]));
    const plurals = /\.(zero|one|two|few|many)$/;
    expect(shape(de).filter((k) => !plurals.test(k))).toEqual(shape(en).filter((k) => !plurals.test(k)));
  });

  it("picks the language of a locale, falls back to English, and lays overrides over it", () => {
    expect(messagesFor("de-AT").members.title).toBe("Mitglieder");
    expect(messagesFor("fr").members.title).toBe("Members");
    const custom = messagesFor("en", { members: { title: "People" } });
    expect(custom.members.title).toBe("People");
    expect(custom.members.more).toBe(en.members.more);
  });
});

describe("@teamkit/ui", () => {
  it("TeamMembers lists the members live, in German with plurals and dates from Intl", async () => {
    const view = mount(owner, <TeamMembers teamId={teamId} />, { locale: "de-DE" });
    const list = await view.findByRole("list", { name: "Mitglieder" }, LONG);
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2), LONG);
    expect(list.textContent).toContain("Uma Owner (Sie)");
    expect(list.textContent).toContain("Inhaber");
    await waitFor(() => expect(view.getByRole("heading").textContent).toContain("2 Mitglieder"), LONG);
    const year = String(new Date().getFullYear());
    expect(list.textContent).toMatch(new RegExp(`Beigetreten am \\d{2}\\.\\d{2}\\.${year}`));
  });

  it("TeamMembers searches by email prefix", async () => {
    const view = mount(owner, <TeamMembers teamId={teamId} />);
    const list = await view.findByRole("list", { name: "Members" }, LONG);
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2), LONG);
    fireEvent.change(view.getByLabelText("Search members by email"), { target: { value: "ui-member" } });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(1), LONG);
    expect(list.textContent).toContain("Max Member");
  });

  it("TeamMembers stages role changes, saves them in one call, and says why a save failed", async () => {
    const view = mount(owner, <TeamMembers teamId={teamId} />);
    fireEvent.click(await view.findByRole("button", { name: "Edit roles" }, LONG));
    const maxRole = await view.findByLabelText("Role for Max Member", {}, LONG);
    fireEvent.change(maxRole, { target: { value: "admin" } });
    // The only owner demoting themselves: the whole save is refused, in words.
    fireEvent.change(view.getByLabelText("Role for Uma Owner (you)"), { target: { value: "member" } });
    fireEvent.click(view.getByRole("button", { name: "Save 2 changes" }));
    expect((await view.findByRole("alert", {}, LONG)).textContent).toBe(`Not saved: ${en.errors.LAST_OWNER}`);
    fireEvent.change(view.getByLabelText("Role for Uma Owner (you)"), { target: { value: "owner" } });
    fireEvent.click(view.getByRole("button", { name: "Save 1 change" }));
    await waitFor(() => expect(view.getByRole("status").textContent).toBe("Saved 1 role change."), LONG);
    await waitFor(() => expect(view.getByRole("list").textContent).toContain("Admin"), LONG);
    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: "member" } });
  });

  it("TeamMembers confirms a removal by name, and focus returns to the button after Cancel", async () => {
    const view = mount(owner, <TeamMembers teamId={teamId} />);
    const remove = await view.findByRole("button", { name: "Remove Max Member" }, LONG);
    remove.focus();
    fireEvent.click(remove);
    const dialog = await view.findByRole("dialog", { name: "Remove Max Member" });
    expect(dialog.textContent).toContain("Max Member will lose access to Components at once.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(document.activeElement).toBe(remove));
  });

  it("InviteMembers sends one call for many addresses and words each result", async () => {
    const view = mount(owner, <InviteMembers teamId={teamId} />);
    const field = await view.findByLabelText("Email addresses");
    await waitFor(() => expect(view.getByRole("option", { name: "Owner" })).toBeTruthy(), LONG);
    fireEvent.change(field, { target: { value: `new-one@example.com, new-two@example.com\n${member.email}` } });
    fireEvent.change(view.getByLabelText("Role"), { target: { value: "viewer" } });
    fireEvent.click(view.getByRole("button", { name: "Send 3 invitations" }));
    await waitFor(() => expect(view.getByRole("status").textContent).toBe("2 invitations sent."), LONG);
    const results = view.getAllByRole("list")[0]!;
    expect(results.textContent).toContain("new-one@example.comInvited · Viewer");
    expect(results.textContent).toContain(`${member.email}Not invited: ${en.errors.ALREADY_MEMBER}`);
    // The refused address stays in the field for another try.
    expect((field as HTMLTextAreaElement).value).toBe(member.email);
    await waitFor(() => expect(view.container.textContent).toContain("4 seats used (no limit)"), LONG);
  });

  it("TeamSettings renames for owners, keeps the only owner from leaving, and deletes after the name is typed", async () => {
    const teamkit = owner.teamkit;
    const doomed = (await teamkit.createTeam({ name: "Doomed" })).teamId;
    let deleted = false;
    const view = mount(owner, <TeamSettings teamId={doomed} onDeleted={() => (deleted = true)} />);
    const name = await view.findByLabelText("Team name", {}, LONG);
    await waitFor(() => expect((name as HTMLInputElement).value).toBe("Doomed"), LONG);
    fireEvent.change(name, { target: { value: "Doomed Team" } });
    fireEvent.click(view.getByRole("button", { name: "Rename" }));
    await waitFor(() => expect(view.getByRole("status").textContent).toBe("The team is now called Doomed Team."), LONG);
    expect(view.container.textContent).toContain(en.settings.soleOwner);
    expect(view.queryByRole("button", { name: "Leave team" })).toBeNull();

    fireEvent.click(view.getByRole("button", { name: "Delete team" }));
    const dialog = await view.findByRole("dialog", { name: "Delete Doomed Team" });
    const confirm = within(dialog).getByRole("button", { name: "Delete team" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText("Team name to confirm"), { target: { value: "Doomed Team" } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(deleted).toBe(true), LONG);
  });

  it("TeamSettings lets a member leave, and shows them no rename or delete", async () => {
    const view = mount(member, <TeamSettings teamId={teamId} />);
    await view.findByRole("button", { name: "Leave team" }, LONG);
    expect(view.queryByLabelText("Team name")).toBeNull();
    expect(view.queryByRole("button", { name: "Delete team" })).toBeNull();
  });

  it("TeamProfile shows the tabs a role may use and moves between them with the arrow keys", async () => {
    const view = mount(owner, <TeamProfile teamId={teamId} className="app-card" appearance={{ tab: "app-tab" }} />, { theme: "dark" });
    const tabs = await view.findAllByRole("tab", {}, LONG);
    expect(tabs.map((tab) => tab.textContent)).toEqual(["Members", "Invite", "Settings"]);
    expect(tabs[0]!.className).toBe("tk-tab app-tab");
    const root = view.container.querySelector("[data-tk-component=team-profile]")!;
    expect(root.className).toBe("tk-root tk app-card");
    expect(root.getAttribute("data-tk-theme")).toBe("dark");
    tabs[0]!.focus();
    fireEvent.keyDown(tabs[0]!, { key: "ArrowRight" });
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Invite"));
    expect(view.getByRole("tabpanel").textContent).toContain("Invite members");
    fireEvent.keyDown(document.activeElement!, { key: "End" });
    await waitFor(() => expect(view.getByRole("tab", { selected: true }).textContent).toBe("Settings"));

    cleanup();
    const forMember = mount(member, <TeamProfile teamId={teamId} />);
    await waitFor(async () => expect((await forMember.findAllByRole("tab")).map((t) => t.textContent)).toEqual(["Members", "Settings"]), LONG);
  });

  it("TeamSwitcher and CreateTeam: a new team becomes the current one, and the switcher switches back", async () => {
    const maker = await signUp("ui-maker");
    const first = (await maker.teamkit.createTeam({ name: "First" })).teamId;
    let created = "";
    const view = mount(maker, (
      <>
        <TeamSwitcher />
        <CreateTeam onCreated={(id) => (created = id)} />
      </>
    ));
    const select = (await view.findByLabelText("Team")) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe(first), LONG);
    fireEvent.change(view.getByLabelText("Team name"), { target: { value: "Second" } });
    fireEvent.click(view.getByRole("button", { name: "Create team" }));
    await waitFor(() => expect(view.getByRole("status").textContent).toBe("Second was created."), LONG);
    await waitFor(() => expect(select.value).toBe(created), LONG);
    expect([...select.options].map((o) => o.textContent).sort()).toEqual(["First", "Second"]);
    await act(async () => {
      fireEvent.change(select, { target: { value: first } });
    });
    await waitFor(() => expect(select.value).toBe(first), LONG);
  });
});
