// SDK GAPS: what the console needs that @teamkit/client / @teamkit/react do not provide (yet).
// Each item is meant to move into the SDK; pages use it only through this module.
//
// 1. useClaims(): the signed-in user's token claims (superAdmin, email_verified). The SDK's
//    useAuthUser() gives the User but not the claims.
// 2. useAllTeams(): the superAdmin's list of every team (firestore.rules allow `list` on
//    teams/ to superAdmins only). The SDK has no reader for it.
// 3. can(role, action) with camelCase action names that work with both the SDK's stand-in
//    table (READ_TEAM) and the generated one (readTeam), plus the role-pair clauses of
//    teamkit.roles (canChangeRole, canRemove) and grantable(actor): the SDK exports canGrant only.
// 4. usePrompts-style writes: the SDK reads entities (useEntities) but has no create / update /
//    share / delete helpers; the console writes prompts with the Firestore SDK directly
//    (createPrompt, updatePrompt, deletePrompt below).
import { canGrant, PERMISSIONS, TeamkitError, type ErrorBody, type Role } from "@teamkit/client";
import type { User } from "firebase/auth";
import {
  addDoc,
  collection,
  deleteDoc,
  doc,
  limit,
  onSnapshot,
  query,
  serverTimestamp,
  updateDoc,
  type DocumentData,
} from "firebase/firestore";
import { useEffect, useState } from "react";
import { db, teamkit } from "./teamkit";

export type { Role };
export const ROLES: Role[] = ["owner", "admin", "member", "viewer", "billing"];

export type Action =
  | "readTeam"
  | "manageTeam"
  | "invite"
  | "removeMember"
  | "changeRoles"
  | "readInvites"
  | "readEvents"
  | "readBilling"
  | "manageBilling"
  | "deleteTeam"
  | "readSharedEntities"
  | "writeOwnEntities"
  | "moderateEntities";

const table = PERMISSIONS as unknown as Record<string, readonly string[]>;

export function allows(role: Role | null | undefined, action: Action): boolean {
  const roles = table[action] ?? table[action.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()] ?? [];
  return !!role && roles.includes(role);
}

export function grantable(actor: Role | null | undefined): Role[] {
  return ROLES.filter((role) => canGrant(actor ?? null, role));
}

export function canChangeRole(actor: Role | null | undefined, current: Role, next: Role): boolean {
  return allows(actor, "changeRoles") && canGrant(actor ?? null, current) && canGrant(actor ?? null, next);
}

export function canRemove(actor: Role | null | undefined, target: Role, isSelf: boolean): boolean {
  return isSelf || (allows(actor, "removeMember") && canGrant(actor ?? null, target));
}

export function useClaims(user: User | null): { ready: boolean; claims: Record<string, unknown> } {
  const [state, setState] = useState<{ uid: string | null; token: string | null; claims: Record<string, unknown> }>({
    uid: null,
    token: null,
    claims: {},
  });
  useEffect(() => {
    if (!user) return;
    let live = true;
    user.getIdTokenResult().then((result) => {
      if (live) setState({ uid: user.uid, token: result.token, claims: result.claims as Record<string, unknown> });
    });
    return () => {
      live = false;
    };
  }, [user]);
  return { ready: !!user && state.uid === user.uid, claims: user && state.uid === user.uid ? state.claims : {} };
}

export type Row = DocumentData & { id: string };

export function useAllTeams(enabled: boolean): { status: "loading" | "ready" | "error"; data: Row[] } {
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; data: Row[] }>({ status: "loading", data: [] });
  useEffect(() => {
    if (!enabled) return;
    return onSnapshot(
      query(collection(db, "teams"), limit(500)),
      (snapshot) => setState({ status: "ready", data: snapshot.docs.map((d) => ({ ...d.data(), id: d.id })) }),
      () => setState({ status: "error", data: [] }),
    );
  }, [enabled]);
  return state;
}

export function createPrompt(teamId: string, uid: string, fields: { title: string; body: string; shared: boolean }) {
  return addDoc(collection(db, "prompts"), {
    workspaceId: teamId,
    ownerUid: uid,
    sharing: fields.shared ? "public" : "private",
    title: fields.title,
    body: fields.body,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  });
}

export function updatePrompt(id: string, fields: { title?: string; body?: string; sharing?: "public" | "private" }) {
  return updateDoc(doc(db, "prompts", id), { ...fields, updatedAt: serverTimestamp() });
}

export function deletePrompt(id: string) {
  return deleteDoc(doc(db, "prompts", id));
}

// 5. previewInvite: docs/openapi.json has it (issue-10-api), but the SDK's generated operation
//    list did not when the console was written; this uses the SDK's method when present and
//    otherwise the same unauthenticated POST.
export interface InvitePreview {
  kind?: string;
  teamName: string;
  role: string;
  inviterName?: string | null;
  email?: string;
  expiresAt?: string;
  status: string;
  label?: string;
}

export async function previewInvite(token: string): Promise<InvitePreview> {
  const sdk = teamkit as unknown as { previewInvite?: (body: { token: string }) => Promise<InvitePreview> };
  if (typeof sdk.previewInvite === "function") return sdk.previewInvite({ token });
  let response: Response;
  try {
    response = await fetch(`${teamkit.functionsUrl}/previewInvite`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
    });
  } catch {
    throw new TeamkitError(0, { status: "UNAVAILABLE", reason: "UNAVAILABLE", message: "The server could not be reached." });
  }
  const json = (await response.json().catch(() => ({}))) as { error?: ErrorBody } & InvitePreview;
  if (!response.ok) {
    throw new TeamkitError(
      response.status,
      json.error ?? { status: "INTERNAL", reason: "INTERNAL", message: response.statusText },
    );
  }
  return json;
}
