// Every HTTP function through @teamkit/client against the Functions emulator: each succeeds
// once and fails once with its typed reason; plus the token refresh, the retries and the URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { signOut } from "firebase/auth";
import { actionsOf, createTeamkit, functionsUrlFor, isTeamkitError, OPERATIONS, TeamkitError, type Teamkit } from "../src/index.ts";
import { adminDelete, adminPatch, closeAll, env, inviteToken, newApp, rejection, signUp, uniqueEmail, type Client } from "./support.ts";

let owner: Client;
let member: Client;
let invitee: Client;
let outsider: Client;
let teamId: string;

beforeAll(async () => {
  [owner, member, invitee, outsider] = await Promise.all([
    signUp("owner"),
    signUp("member"),
    signUp("invitee"),
    signUp("outsider"),
  ]);
  const created = await owner.teamkit.createTeam({ name: "Calls" });
  teamId = String(created.teamId);
  await owner.teamkit.addExistingMember({ teamId, email: member.email, role: "member" });
});

afterAll(closeAll);

async function inviteIdFor(teamkit: Teamkit, email: string, team = teamId): Promise<string> {
  const { getDocs, collection, query, where } = await import("firebase/firestore");
  const snapshot = await getDocs(
    query(collection(teamkit.firestore, "teams", team, "invites"), where("status", "==", "pending")),
  );
  const found = snapshot.docs.find((d) => d.get("email") === email);
  if (!found) throw new Error(`no pending invite for ${email}`);
  return found.id;
}

// A stranger's call on a team answers as if it did not exist (TEAM_NOT_FOUND, docs/hardening.md);
// a member's call their role may not make answers NOT_ALLOWED. Either is a typed refusal.
const NOT_A_MEMBER = ["NOT_ALLOWED", "TEAM_NOT_FOUND"];

function expectReasonIn(error: TeamkitError, reasons: string[]) {
  expect(error).toBeInstanceOf(TeamkitError);
  expect(reasons, error.message).toContain(error.reason);
}

function expectReason(error: TeamkitError, reason: string, httpStatus?: number) {
  expect(error).toBeInstanceOf(TeamkitError);
  expect(error.reason, error.message).toBe(reason);
  if (httpStatus !== undefined) expect(error.httpStatus).toBe(httpStatus);
  expect(typeof error.status).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
}

describe("the client has one method per HTTP function", () => {
  it("names every operation of docs/openapi.json", () => {
    for (const name of OPERATIONS) expect(typeof (owner.teamkit as unknown as Record<string, unknown>)[name]).toBe("function");
    expect(OPERATIONS).not.toContain("stripeWebhook");
  });
});

