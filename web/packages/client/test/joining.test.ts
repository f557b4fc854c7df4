// The joining readers (docs/joining.md) against the emulators with firestore.rules loaded: a team's invite
// links and its join requests, live for owners and admins, refused to plain members.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAll, readyWith, rejection, setVerified, signUp, waitFor, type Client } from "./support.ts";

let owner: Client;
let member: Client;
let teamId: string;

beforeAll(async () => {
  [owner, member] = await Promise.all([signUp("lina"), signUp("mo")]);
  teamId = String((await owner.teamkit.createTeam({ name: "Joiners" })).teamId);
  const { token } = await owner.teamkit.createInviteLink({ teamId, role: "member", maxUses: 1 });
  await member.teamkit.joinByLink({ token });
});

afterAll(closeAll);

describe("owners and admins", () => {
  it("see a team's active invite links live: uses count up, revoked ones leave", async () => {
    for (const link of await readyWith(owner.teamkit.links(teamId))) await owner.teamkit.revokeInviteLink({ teamId, linkId: link.id });
    const links = owner.teamkit.links(teamId);
    await readyWith(links, (list) => list.length === 0);
    const created = await owner.teamkit.createInviteLink({ teamId, role: "viewer", label: "Launch party", maxUses: 3 });
    const shown = await readyWith(links, (list) => list.length === 1);
    expect(shown[0]).toMatchObject({ id: created.linkId, role: "viewer", label: "Launch party", uses: 0, maxUses: 3, status: "active" });
    expect(shown[0]).not.toHaveProperty("token");

    const joiner = await signUp("nia");
    expect(await joiner.teamkit.joinByLink({ token: created.token })).toMatchObject({ teamId, role: "viewer", joined: true });
    await readyWith(links, (list) => list[0]?.uses === 1);

    await owner.teamkit.revokeInviteLink({ teamId, linkId: created.linkId });
    await readyWith(links, (list) => list.length === 0);
  });

  it("see pending join requests live and approve them", async () => {
    await owner.teamkit.updateTeam({ teamId, allowedDomains: ["example.com"], domainJoin: "request" });
    const requests = owner.teamkit.joinRequests(teamId);
    await readyWith(requests, (list) => list.length === 0);

    const asker = await signUp("ola");
    const joinable = (await asker.teamkit.listJoinableTeams({})).teams;
    expect(joinable.find((t) => t.teamId === teamId)).toMatchObject({ name: "Joiners", domainJoin: "request", requested: false });
    expect(await asker.teamkit.joinTeam({ teamId })).toMatchObject({ teamId, status: "requested" });
    const pending = await readyWith(requests, (list) => list.length === 1);
    expect(pending[0]).toMatchObject({ id: asker.uid, uid: asker.uid, email: asker.email, status: "pending" });

    await owner.teamkit.approveJoinRequest({ teamId, uid: asker.uid });
    await readyWith(requests, (list) => list.length === 0);
    await readyWith(asker.teamkit.myTeams(), (teams) => teams.some((t) => t.teamId === teamId && t.role === "member"));
  });
});

describe("domain proofs", () => {
  it("an owner's verified address proves their domain; another domain answers the TXT record to publish", async () => {
    const boss = await signUp("pia");
    const proven = String((await boss.teamkit.createTeam({ name: "Proven" })).teamId);
    const other = `corp-${Math.random().toString(36).slice(2, 8)}.example.net`;
    const team = await boss.teamkit.updateTeam({ teamId: proven, allowedDomains: ["example.com", other], domainJoin: "auto" });
    expect(team.domainProofs["example.com"]).toMatchObject({ method: "address", provenBy: boss.uid });
    expect(team.joinDomains).toEqual(["example.com"]);

    const verification = await boss.teamkit.verifyDomain({ teamId: proven, domain: other });
    expect(verification).toMatchObject({ domain: other, proven: false, proof: null });
    expect(verification.txtRecord).toMatch(/^teamkit-verification=[0-9a-f]{32}$/);
    const refused = await rejection(boss.teamkit.verifyDomain({ teamId: proven, domain: "gmail.com" }));
    expect(refused.httpStatus).toBe(400);

    const seeker = await signUp("quin");
    const listed = async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { teams: { teamId: string }[]; nextCursor: string | null } = await seeker.teamkit.listJoinableTeams(cursor ? { cursor, limit: 50 } : { limit: 50 });
        seen.push(...page.teams.map((t) => t.teamId));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await listed()).toContain(proven);
    const closed = await boss.teamkit.removeDomainProof({ teamId: proven, domain: "example.com" });
    expect(closed.domainProofs).toEqual({});
    expect(await listed()).not.toContain(proven);
    expect((await rejection(seeker.teamkit.listJoinableTeams({ cursor: "not-a-cursor" }))).httpStatus).toBe(400);
  });
});

describe("a plain member", () => {
  it("is refused the links and join requests", async () => {
    await readyWith(member.teamkit.myTeams(), (teams) => teams.some((t) => t.teamId === teamId));
    const links = member.teamkit.links(teamId);
    const requests = member.teamkit.joinRequests(teamId);
    await waitFor(links, (state) => state.status === "access-lost");
    await waitFor(requests, (state) => state.status === "access-lost");
  });
});

describe("syncProfile", () => {
  it("records a joiner's address once it is verified, and answers what is recorded", async () => {
    const late = await signUp("lou", { verified: false });
    const open = String((await owner.teamkit.createTeam({ name: "Open to all" })).teamId);
    await late.teamkit.joinByLink({ token: (await owner.teamkit.createInviteLink({ teamId: open })).token });
    expect(await late.teamkit.syncProfile({})).toEqual({ email: null });

    await setVerified(late.uid, true, late.user);

    expect(await late.teamkit.syncProfile({})).toEqual({ email: late.email.toLowerCase() });
  });
});
