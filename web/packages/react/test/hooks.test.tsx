// @vitest-environment happy-dom
// The hooks of @teamkit/react with @testing-library/react against the emulators: live data in,
// derived role, permissions and seats, mutations with pending/error, and access lost.
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTeamkitError } from "@teamkit/client";
import { doc, getDoc } from "firebase/firestore";
import { closeAll, setClaims, setVerified, signUp, type Client } from "../../client/test/support.ts";
import {
  TeamkitProvider,
  useAllTeams,
  useAuthUser,
  useClaims,
  useCurrentTeam,
  useEntities,
  useEvents,
  useInvites,
  useMembers,
  useMutation,
  useMyInvites,
  useMyTeams,
  useNotifications,
  usePermissions,
  useTeam,
  useTeamkit,
} from "../src/index.ts";

let owner: Client;
let member: Client;
let teamId: string;

beforeAll(async () => {
  [owner, member] = await Promise.all([signUp("hook-owner", { displayName: "Hook Owner" }), signUp("hook-member")]);
  teamId = String((await owner.teamkit.createTeam({ name: "Hooks" })).teamId);
  await owner.teamkit.addExistingMember({ teamId, email: member.email, role: "member" });
  await owner.teamkit.updateTeam({ teamId, seatLimit: 5 });
});

afterAll(closeAll);

function wrapper(client: Client) {
  return ({ children }: { children?: ReactNode }) => <TeamkitProvider teamkit={client.teamkit}>{children}</TeamkitProvider>;
}

const LONG = { timeout: 30_000 };