describe("each function succeeds once and fails with its reason", () => {
  it("createTeam", async () => {
    const team = await member.teamkit.createTeam({ name: "Second" });
    expect(team.teamId).toBeTypeOf("string");
    expectReason(await rejection(member.teamkit.createTeam({ name: "" })), "INVALID_REQUEST", 400);
  });

  it("updateTeam", async () => {
    await owner.teamkit.updateTeam({ teamId, name: "Calls, renamed" });
    expectReason(await rejection(member.teamkit.updateTeam({ teamId, name: "Mine now" })), "NOT_ALLOWED", 403);
  });

  it("inviteMember", async () => {
    await owner.teamkit.inviteMember({ teamId, email: invitee.email, role: "member" });
    expectReasonIn(await rejection(outsider.teamkit.inviteMember({ teamId, email: uniqueEmail("x"), role: "member" })), NOT_A_MEMBER);
  });

  it("inviteMembers", async () => {
    const answer = await owner.teamkit.inviteMembers({ teamId, invites: [{ email: uniqueEmail("bulk"), role: "viewer" }] });
    expect(answer).toBeTypeOf("object");
    expectReason(await rejection(member.teamkit.inviteMembers({ teamId, invites: [{ email: uniqueEmail("bulk") }] })), "NOT_ALLOWED", 403);
  });

  it("resendInvite", async () => {
    const email = uniqueEmail("resend");
    await owner.teamkit.inviteMember({ teamId, email, role: "member" });
    const inviteId = await inviteIdFor(owner.teamkit, email);
    const tooSoon = await rejection(owner.teamkit.resendInvite({ teamId, inviteId }));
    expectReason(tooSoon, "RATE_LIMITED", 429);
    expect(tooSoon.details?.retryAfterSeconds).toBeGreaterThan(0);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await adminPatch(`teams/${teamId}/invites/${inviteId}`, { lastSentAt: longAgo, recentSends: [longAgo] });
    // The per-address mail limits (functions/teamkit/mail/limits.py) count apart.
    const limitId = createHash("sha256").update(`${teamId}\n${email}`).digest("hex").slice(0, 32);
    await adminDelete([`mailLimits/${limitId}`]);
    await owner.teamkit.resendInvite({ teamId, inviteId });
  });

  it("revokeInvite", async () => {
    const email = uniqueEmail("revoke");
    await owner.teamkit.inviteMember({ teamId, email, role: "member" });
    const inviteId = await inviteIdFor(owner.teamkit, email);
    await owner.teamkit.revokeInvite({ teamId, inviteId });
    expectReason(await rejection(owner.teamkit.revokeInvite({ teamId, inviteId })), "INVITE_REVOKED", 412);
  });

  it("previewInvite, before sign-in", async () => {
    const email = uniqueEmail("preview");
    await owner.teamkit.inviteMember({ teamId, email, role: "admin" });
    const token = await inviteToken(email);
    const { auth, db } = newApp();
    const anonymous = createTeamkit({ functionsUrl: env.functionsUrl, auth, firestore: db });
    const preview = await anonymous.previewInvite({ token });
    expect(preview).toMatchObject({ kind: "invite", role: "admin", status: "pending" });
    expect(preview.email).not.toBe(email);
    expectReason(await rejection(anonymous.previewInvite({ token: "not-a-real-token-at-all" })), "INVITE_NOT_FOUND", 404);
  });

  it("acceptInvite", async () => {
    const inviteId = await inviteIdFor(owner.teamkit, invitee.email);
    // By id, someone else's invite does not exist for them; by the mailed link it is theirs to
    // see, and the wrong account is told so.
    expectReason(await rejection(outsider.teamkit.acceptInvite({ teamId, inviteId })), "INVITE_NOT_FOUND", 404);
    const token = await inviteToken(invitee.email);
    expectReason(await rejection(outsider.teamkit.acceptInvite({ token })), "WRONG_ACCOUNT", 403);
    await invitee.teamkit.acceptInvite({ teamId, inviteId });
  });

  it("declineInvite", async () => {
    const decliner = await signUp("decliner");
    await owner.teamkit.inviteMember({ teamId, email: decliner.email, role: "viewer" });
    const inviteId = await inviteIdFor(owner.teamkit, decliner.email);
    await decliner.teamkit.declineInvite({ teamId, inviteId });
    expectReason(await rejection(decliner.teamkit.declineInvite({ teamId, inviteId })), "INVITE_USED", 412);
  });

  it("addExistingMember", async () => {
    const extra = await signUp("extra");
    await owner.teamkit.addExistingMember({ teamId, email: extra.email, role: "viewer" });
    expectReason(await rejection(owner.teamkit.addExistingMember({ teamId, email: extra.email, role: "viewer" })), "ALREADY_MEMBER", 409);
  });

  it("changeMemberRoles", async () => {
    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: "admin" } });
    const error = await rejection(owner.teamkit.changeMemberRoles({ teamId, changes: { [owner.uid]: "member" } }));
    expectReason(error, "LAST_OWNER", 412);
    expect(error.details?.uids).toEqual([owner.uid]);
    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: "member" } });
  });

  it("switchTeam", async () => {
    await member.teamkit.switchTeam({ teamId });
    expectReasonIn(await rejection(outsider.teamkit.switchTeam({ teamId })), NOT_A_MEMBER);
  });

  it("removeMember", async () => {
    const leaving = await signUp("removed");
    await owner.teamkit.addExistingMember({ teamId, email: leaving.email, role: "member" });
    await owner.teamkit.removeMember({ teamId, uid: leaving.uid });
    expectReason(await rejection(owner.teamkit.removeMember({ teamId, uid: leaving.uid })), "MEMBER_NOT_FOUND", 404);
  });

  it("leaveTeam", async () => {
    const leaving = await signUp("leaver");
    await owner.teamkit.addExistingMember({ teamId, email: leaving.email, role: "member" });
    await leaving.teamkit.leaveTeam({ teamId });
    expectReason(await rejection(owner.teamkit.leaveTeam({ teamId })), "LAST_OWNER", 412);
  });

  it("getTeamSummary", async () => {
    const summary = await member.teamkit.getTeamSummary({ teamId });
    expect(summary.role).toBe("member");
    expect(summary.permissions).toEqual(actionsOf("member"));
    expect(summary.seats.used).toBe(summary.memberCount + summary.pendingInviteCount);
    expectReason(await rejection(outsider.teamkit.getTeamSummary({ teamId })), "TEAM_NOT_FOUND", 403);
  });

  it("getBillingOverview", async () => {
    const overview = await owner.teamkit.getBillingOverview({ teamId });
    expect(overview).toBeTypeOf("object");
    expectReason(await rejection(member.teamkit.getBillingOverview({ teamId })), "NOT_ALLOWED", 403);
  });

  it("createCheckoutSession", async () => {
    const body = { teamId, priceId: env.priceId, successUrl: "http://localhost/ok", cancelUrl: "http://localhost/cancel" };
    const session = await owner.teamkit.createCheckoutSession(body);
    expect(session).toBeTypeOf("object");
    expectReason(await rejection(member.teamkit.createCheckoutSession(body)), "NOT_ALLOWED", 403);
  });

  it("createBillingPortalSession", async () => {
    const session = await owner.teamkit.createBillingPortalSession({ teamId, returnUrl: "http://localhost/back" });
    expect(session).toBeTypeOf("object");
    expectReason(await rejection(member.teamkit.createBillingPortalSession({ teamId, returnUrl: "http://localhost/back" })), "NOT_ALLOWED", 403);
  });

  it("deleteTeam", async () => {
    const { teamId: doomed } = await outsider.teamkit.createTeam({ name: "Doomed" });
    expectReasonIn(await rejection(member.teamkit.deleteTeam({ teamId: String(doomed) })), NOT_A_MEMBER);
    await outsider.teamkit.deleteTeam({ teamId: String(doomed) });
  });

  it("deleteAccount", async () => {
    const owning = await signUp("owning");
    const { teamId: theirs } = await owning.teamkit.createTeam({ name: "Owned" });
    await owning.teamkit.addExistingMember({ teamId: String(theirs), email: outsider.email, role: "member" });
    expectReason(await rejection(owning.teamkit.deleteAccount({})), "LAST_OWNER", 412);
    const leaving = await signUp("deleted");
    await leaving.teamkit.deleteAccount({});
  });

  it("endSessions", async () => {
    const ending = await signUp("ending");
    expectReason(await rejection(ending.teamkit.endSessions({ uid: outsider.uid })), "NOT_ALLOWED", 403);
    expect(await ending.teamkit.endSessions({})).toEqual({});
  });
});

