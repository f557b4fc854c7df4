// SDK GAPS: what the console needs and @teamkit/client / @teamkit/react did not provide when
// the console was written. Everything here is meant to move into the SDK (the lead moves it);
// pages import it only through this module so that the move is a change of imports.
//
// - createTeamkit-like wiring of Firebase (Auth + Firestore) and the HTTP functions, from Vite
//   env vars (VITE_TEAMKIT_PROJECT_ID, VITE_FIREBASE_EMULATORS, ...).
// - call(name, body): one HTTP function with the caller's ID token; TeamkitError on failure.
// - live readers as hooks over onSnapshot, each reporting
//   { status: "loading" | "ready" | "access-lost" | "error", data, error }.
import { initializeApp, type FirebaseApp } from "firebase/app";
import {
  connectAuthEmulator,
  getAuth,
  onIdTokenChanged,
  type Auth,
  type User,
} from "firebase/auth";
import {
  collection,
  collectionGroup,
  connectFirestoreEmulator,
  doc,
  getFirestore,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type DocumentData,
  type Firestore,
  type Query,
  type DocumentReference,
} from "firebase/firestore";
import { useEffect, useState } from "react";

// ---- configuration ----

export interface ConsoleConfig {
  projectId: string;
  functionsUrl: string;
  emulators: { auth?: string; firestore?: string; functions?: string } | null;
}

export function readConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const projectId = env.VITE_TEAMKIT_PROJECT_ID || "demo-teamkit";
  let emulators: ConsoleConfig["emulators"] = null;
  if (env.VITE_FIREBASE_EMULATORS) {
    emulators = {};
    for (const part of env.VITE_FIREBASE_EMULATORS.split(",")) {
      const [name, host] = part.split("=");
      if (name && host) (emulators as Record<string, string>)[name.trim()] = host.trim();
    }
  }
  const functionsUrl =
    env.VITE_TEAMKIT_FUNCTIONS_URL ||
    (emulators?.functions
      ? `http://${emulators.functions}/${projectId}/us-central1`
      : `https://us-central1-${projectId}.cloudfunctions.net`);
  return { projectId, functionsUrl, emulators };
}

export const config = readConfig(import.meta.env as Record<string, string | undefined>);

const app: FirebaseApp = initializeApp({
  projectId: config.projectId,
  apiKey: (import.meta.env.VITE_FIREBASE_API_KEY as string | undefined) || "demo-api-key",
  authDomain: import.meta.env.VITE_FIREBASE_AUTH_DOMAIN as string | undefined,
  appId: import.meta.env.VITE_FIREBASE_APP_ID as string | undefined,
});
export const auth: Auth = getAuth(app);
export const db: Firestore = getFirestore(app);
if (config.emulators?.auth) {
  connectAuthEmulator(auth, `http://${config.emulators.auth}`, { disableWarnings: true });
}
if (config.emulators?.firestore) {
  const [host, port] = config.emulators.firestore.split(":");
  connectFirestoreEmulator(db, host, Number(port));
}

// ---- HTTP functions ----

export class TeamkitError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string,
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
    this.name = "TeamkitError";
  }
}

