// Retries never duplicate writes: the SDK retries a call whose outcome is unclear only when its
// repeat is harmless, and sends every creating call with a requestId that its retries reuse, so
// a lost answer (a proxy in front of the Functions emulator drops it) still makes one team, one
// invite, one link.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { collectionGroup, getDocs, query, where } from "firebase/firestore";
import { createTeamkit, type Teamkit } from "../src/index.ts";
import { closeAll, droppingProxy, env, rejection, signUp, type Client, type DroppingProxy } from "./support.ts";

afterAll(closeAll);

let proxy: DroppingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function throughProxy(client: Client, dropFirst: string[]): Promise<Teamkit> {
  proxy = await droppingProxy(dropFirst);
  return createTeamkit({ functionsUrl: proxy.functionsUrl, auth: client.auth, firestore: client.db, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
}

async function teamsOf(client: Client): Promise<string[]> {
  const mine = await getDocs(query(collectionGroup(client.db, "members"), where("uid", "==", client.uid)));
  return mine.docs.map((member) => String(member.get("teamId")));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("a lost answer", () => {
  it("to createTeam is retried with the same requestId and makes one team", async () => {
    const owner = await signUp("lost-team");
    const teamkit = await throughProxy(owner, ["createTeam"]);

    const created = await teamkit.createTeam({ name: "Once" });

    const [first, second] = proxy!.forwarded;
    expect(proxy!.dropped).toHaveLength(1);
    expect(first?.status).toBe(201);
    expect(first?.request.requestId).toMatch(UUID);
    expect(second?.request.requestId).toBe(first?.request.requestId);
    expect(created).toEqual(first?.answer);
    expect(await teamsOf(owner)).toEqual([created.teamId]);
  });

  it("to inviteMember makes one invite", async () => {
    const owner = await signUp("lost-invite");
    const teamId = String((await owner.teamkit.createTeam({ name: "Invites" })).teamId);
    const teamkit = await throughProxy(owner, ["inviteMember"]);

    const sent = await teamkit.inviteMember({ teamId, email: `pat-${Date.now()}@example.com` });

    expect(sent).toEqual(proxy!.dropped[0]?.answer);
    expect(await readyInvites(owner.teamkit, teamId)).toEqual([sent.inviteId]);
  });

  it("to createInviteLink gives the same link with a fresh token; the lost token is dead", async () => {
    const owner = await signUp("lost-link");
    const teamId = String((await owner.teamkit.createTeam({ name: "Links" })).teamId);
    const teamkit = await throughProxy(owner, ["createInviteLink"]);

    const link = await teamkit.createInviteLink({ teamId, role: "member" });
    const lost = proxy!.dropped[0]?.answer as { linkId: string; token: string };
    const [late, fresh] = await Promise.all([signUp("late"), signUp("fresh")]);

    expect(link.linkId).toBe(lost.linkId);
    expect(link.token).not.toBe(lost.token);
    expect((await rejection(late.teamkit.joinByLink({ token: lost.token }))).reason).toBe("INVITE_NOT_FOUND");
    expect(await fresh.teamkit.joinByLink({ token: link.token })).toMatchObject({ teamId, joined: true });
  });
});

async function readyInvites(teamkit: Teamkit, teamId: string): Promise<string[]> {
  const { getDocs: read, collection } = await import("firebase/firestore");
  const invites = await read(collection(teamkit.firestore, "teams", teamId, "invites"));
  return invites.docs.map((invite) => invite.id);
}

describe("requestIds", () => {
  it("are one per call, kept across retries, and the caller's own when given", async () => {
    const client = await signUp("ids");
    const sent: string[] = [];
    let failNext = true;
    const teamkit = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: client.auth,
      firestore: client.db,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      fetch: async (input, init) => {
        sent.push(String(JSON.parse(String(init?.body)).requestId));
        if (failNext) {
          failNext = false;
          return new Response("", { status: 502 }); // a gateway's answer: the call may have run
        }
        failNext = true;
        return fetch(input, init);
      },
    });

    await teamkit.createTeam({ name: "First" });
    await teamkit.createTeam({ name: "Second" });
    await teamkit.createTeam({ name: "Mine", requestId: "my-own-request-id-0001" });

    expect(sent).toHaveLength(6);
    expect(sent[0]).toMatch(UUID);
    expect(sent[1]).toBe(sent[0]);
    expect(sent[2]).not.toBe(sent[0]);
    expect(sent[3]).toBe(sent[2]);
    expect(sent.slice(4)).toEqual(["my-own-request-id-0001", "my-own-request-id-0001"]);
    expect(await teamsOf(client)).toHaveLength(3);
  });

  it("are not sent with calls whose repeat is harmless", async () => {
    const client = await signUp("no-id");
    const teamId = String((await client.teamkit.createTeam({ name: "Plain" })).teamId);
    const bodies: Record<string, unknown>[] = [];
    const teamkit = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: client.auth,
      firestore: client.db,
      fetch: async (input, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return fetch(input, init);
      },
    });

    await teamkit.updateTeam({ teamId, name: "Renamed" });

    expect(bodies).toEqual([{ teamId, name: "Renamed" }]);
  });
});