describe("calls", () => {
  it("fail with SIGN_IN_REQUIRED without a request when nobody is signed in", async () => {
    const { auth, db } = newApp();
    let requests = 0;
    const teamkit = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth,
      firestore: db,
      fetch: (...args) => {
        requests++;
        return fetch(...args);
      },
    });
    expectReason(await rejection(teamkit.createTeam({ name: "Nobody" })), "SIGN_IN_REQUIRED", 401);
    expect(requests).toBe(0);
  });

  it("retry once with a fresh ID token after a 401", async () => {
    const client = await signUp("refresh");
    const tokens: string[] = [];
    const teamkit = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: client.auth,
      firestore: client.db,
      fetch: async (input, init) => {
        const token = new Headers(init?.headers).get("Authorization") ?? "";
        tokens.push(token);
        if (tokens.length === 1) {
          return new Response(JSON.stringify({ error: { status: "UNAUTHENTICATED", reason: "SIGN_IN_REQUIRED", message: "expired" } }), { status: 401 });
        }
        return fetch(input, init);
      },
    });
    await teamkit.createTeam({ name: "After refresh" });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toMatch(/^Bearer /);
  });

  it("give up after the one refresh when the session really ended", async () => {
    const client = await signUp("ended");
    const teamkit = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: client.auth,
      firestore: client.db,
      fetch: async () =>
        new Response(JSON.stringify({ error: { status: "UNAUTHENTICATED", reason: "SESSION_ENDED", message: "revoked" } }), { status: 401 }),
    });
    expectReason(await rejection(teamkit.createTeam({ name: "Never" })), "SESSION_ENDED", 401);
  });

  it("retry UNAVAILABLE and ABORTED with back-off, within the bound", async () => {
    const client = await signUp("retry");
    let attempts = 0;
    const teamkit = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: client.auth,
      firestore: client.db,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      fetch: async (input, init) => {
        attempts++;
        if (attempts === 1) throw new TypeError("fetch failed");
        if (attempts === 2) {
          return new Response(JSON.stringify({ error: { status: "ABORTED", reason: "CONCURRENT_CHANGE", message: "busy" } }), { status: 409 });
        }
        return fetch(input, init);
      },
    });
    await teamkit.createTeam({ name: "Third time" });
    expect(attempts).toBe(3);

    let hopeless = 0;
    const down = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: client.auth,
      firestore: client.db,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      fetch: async () => {
        hopeless++;
        return new Response("gateway down", { status: 503 });
      },
    });
    const error = await rejection(down.createTeam({ name: "Never" }));
    expectReason(error, "UNAVAILABLE", 503);
    expect(hopeless).toBe(3);
  });

  it("do not retry other failures", async () => {
    let attempts = 0;
    const teamkit = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: member.auth,
      firestore: member.db,
      fetch: (...args) => {
        attempts++;
        return fetch(...args);
      },
    });
    const error = await rejection(teamkit.deleteTeam({ teamId }));
    expect(isTeamkitError(error)).toBe(true);
    expect(attempts).toBe(1);
  });

  it("after sign-out are refused without a request", async () => {
    const client = await signUp("signout");
    await signOut(client.auth);
    expectReason(await rejection(client.teamkit.createTeam({ name: "x" })), "SIGN_IN_REQUIRED");
  });
});

describe("functionsUrlFor", () => {
  it("builds the emulator's URL and production's", () => {
    expect(functionsUrlFor({ projectId: "demo", emulatorHost: "127.0.0.1:5001" })).toBe("http://127.0.0.1:5001/demo/us-central1");
    expect(functionsUrlFor({ projectId: "acme", region: "europe-west1" })).toBe("https://europe-west1-acme.cloudfunctions.net");
    expect(functionsUrlFor({ projectId: env.projectId, emulatorHost: process.env.TEAMKIT_FUNCTIONS_HOST ?? "" })).toBe(env.functionsUrl);
  });
});
