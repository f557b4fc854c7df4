/** createTeamkit: one typed async method per HTTP function (from docs/openapi.json), the
 * real-time readers, and the few client writes the rules allow. */
import type { Auth } from "firebase/auth";
import {
  addDoc,
  collection,
  deleteDoc,
  doc,
  getDocs,
  serverTimestamp,
  limit,
  query,
  updateDoc,
  where,
  writeBatch,
  type Firestore,
} from "firebase/firestore";
import { collectionNames } from "./collections.ts";
import type { EntityKind } from "./documents.ts";
import { TeamkitError } from "./errors.ts";
import type { operations } from "./generated/openapi.ts";
import { OPERATIONS } from "./generated/operations.ts";
import { call, type CallContext, type RetryOptions } from "./http.ts";
import { Readers, type ReaderMethods } from "./readers.ts";

export type OperationName = (typeof OPERATIONS)[number];

type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer B } ? B : never;
type Loose<T> = [T] extends [Record<string, never>] ? Record<string, unknown> : T;

/** The request body of the function `name`. */
export type Body<Name extends OperationName> = operations[Name] extends { requestBody: infer R }
  ? JsonContent<R>
  : never;
/** The JSON answer of the function `name`. */
export type Result<Name extends OperationName> = Loose<JsonContent<Success<operations[Name]["responses"]>>>;

export type Calls = { [Name in OperationName]: (body: Body<Name>) => Promise<Result<Name>> };

export interface TeamkitOptions {
  /** Base URL of the functions, no trailing slash: functionsUrlFor(...). */
  functionsUrl: string;
  auth: Auth;
  firestore: Firestore;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** The backend's collection prefix (its TEAMKIT_COLLECTION_PREFIX): set when teamkit was
   * deployed under one; the default, none, names collections `users`, `teams`, ... */
  collectionPrefix?: string;
  /** For a backend deployed with ENFORCE_APP_CHECK: the App Check token sent with every call
   * (X-Firebase-AppCheck), such as `() => getToken(appCheck).then((result) => result.token)`
   * with `getToken` and the app's instance from `firebase/app-check`. */
  appCheckToken?: () => Promise<string>;
  /** Diagnostics: called with the number of documents the server sent a listener (billed reads,
   * not counting security-rule lookups). */
  onDocumentsRead?: (documents: number) => void;
}

export interface ProfileUpdate {
  displayName?: string | null;
  notificationPrefs?: { email?: boolean; emailByType?: Record<string, boolean> };
}

/** The fields a client writes on a workspace entity (firestore.rules validEntity): the common
 * ones plus each kind's content fields. */
export interface EntityFieldsCommon {
  /** 1 to 200 characters. */
  title: string;
  /** Up to 2,000 characters. */
  description?: string;
  /** "public": shared with the team; "private": only mine. */
  sharing: "private" | "public";
}
export type EntityContent = {
  prompts: { body?: string };
  assistants: { instructions?: string; model?: string };
  chats: { assistantId?: string };
};
export type EntityFields<K extends EntityKind> = EntityFieldsCommon & EntityContent[K];

export type Teamkit = Calls &
  ReaderMethods & {
    readonly auth: Auth;
    readonly firestore: Firestore;
    readonly functionsUrl: string;
    /** Flips `read` on one of my notifications. */
    markNotificationRead(notificationId: string): Promise<void>;
    /** Flips `read` on all my unread notifications; returns how many. */
    markAllNotificationsRead(): Promise<number>;
    /** Writes the client fields of my profile the rules allow. */
    updateProfile(update: ProfileUpdate): Promise<void>;
    /** Creates a workspace entity of mine in team `teamId` (roles with writeOwnEntities, active
     * team); returns its id. The rules set owner, timestamps and keys; refusals reject with
     * Firestore's `permission-denied`. */
    createEntity<K extends EntityKind>(kind: K, teamId: string, fields: EntityFields<K>): Promise<string>;
    /** Changes fields of an entity: my own (writeOwnEntities) or, for owners and admins
     * (moderateEntities), a shared one. `description: null`-like removal is not supported. */
    updateEntity<K extends EntityKind>(kind: K, id: string, changes: Partial<EntityFields<K>>): Promise<void>;
    /** Deletes an entity under the same rule as updateEntity. */
    deleteEntity(kind: EntityKind, id: string): Promise<void>;
  };