export async function call<T = Record<string, unknown>>(
  name: string,
  body: Record<string, unknown> = {},
  { anonymous = false }: { anonymous?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (!anonymous && auth.currentUser) {
    headers.Authorization = `Bearer ${await auth.currentUser.getIdToken()}`;
  }
  let response: Response;
  try {
    response = await fetch(`${config.functionsUrl}/${name}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
  } catch {
    throw new TeamkitError(0, "UNAVAILABLE", "UNAVAILABLE", "The server could not be reached.", undefined);
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (json.error ?? {}) as Record<string, unknown>;
    throw new TeamkitError(
      response.status,
      String(error.status ?? "UNKNOWN"),
      String(error.reason ?? (response.status === 404 ? "NOT_FOUND" : "INTERNAL")),
      String(error.message ?? response.statusText),
      error.details as Record<string, unknown> | undefined,
    );
  }
  return json as T;
}

// ---- live readers ----

export type LiveStatus = "loading" | "ready" | "access-lost" | "error";
export interface Live<T> {
  status: LiveStatus;
  data: T;
  error: Error | null;
}

type Emit<T> = (next: Live<T>) => void;

function useLive<T>(key: string | null, initial: T, subscribe: (emit: Emit<T>) => () => void): Live<T> {
  const [state, setState] = useState<{ key: string | null; live: Live<T> }>({
    key,
    live: { status: "loading", data: initial, error: null },
  });
  useEffect(() => {
    if (key === null) return;
    return subscribe((live) => setState({ key, live }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (key === null) return { status: "ready", data: initial, error: null };
  if (state.key !== key) return { status: "loading", data: initial, error: null };
  return state.live;
}

export type Row = DocumentData & { id: string };

function denied(error: { code?: string }): boolean {
  return error.code === "permission-denied";
}

function listenQuery(q: Query, emit: Emit<Row[]>): () => void {
  return onSnapshot(
    q,
    (snapshot) =>
      emit({
        status: "ready",
        data: snapshot.docs.map((d) => ({ ...d.data({ serverTimestamps: "estimate" }), id: d.id })),
        error: null,
      }),
    (error) => emit({ status: denied(error) ? "access-lost" : "error", data: [], error }),
  );
}

function listenDoc(ref: DocumentReference, emit: Emit<Row | null>): () => void {
  return onSnapshot(
    ref,
    (snapshot) =>
      emit({
        status: "ready",
        data: snapshot.exists() ? { ...snapshot.data({ serverTimestamps: "estimate" }), id: snapshot.id } : null,
        error: null,
      }),
    (error) => emit({ status: denied(error) ? "access-lost" : "error", data: null, error }),
  );
}

export interface AuthState {
  status: "loading" | "ready";
  user: User | null;
  claims: Record<string, unknown>;
}

export function useAuthUser(): AuthState {
  const [state, setState] = useState<AuthState>({ status: "loading", user: null, claims: {} });
  useEffect(
    () =>
      onIdTokenChanged(auth, async (user) => {
        const claims = user ? (await user.getIdTokenResult()).claims : {};
        setState({ status: "ready", user, claims: claims as Record<string, unknown> });
      }),
    [],
  );
  return state;
}

export const useProfile = (uid: string | null) =>
  useLive<Row | null>(uid && `profile/${uid}`, null, (emit) => listenDoc(doc(db, "users", uid!), emit));

/** My memberships (one member document per team), live. */
export const useMyMemberships = (uid: string | null) =>
  useLive<Row[]>(uid && `memberships/${uid}`, [], (emit) =>
    listenQuery(query(collectionGroup(db, "members"), where("uid", "==", uid)), emit),
  );

export const useTeam = (teamId: string | null) =>
  useLive<Row | null>(teamId && `team/${teamId}`, null, (emit) => listenDoc(doc(db, "teams", teamId!), emit));

/** Team documents of several teams (the switcher's names), live. */
export function useTeams(teamIds: string[]): Record<string, Row | null> {
  const key = teamIds.slice().sort().join(",");
  const live = useLive<Record<string, Row | null>>(key || null, {}, (emit) => {
    const names: Record<string, Row | null> = {};
    const stops = teamIds.map((id) =>
      listenDoc(doc(db, "teams", id), (next) => {
        names[id] = next.data;
        emit({ status: "ready", data: { ...names }, error: null });
      }),
    );
    return () => stops.forEach((stop) => stop());
  });
  return live.data;
}

export const useMembers = (teamId: string | null) =>
  useLive<Row[]>(teamId && `members/${teamId}`, [], (emit) =>
    listenQuery(collection(db, "teams", teamId!, "members"), emit),
  );

export const usePendingInvites = (teamId: string | null, enabled: boolean) =>
  useLive<Row[]>(enabled && teamId ? `invites/${teamId}` : null, [], (emit) =>
    listenQuery(query(collection(db, "teams", teamId!, "invites"), where("status", "==", "pending")), emit),
  );

export const useEvents = (teamId: string | null, enabled: boolean, pageSize: number) =>
  useLive<Row[]>(enabled && teamId ? `events/${teamId}/${pageSize}` : null, [], (emit) =>
    listenQuery(query(collection(db, "teams", teamId!, "events"), orderBy("at", "desc"), limit(pageSize)), emit),
  );

export const useNotifications = (uid: string | null) =>
  useLive<Row[]>(uid && `notifications/${uid}`, [], (emit) =>
    listenQuery(query(collection(db, "users", uid!, "notifications"), orderBy("createdAt", "desc"), limit(100)), emit),
  );

export const useMyInvites = (email: string | null) =>
  useLive<Row[]>(email && `myinvites/${email}`, [], (emit) =>
    listenQuery(
      query(collectionGroup(db, "invites"), where("email", "==", email), where("status", "==", "pending")),
      emit,
    ),
  );

export const usePrompts = (teamId: string | null, uid: string | null, sharing: "public" | "private") =>
  useLive<Row[]>(teamId && uid ? `prompts/${teamId}/${uid}/${sharing}` : null, [], (emit) =>
    listenQuery(
      sharing === "public"
        ? query(collection(db, "prompts"), where("workspaceId", "==", teamId), where("sharing", "==", "public"))
        : query(collection(db, "prompts"), where("workspaceId", "==", teamId), where("ownerUid", "==", uid)),
      emit,
    ),
  );

export const useAllTeams = (enabled: boolean) =>
  useLive<Row[]>(enabled ? "allteams" : null, [], (emit) =>
    listenQuery(query(collection(db, "teams"), limit(500)), emit),
  );

// ---- permissions (mirrors teamkit.roles.PERMISSIONS until the SDK exports the generated table) ----

export type Role = "owner" | "admin" | "member" | "viewer" | "billing";
export const ROLES: Role[] = ["owner", "admin", "member", "viewer", "billing"];
const ALL: Role[] = ROLES;
export const PERMISSIONS = {
  readTeam: ALL,
  manageTeam: ["owner", "admin"],
  invite: ["owner", "admin"],
  removeMember: ["owner", "admin"],
  changeRoles: ["owner", "admin"],
  readInvites: ["owner", "admin"],
  readEvents: ["owner", "admin"],
  readBilling: ["owner", "admin", "billing"],
  manageBilling: ["owner", "billing"],
  deleteTeam: ["owner"],
  readSharedEntities: ["owner", "admin", "member", "viewer"],
  writeOwnEntities: ["owner", "admin", "member"],
  moderateEntities: ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof PERMISSIONS;

export function allows(role: Role | null | undefined, action: Action): boolean {
  return !!role && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function grantable(actor: Role | null | undefined): Role[] {
  if (actor === "owner") return ROLES;
  if (actor === "admin") return ROLES.filter((r) => r !== "owner");
  return [];
}

export function canChangeRole(actor: Role | null | undefined, current: Role, next: Role): boolean {
  const g = grantable(actor);
  return allows(actor, "changeRoles") && g.includes(current) && g.includes(next);
}

export function canRemove(actor: Role | null | undefined, target: Role, isSelf: boolean): boolean {
  if (isSelf) return true;
  return allows(actor, "removeMember") && grantable(actor).includes(target);
}