describe("@teamkit/react", () => {
  it("useTeamkit and useAuthUser give the client and the signed-in user", async () => {
    const { result } = renderHook(() => ({ teamkit: useTeamkit(), auth: useAuthUser() }), { wrapper: wrapper(owner) });
    expect(result.current.teamkit).toBe(owner.teamkit);
    await waitFor(() => expect(result.current.auth.status).toBe("signed-in"));
    expect(result.current.auth.user?.uid).toBe(owner.uid);
  });

  it("useClaims gives the token's claims, and a refreshed token's new ones", async () => {
    const { result } = renderHook(() => ({ auth: useAuthUser(), claims: useClaims() }), { wrapper: wrapper(member) });
    await waitFor(() => expect(result.current.auth.status).toBe("signed-in"));
    expect(result.current.claims).toMatchObject({ superAdmin: false, emailVerified: true });
    expect(result.current.auth.claims.email).toBe(member.email);
    await act(async () => {
      await setClaims(member.uid, { superAdmin: true }, member.user);
    });
    await waitFor(() => expect(result.current.claims.superAdmin).toBe(true));
    expect(result.current.auth.claims.superAdmin).toBe(true);
    await act(async () => {
      await setClaims(member.uid, {}, member.user);
    });
    await waitFor(() => expect(result.current.claims.superAdmin).toBe(false));
  });

  it("useAllTeams lists every team for a superAdmin and opens nothing when disabled", async () => {
    const admin = await signUp("hook-superadmin");
    await setClaims(admin.uid, { superAdmin: true }, admin.user);
    const { result } = renderHook(() => ({ all: useAllTeams(), off: useAllTeams(false) }), { wrapper: wrapper(admin) });
    await waitFor(() => expect(result.current.all.data?.map((t) => t.id)).toContain(teamId), LONG);
    expect(result.current.off.status).toBe("loading");
    const other = renderHook(() => useAllTeams(), { wrapper: wrapper(owner) });
    await waitFor(() => expect(other.result.current.status).toBe("access-lost"), LONG);
  });

  it("useMyTeams, useTeam and usePermissions follow the team live", async () => {
    const { result } = renderHook(
      () => ({ teams: useMyTeams(), team: useTeam(teamId), permissions: usePermissions(teamId) }),
      { wrapper: wrapper(member) },
    );
    await waitFor(() => expect(result.current.teams.data?.map((t) => t.teamId)).toContain(teamId), LONG);
    await waitFor(() => expect(result.current.team.data?.name).toBe("Hooks"), LONG);
    expect(result.current.permissions.role).toBe("member");
    expect(result.current.permissions.can("invite")).toBe(false);

    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: "admin" } });
    await waitFor(() => expect(result.current.permissions.role).toBe("admin"), LONG);
    expect(result.current.permissions.can("invite")).toBe(true);
    expect(result.current.permissions.can("deleteTeam")).toBe(false);
    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: "member" } });
    await waitFor(() => expect(result.current.permissions.role).toBe("member"), LONG);
  });

  it("useCurrentTeam derives my role, what I may do and the seats, and switches", async () => {
    const { result } = renderHook(() => useCurrentTeam(), { wrapper: wrapper(owner) });
    await waitFor(() => expect(result.current.teamId).toBe(teamId), LONG);
    expect(result.current.role).toBe("owner");
    expect(result.current.can("deleteTeam")).toBe(true);
    expect(result.current.seats).toEqual({ used: 2, limit: 5, free: 3 });

    const other = String((await owner.teamkit.createTeam({ name: "Another" })).teamId);
    await act(() => result.current.switchTeam(other));
    await waitFor(() => expect(result.current.teamId).toBe(other), LONG);
    expect(result.current.team?.name).toBe("Another");
    await act(() => result.current.switchTeam(teamId));
    await waitFor(() => expect(result.current.teamId).toBe(teamId), LONG);
  });

  it("useMembers pages and searches", async () => {
    const { result } = renderHook(() => useMembers(teamId, { pageSize: 1 }), { wrapper: wrapper(owner) });
    await waitFor(() => expect(result.current.data?.items).toHaveLength(1), LONG);
    expect(result.current.data?.hasMore).toBe(true);
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.data?.items).toHaveLength(2), LONG);
    act(() => result.current.search(member.email.slice(0, 12).toUpperCase()));
    await waitFor(() => expect(result.current.data?.items.map((m) => m.uid)).toEqual([member.uid]), LONG);
    expect(result.current.query).toBe(member.email.slice(0, 12).toUpperCase());
  });

  it("useMutation reports pending, then the typed error; the listener brings the result", async () => {
    const { result } = renderHook(
      () => {
        const teamkit = useTeamkit();
        return { invites: useInvites(teamId), invite: useMutation(teamkit.inviteMember), events: useEvents(teamId, { pageSize: 5 }) };
      },
      { wrapper: wrapper(owner) },
    );
    await waitFor(() => expect(result.current.invites.status).toBe("ready"), LONG);
    let pending: Promise<unknown> | undefined;
    act(() => {
      pending = result.current.invite.run({ teamId, email: "hooked@example.com", role: "viewer" });
    });
    expect(result.current.invite.pending).toBe(true);
    await act(async () => {
      await pending;
    });
    expect(result.current.invite.pending).toBe(false);
    expect(result.current.invite.error).toBeNull();
    await waitFor(() => expect(result.current.invites.data?.map((i) => i.email)).toContain("hooked@example.com"), LONG);
    await waitFor(() => expect(result.current.events.data?.items[0]?.type).toBe("member_invited"), LONG);

    await act(async () => {
      const answer = await result.current.invite.run({ teamId, email: "hooked@example.com", role: "viewer" });
      expect(answer).toBeUndefined();
    });
    expect(isTeamkitError(result.current.invite.error, "ALREADY_INVITED")).toBe(true);
  });

  it("useMyInvites, useNotifications and useEntities", async () => {
    const invitee = await signUp("hook-invitee");
    const { result } = renderHook(
      () => ({ invites: useMyInvites(), notifications: useNotifications() }),
      { wrapper: wrapper(invitee) },
    );
    await waitFor(() => expect(result.current.invites.status).toBe("ready"), LONG);
    await owner.teamkit.inviteMember({ teamId, email: invitee.email, role: "member" });
    await waitFor(() => expect(result.current.invites.data?.[0]?.teamName).toBe("Hooks"), LONG);
    await invitee.teamkit.acceptInvite({ teamId, inviteId: result.current.invites.data![0]!.id });
    // A reader opened before joining ends in access-lost for good; open it once a member.
    const entities = renderHook(() => useEntities("prompts", teamId, "mine"), { wrapper: wrapper(invitee) });
    await waitFor(() => expect(entities.result.current.status).toBe("ready"), LONG);
    expect(entities.result.current.data).toEqual([]);
    await owner.teamkit.changeMemberRoles({ teamId, changes: { [invitee.uid]: "viewer" } });
    await waitFor(() => expect(result.current.notifications.data?.unreadCount).toBeGreaterThan(0), LONG);
    await act(async () => {
      await result.current.notifications.markAllRead();
    });
    await waitFor(() => expect(result.current.notifications.data?.unreadCount).toBe(0), LONG);
  });

  it("TeamkitProvider records the address the user verifies after joining (syncProfile)", async () => {
    const late = await signUp("hook-late", { verified: false });
    await late.teamkit.createTeam({ name: "Verified later" });
    const recorded = async () => (await getDoc(doc(late.db, "users", late.uid))).get("email") as unknown;
    expect(await recorded()).toBeNull(); // an unverified address is never recorded
    renderHook(() => useTeamkit(), { wrapper: wrapper(late) });

    await setVerified(late.uid, true, late.user);

    await waitFor(async () => expect(await recorded()).toBe(late.email.toLowerCase()), LONG);
  });

  it("a removed member's hooks end in access-lost", async () => {
    const leaving = await signUp("hook-removed");
    await owner.teamkit.addExistingMember({ teamId, email: leaving.email, role: "member" });
    const { result } = renderHook(
      () => ({ team: useTeam(teamId), members: useMembers(teamId), shared: useEntities("chats", teamId, "shared") }),
      { wrapper: wrapper(leaving) },
    );
    await waitFor(() => expect(result.current.members.status).toBe("ready"), LONG);
    await waitFor(() => expect(result.current.shared.status).toBe("ready"), LONG);
    await owner.teamkit.removeMember({ teamId, uid: leaving.uid });
    await waitFor(() => {
      expect(result.current.team.status).toBe("access-lost");
      expect(result.current.members.status).toBe("access-lost");
      expect(result.current.shared.status).toBe("access-lost");
    }, LONG);
  });
});