/** The base URL of the HTTP functions: the emulator's when `emulatorHost` is given. */
export function functionsUrlFor(options: { projectId: string; region?: string; emulatorHost?: string }): string {
  const region = options.region ?? "us-central1";
  if (options.emulatorHost) {
    const host = options.emulatorHost.replace(/^https?:\/\//, "").replace(/\/$/, "");
    return `http://${host}/${options.projectId}/${region}`;
  }
  return `https://${region}-${options.projectId}.cloudfunctions.net`;
}

function signedInUid(auth: Auth): string {
  const uid = auth.currentUser?.uid;
  if (!uid) {
    throw new TeamkitError(401, { status: "UNAUTHENTICATED", reason: "SIGN_IN_REQUIRED", message: "Sign in first." });
  }
  return uid;
}

function definedOnly(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export function createTeamkit(options: TeamkitOptions): Teamkit {
  const { auth, firestore } = options;
  const context: CallContext = {
    functionsUrl: options.functionsUrl.replace(/\/$/, ""),
    auth,
    fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
    retry: { attempts: 4, baseDelayMs: 200, maxDelayMs: 3000, ...options.retry },
    appCheckToken: options.appCheckToken,
  };
  const names = collectionNames(options.collectionPrefix);
  const readers = new Readers(firestore, () => auth.currentUser, names, options.onDocumentsRead);
  const calls = Object.fromEntries(
    OPERATIONS.map((name) => [name, (body: unknown) => call(context, name, body)]),
  ) as unknown as Calls;
  const readerNames = ["profile", "team", "myTeams", "members", "invites", "links", "joinRequests", "myInvites", "events", "notifications", "entities", "allTeams"] as const;
  const readerMethods = Object.fromEntries(
    readerNames.map((name) => [name, (readers[name] as (...args: unknown[]) => unknown).bind(readers)]),
  ) as unknown as ReaderMethods;

  return {
    ...calls,
    ...readerMethods,
    auth,
    firestore,
    functionsUrl: context.functionsUrl,
    async markNotificationRead(notificationId) {
      await updateDoc(doc(firestore, names.users, signedInUid(auth), names.notifications, notificationId), { read: true });
    },
    async markAllNotificationsRead() {
      const uid = signedInUid(auth);
      const unread = query(collection(firestore, names.users, uid, names.notifications), where("read", "==", false), limit(500));
      let total = 0;
      for (;;) {
        const snapshot = await getDocs(unread);
        if (snapshot.empty) return total;
        const batch = writeBatch(firestore);
        for (const d of snapshot.docs) batch.update(d.ref, { read: true });
        await batch.commit();
        total += snapshot.size;
        if (snapshot.size < 500) return total;
      }
    },
    async updateProfile(update) {
      const changes = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
      await updateDoc(doc(firestore, names.users, signedInUid(auth)), changes);
    },
    async createEntity(kind, teamId, fields) {
      const ownerUid = signedInUid(auth);
      const written = await addDoc(collection(firestore, names[kind]), {
        ...definedOnly(fields),
        workspaceId: teamId,
        ownerUid,
        createdAt: serverTimestamp(),
        updatedAt: serverTimestamp(),
      });
      return written.id;
    },
    async updateEntity(kind, id, changes) {
      signedInUid(auth);
      await updateDoc(doc(firestore, names[kind], id), { ...definedOnly(changes), updatedAt: serverTimestamp() });
    },
    async deleteEntity(kind, id) {
      signedInUid(auth);
      await deleteDoc(doc(firestore, names[kind], id));
    },
  };
}
