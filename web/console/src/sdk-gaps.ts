// SDK GAPS: what the console needs that @teamkit/client / @teamkit/react do not provide (yet).
// Each item is meant to move into the SDK; pages use it only through this module.
//
// 1. useClaims(): the signed-in user's token claims (superAdmin, email_verified). The SDK's
//    useAuthUser() gives the User but not the claims.
// 2. useAllTeams(): the superAdmin's list of every team (firestore.rules allow `list` on
//    teams/ to superAdmins only). The SDK has no reader for it.
// 3. Null-tolerant wrappers of the SDK's canGrant / canChangeRole / canRemove (which take a
//    Role; the console often has none yet) and grantable(actor), the list of roles to offer.
// 4. usePrompts-style writes: the SDK reads entities (useEntities) but has no create / update /
//    share / delete helpers; the console writes prompts with the Firestore SDK directly
//    (createPrompt, updatePrompt, deletePrompt below).
import {
  allows as sdkAllows,
  canChangeRole as sdkCanChangeRole,
  canGrant,
  canRemove as sdkCanRemove,
  ROLES as SDK_ROLES,
  type Action,
  type Role,
} from "@teamkit/client";
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
import { db } from "./teamkit";

export type { Role, Action };
export const ROLES: readonly Role[] = SDK_ROLES;

// The SDK's permission helpers take a role; the console often has none yet (null: not a member).
export const allows = (role: Role | null | undefined, action: Action): boolean => sdkAllows(role, action);

export function grantable(actor: Role | null | undefined): Role[] {
  return actor ? ROLES.filter((role) => canGrant(actor, role)) : [];
}

export function canChangeRole(actor: Role | null | undefined, current: Role, next: Role): boolean {
  return !!actor && sdkCanChangeRole(actor, current, next);
}

export function canRemove(actor: Role | null | undefined, target: Role, isSelf: boolean): boolean {
  return isSelf || (!!actor && sdkCanRemove(actor, target, false));
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
