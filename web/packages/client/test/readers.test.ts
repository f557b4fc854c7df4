// The real-time readers against the Firestore emulator with firestore.rules loaded: two
// signed-in clients see each other's changes, a removed member's listeners end in
// "access-lost", and the paged, searched and derived lists hold what they should.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDoc, collection, serverTimestamp } from "firebase/firestore";
import { watch, type Live, type ReaderState } from "../src/index.ts";
import { closeAll, readyWith, signUp, waitFor, type Client } from "./support.ts";

let owner: Client;
let member: Client;
let teamId: string;

beforeAll(async () => {
  [owner, member] = await Promise.all([signUp("alice", { displayName: "Alice Owner" }), signUp("bob", { displayName: "Bob Member" })]);
  teamId = String((await owner.teamkit.createTeam({ name: "Readers" })).teamId);
});

afterAll(closeAll);

/** Subscribes for the rest of the test file and remembers every state. */
function record<T>(live: Live<T>): ReaderState<T>[] {
  const states: ReaderState<T>[] = [];
  watch(live, (state) => states.push(state));
  return states;
}

function prompt(client: Client, title: string, sharing: "public" | "private") {
  return addDoc(collection(client.db, "prompts"), {
    workspaceId: teamId,
    ownerUid: client.uid,
    sharing,
    title,
    body: "Say hello.",
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  });
}

describe("two signed-in clients", () => {
  it("see each other's changes through the readers", async () => {
    const ownersMembers = owner.teamkit.members(teamId);
    const membersTeams = member.teamkit.myTeams();
    await readyWith(ownersMembers, (page) => page.items.length === 1);
    await readyWith(membersTeams, (teams) => teams.length === 0);

    await owner.teamkit.addExistingMember({ teamId, email: member.email, role: "member" });

    const page = await readyWith(ownersMembers, (p) => p.items.length === 2);
    expect(page.items.map((m) => m.uid).sort()).toEqual([owner.uid, member.uid].sort());
    const teams = await readyWith(membersTeams, (t) => t.length === 1);
    expect(teams[0]).toMatchObject({ teamId, role: "member", team: { name: "Readers", memberCount: 2 } });

    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: "admin" } });
    await readyWith(membersTeams, (t) => t[0]?.role === "admin");

    const ownersPrompts = owner.teamkit.entities("prompts", teamId, "shared");
    await readyWith(ownersPrompts, (list) => list.length === 0);
    await prompt(member, "Shared by Bob", "public");
    await prompt(member, "Bob's private one", "private");
    const shared = await readyWith(ownersPrompts, (list) => list.length === 1);
    expect(shared[0]).toMatchObject({ title: "Shared by Bob", kind: "prompts", ownerUid: member.uid });
    const mine = await readyWith(member.teamkit.entities("prompts", teamId, "mine"), (list) => list.length === 2);
    expect(mine.map((e) => e.title).sort()).toEqual(["Bob's private one", "Shared by Bob"]);
  });

  it("see one team, its invites, and invites addressed to them", async () => {
    const team = await readyWith(member.teamkit.team(teamId), (t) => t !== null);
    expect(team).toMatchObject({ id: teamId, name: "Readers", status: "active" });

    const carol = await signUp("carol");
    const carolsInvites = carol.teamkit.myInvites();
    await readyWith(carolsInvites, (list) => list.length === 0);
    const teamInvites = owner.teamkit.invites(teamId);
    await readyWith(teamInvites, (list) => list.length === 0);

    await owner.teamkit.inviteMember({ teamId, email: carol.email, role: "viewer" });

    const invites = await readyWith(teamInvites, (list) => list.length === 1);
    expect(invites[0]).toMatchObject({ email: carol.email, role: "viewer", status: "pending" });
    const forCarol = await readyWith(carolsInvites, (list) => list.length === 1);
    expect(forCarol[0]).toMatchObject({ teamId, teamName: "Readers", role: "viewer" });

    await carol.teamkit.acceptInvite({ teamId, inviteId: forCarol[0]!.id });
    await readyWith(carolsInvites, (list) => list.length === 0);
    await readyWith(teamInvites, (list) => list.length === 0);
    await readyWith(carol.teamkit.myTeams(), (t) => t.some((entry) => entry.teamId === teamId && entry.role === "viewer"));
  });

  it("see an unverified address's invites as an empty list, not an error", async () => {
    const dave = await signUp("dave", { verified: false });
    await owner.teamkit.inviteMember({ teamId, email: dave.email, role: "member" });
    expect(await readyWith(dave.teamkit.myInvites())).toEqual([]);
  });

  it("see their profile and the current team", async () => {
    await member.teamkit.switchTeam({ teamId });
    const profile = await readyWith(member.teamkit.profile(), (p) => p?.currentTeamId === teamId);
    expect(profile?.id).toBe(member.uid);
    await member.teamkit.updateProfile({ displayName: "Bob B." });
    await readyWith(member.teamkit.profile(), (p) => p?.displayName === "Bob B.");
  });

  it("get notifications live, count the unread, and mark them read", async () => {
    const notifications = member.teamkit.notifications();
    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: "member" } });
    const withSome = await readyWith(notifications, (n) => n.unreadCount > 0, 60_000);
    const first = withSome.items[0]!;
    expect(first).toMatchObject({ teamId, read: false });
    await member.teamkit.markNotificationRead(first.id);
    await readyWith(notifications, (n) => n.items.find((x) => x.id === first.id)?.read === true);
    // Notifications of earlier changes may still arrive: check the ones there now.
    const now = await readyWith(notifications);
    const ids = new Set(now.items.map((n) => n.id));
    expect(await member.teamkit.markAllNotificationsRead()).toBeGreaterThan(0);
    await readyWith(notifications, (n) => n.items.filter((x) => ids.has(x.id)).every((x) => x.read));
  });

  it("read the event log newest first, a page at a time", async () => {
    const events = owner.teamkit.events(teamId, { pageSize: 2 });
    const first = await readyWith(events, (p) => p.items.length === 2);
    expect(first.hasMore).toBe(true);
    const times = first.items.map((e) => e.at.toMillis());
    expect(times[0]).toBeGreaterThanOrEqual(times[1]!);
    events.loadMore();
    const more = await readyWith(events, (p) => p.items.length === 4);
    const all = more.items.map((e) => e.at.toMillis());
    expect([...all].sort((a, b) => b - a)).toEqual(all);
    expect(new Set(more.items.map((e) => e.id)).size).toBe(4);
  });

  it("refuse a member's event log as access-lost, not an exception", async () => {
    const state = await waitFor(member.teamkit.events(teamId), (s) => s.status !== "loading");
    expect(state.status).toBe("access-lost");
    expect(state.error?.code).toBe("permission-denied");
  });
});

