// What the console needed from the SDK, against the emulators with firestore.rules loaded:
// workspace entity writes (createEntity / updateEntity / deleteEntity) as the rules allow them,
// the platform administrator's list of every team, and the null-tolerant permission helpers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GRANTABLE,
  LINK_GRANTABLE,
  ROLES,
  canChangeRole,
  canGrant,
  canRemove,
  grantableRoles,
  linkGrantableRoles,
  type Role,
} from "../src/index.ts";
import { closeAll, readyWith, setClaims, signUp, waitFor, type Client } from "./support.ts";

let owner: Client;
let member: Client;
let viewer: Client;
let teamId: string;

beforeAll(async () => {
  [owner, member, viewer] = await Promise.all([signUp("ent-owner"), signUp("ent-member"), signUp("ent-viewer")]);
  teamId = String((await owner.teamkit.createTeam({ name: "Entities" })).teamId);
  await owner.teamkit.addExistingMember({ teamId, email: member.email, role: "member" });
  await owner.teamkit.addExistingMember({ teamId, email: viewer.email, role: "viewer" });
});

afterAll(closeAll);

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { code?: string }).code);
  }
  throw new Error("expected the write to be refused");
}

describe("entity writes", () => {
  it("create, share, edit and delete a member's prompt, seen live by the team", async () => {
    const shared = owner.teamkit.entities("prompts", teamId, "shared");
    await readyWith(shared, (list) => list.length === 0);

    const id = await member.teamkit.createEntity("prompts", teamId, { title: "Greeting", body: "Say hello.", sharing: "private" });
    const mine = await readyWith(member.teamkit.entities("prompts", teamId, "mine"), (list) => list.some((e) => e.id === id));
    expect(mine.find((e) => e.id === id)).toMatchObject({ title: "Greeting", body: "Say hello.", sharing: "private", ownerUid: member.uid, workspaceId: teamId });

    await member.teamkit.updateEntity("prompts", id, { sharing: "public", title: "Greeting (shared)" });
    const seen = await readyWith(shared, (list) => list.length === 1);
    expect(seen[0]).toMatchObject({ id, title: "Greeting (shared)", body: "Say hello." });

    await member.teamkit.deleteEntity("prompts", id);
    await readyWith(shared, (list) => list.length === 0);
  });

  it("write assistants and chats with their own content fields", async () => {
    const assistant = await member.teamkit.createEntity("assistants", teamId, {
      title: "Helper",
      sharing: "public",
      instructions: "Be brief.",
      model: "small",
    });
    const chat = await member.teamkit.createEntity("chats", teamId, { title: "First chat", sharing: "private", assistantId: assistant });
    const chats = await readyWith(member.teamkit.entities("chats", teamId, "mine"), (list) => list.some((e) => e.id === chat));
    expect(chats.find((e) => e.id === chat)).toMatchObject({ assistantId: assistant });
    const assistants = await readyWith(owner.teamkit.entities("assistants", teamId, "shared"), (list) => list.some((e) => e.id === assistant));
    expect(assistants.find((e) => e.id === assistant)).toMatchObject({ instructions: "Be brief.", model: "small" });
  });

  it("let owners moderate shared entities but not read or edit private ones", async () => {
    const open = await member.teamkit.createEntity("prompts", teamId, { title: "Shared", body: "x", sharing: "public" });
    const closed = await member.teamkit.createEntity("prompts", teamId, { title: "Private", body: "y", sharing: "private" });
    await owner.teamkit.updateEntity("prompts", open, { title: "Moderated" });
    await readyWith(member.teamkit.entities("prompts", teamId, "mine"), (list) => list.some((e) => e.id === open && e.title === "Moderated"));
    expect(await refused(owner.teamkit.updateEntity("prompts", closed, { title: "Mine now" }))).toBe("permission-denied");
    expect(await refused(owner.teamkit.deleteEntity("prompts", closed))).toBe("permission-denied");
    await owner.teamkit.deleteEntity("prompts", open);
  });

  it("refuse writes the rules refuse: a viewer's, an outsider's, an empty title", async () => {
    expect(await refused(viewer.teamkit.createEntity("prompts", teamId, { title: "No", sharing: "private" }))).toBe("permission-denied");
    const outsider = await signUp("ent-outsider");
    expect(await refused(outsider.teamkit.createEntity("prompts", teamId, { title: "No", sharing: "public" }))).toBe("permission-denied");
    expect(await refused(member.teamkit.createEntity("prompts", teamId, { title: "", sharing: "private" }))).toBe("permission-denied");
    const id = await member.teamkit.createEntity("prompts", teamId, { title: "Bob's", sharing: "public" });
    expect(await refused(viewer.teamkit.deleteEntity("prompts", id))).toBe("permission-denied");
  });
});

describe("allTeams", () => {
  it("lists every team by name for a superAdmin, live", async () => {
    const admin = await signUp("ent-superadmin");
    await setClaims(admin.uid, { superAdmin: true }, admin.user);
    const all = admin.teamkit.allTeams();
    const first = await readyWith(all, (teams) => teams.some((t) => t.id === teamId));
    const names = first.map((t) => t.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const other = String((await member.teamkit.createTeam({ name: "Another team" })).teamId);
    await readyWith(all, (teams) => teams.some((t) => t.id === other && t.name === "Another team"));
  });

  it("ends in access-lost for anyone else", async () => {
    const state = await waitFor(owner.teamkit.allTeams(), (s) => s.status !== "loading");
    expect(state.status).toBe("access-lost");
  });
});

describe("permission helpers", () => {
  it("allow nothing to a non-member (null or undefined)", () => {
    for (const role of ROLES) {
      expect(canGrant(null, role)).toBe(false);
      expect(canRemove(undefined, role)).toBe(false);
      expect(canRemove(null, role, true)).toBe(true); // leaving is always allowed
      for (const next of ROLES) expect(canChangeRole(null, role, next)).toBe(false);
    }
    expect(grantableRoles(null)).toEqual([]);
  });

  it("offer exactly the generated grantable roles, in ROLES order", () => {
    for (const actor of ROLES) {
      const offered: Role[] = grantableRoles(actor);
      expect(offered).toEqual(ROLES.filter((role) => GRANTABLE[actor].includes(role)));
      expect(offered.every((role) => canGrant(actor, role))).toBe(true);
    }
    expect(grantableRoles("owner")).toContain("admin");
    expect(grantableRoles("member")).toEqual([]);
  });

  it("never let admins grant billing, whose power to manage billing admins lack", () => {
    expect(grantableRoles("admin")).toEqual(["admin", "member", "viewer"]);
    expect(canChangeRole("admin", "member", "billing")).toBe(false);
    expect(canChangeRole("admin", "billing", "member")).toBe(true);
    expect(canRemove("admin", "billing")).toBe(true);
  });

  it("offer links for the grantable roles below owner", () => {
    for (const actor of ROLES) {
      expect(linkGrantableRoles(actor)).toEqual(ROLES.filter((role) => LINK_GRANTABLE[actor].includes(role)));
      expect(linkGrantableRoles(actor)).not.toContain("owner");
      expect(linkGrantableRoles(actor).every((role) => canGrant(actor, role))).toBe(true);
    }
    expect(linkGrantableRoles(null)).toEqual([]);
  });
});