describe("members", () => {
  it("are searched by email prefix and by display-name prefix", async () => {
    const byEmail = await readyWith(owner.teamkit.members(teamId, { search: "bob-" }), (p) => p.items.length === 1);
    expect(byEmail.items[0]?.uid).toBe(member.uid);
    const byName = await readyWith(
      owner.teamkit.members(teamId, { orderBy: "displayName", search: "Alice" }),
      (p) => p.items.length === 1,
    );
    expect(byName.items[0]?.uid).toBe(owner.uid);
    const none = await readyWith(owner.teamkit.members(teamId, { search: "zzz" }));
    expect(none.items).toEqual([]);
  });
});

describe("a removed member", () => {
  it("sees every listener end in access-lost, keeping the last data", async () => {
    const erin = await signUp("erin");
    await owner.teamkit.addExistingMember({ teamId, email: erin.email, role: "member" });
    const readers = {
      team: erin.teamkit.team(teamId),
      members: erin.teamkit.members(teamId),
      shared: erin.teamkit.entities("prompts", teamId, "shared"),
      mine: erin.teamkit.entities("chats", teamId, "mine"),
    };
    const histories = Object.fromEntries(Object.entries(readers).map(([name, live]) => [name, record(live as Live<unknown>)]));
    for (const live of Object.values(readers)) await readyWith(live as Live<unknown>);
    const myTeams = erin.teamkit.myTeams();
    await readyWith(myTeams, (t) => t.length === 1);

    await owner.teamkit.removeMember({ teamId, uid: erin.uid });

    for (const [name, live] of Object.entries(readers)) {
      const state = await waitFor(live as Live<unknown>, (s) => s.status === "access-lost").catch((e) => {
        throw new Error(`${name}: ${e}; states ${histories[name]!.map((x) => x.status).join(",")}`);
      });
      expect(state.error?.code, name).toBe("permission-denied");
      expect(state.data, name).toBeDefined();
      expect(histories[name]!.some((s) => s.status === "error"), name).toBe(false);
    }
    await readyWith(myTeams, (t) => t.length === 0);
  });
});
