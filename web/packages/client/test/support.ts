/** Test support: signed-in Firebase Web SDK clients against the emulators devtools/web_tests.py
 * started, admin helpers over the emulators' REST APIs (Bearer owner), and waiting. */
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import {
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  getAuth,
  signOut,
  updateProfile,
  type Auth,
  type User,
} from "firebase/auth";
import { connectFirestoreEmulator, initializeFirestore, type Firestore } from "firebase/firestore";
import { createTeamkit, type Live, type ReaderState, type Teamkit, until } from "../src/index.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the web tests with python -m devtools.web_tests`);
  return value;
}

export const env = {
  get projectId() {
    return required("TEAMKIT_PROJECT_ID");
  },
  get functionsUrl() {
    return required("TEAMKIT_FUNCTIONS_URL");
  },
  get firestoreHost() {
    return required("FIRESTORE_EMULATOR_HOST");
  },
  get authHost() {
    return required("FIREBASE_AUTH_EMULATOR_HOST");
  },
  get priceId() {
    return required("TEAMKIT_STRIPE_PRICE_ID");
  },
};

export const PASSWORD = "correct horse battery staple";
let counter = 0;
const runTag = Math.random().toString(36).slice(2, 8);

/** A unique, lower-case address for this run. */
export function uniqueEmail(name: string): string {
  return `${name}-${runTag}-${++counter}@example.com`;
}

export interface Client {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  teamkit: Teamkit;
  user: User;
  email: string;
  uid: string;
  reads: { count: number };
}

const apps: FirebaseApp[] = [];

/** A fresh Firebase app (own Auth and Firestore) pointed at the emulators, not signed in. */
export function newApp(): { app: FirebaseApp; auth: Auth; db: Firestore } {
  const app = initializeApp({ projectId: env.projectId, apiKey: "fake-api-key" }, `app-${runTag}-${++counter}`);
  apps.push(app);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${env.authHost}`, { disableWarnings: true });
  const db = initializeFirestore(app, {});
  const [host, port] = env.firestoreHost.split(":");
  connectFirestoreEmulator(db, host as string, Number(port));
  return { app, auth, db };
}

/** A new user, signed in on a client of their own. */
export async function signUp(name: string, options: { verified?: boolean; displayName?: string } = {}): Promise<Client> {
  const { app, auth, db } = newApp();
  const email = uniqueEmail(name);
  const { user } = await createUserWithEmailAndPassword(auth, email, PASSWORD);
  await updateProfile(user, { displayName: options.displayName ?? `${name[0]?.toUpperCase()}${name.slice(1)} Test` });
  if (options.verified ?? true) await setVerified(user.uid, true, user);
  const reads = { count: 0 };
  const teamkit = createTeamkit({
    functionsUrl: env.functionsUrl,
    auth,
    firestore: db,
    onDocumentsRead: (n) => {
      reads.count += n;
    },
  });
  return { app, auth, db, teamkit, user, email, uid: user.uid, reads };
}

async function admin(path: string, body: unknown, base = `http://${env.authHost}/identitytoolkit.googleapis.com/v1/projects/${env.projectId}`): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { Authorization: "Bearer owner", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Sets emailVerified in the Auth emulator (and refreshes the signed-in user's token). */
export async function setVerified(uid: string, verified: boolean, user?: User): Promise<void> {
  await admin("/accounts:update", { localId: uid, emailVerified: verified });
  if (user) {
    await user.reload();
    await user.getIdToken(true);
  }
}

/** Sets custom claims (e.g. `{ superAdmin: true }`) in the Auth emulator and refreshes the
 * signed-in user's token so they reach Firestore's rules and the client. */
export async function setClaims(uid: string, claims: Record<string, unknown>, user?: User): Promise<void> {
  await admin("/accounts:update", { localId: uid, customAttributes: JSON.stringify(claims) });
  if (user) await user.getIdToken(true);
}

/** Writes documents with the emulator's admin bypass (rules skipped), 500 per commit. */
export async function adminWrite(docs: { path: string; fields: Record<string, unknown> }[]): Promise<void> {
  const database = `projects/${env.projectId}/databases/(default)`;
  await commit(docs.map(({ path, fields }) => ({ update: { name: `${database}/documents/${path}`, fields: toFields(fields) } })));
}

/** Deletes documents with the emulator's admin bypass, 500 per commit. */
export async function adminDelete(paths: string[]): Promise<void> {
  const database = `projects/${env.projectId}/databases/(default)`;
  await commit(paths.map((path) => ({ delete: `${database}/documents/${path}` })));
}

async function commit(all: unknown[]): Promise<void> {
  const database = `projects/${env.projectId}/databases/(default)`;
  for (let i = 0; i < all.length; i += 500) {
    const writes = all.slice(i, i + 500);
    const response = await fetch(`http://${env.firestoreHost}/v1/${database}/documents:commit`, {
      method: "POST",
      headers: { Authorization: "Bearer owner", "Content-Type": "application/json" },
      body: JSON.stringify({ writes }),
    });
    if (!response.ok) throw new Error(`commit: ${response.status} ${await response.text()}`);
  }
}

/** The token of the latest invite mail sent to `email` (from the fake SendGrid, through the
 * mailbox devtools/web_tests.py serves), waiting for the mail trigger. */
export async function inviteToken(email: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${required("TEAMKIT_MAILBOX_URL")}/tokens?to=${encodeURIComponent(email)}`);
    const tokens = (await response.json()) as string[];
    if (tokens.length > 0) return tokens[tokens.length - 1] as string;
    if (Date.now() > deadline) throw new Error(`no invite mail reached ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Overwrites some fields of one document with the emulator's admin bypass. */
export async function adminPatch(path: string, fields: Record<string, unknown>): Promise<void> {
  const mask = Object.keys(fields).map((key) => `updateMask.fieldPaths=${encodeURIComponent(key)}`).join("&");
  const url = `http://${env.firestoreHost}/v1/projects/${env.projectId}/databases/(default)/documents/${path}?${mask}`;
  const response = await fetch(url, {
    method: "PATCH",
    headers: { Authorization: "Bearer owner", "Content-Type": "application/json" },
    body: JSON.stringify({ fields: toFields(fields) }),
  });
  if (!response.ok) throw new Error(`patch ${path}: ${response.status} ${await response.text()}`);
}

function toValue(value: unknown): unknown {
  if (value === null || value === undefined) return { nullValue: null };
  if (value instanceof Date) return { timestampValue: value.toISOString() };
  if (typeof value === "boolean") return { booleanValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { integerValue: String(value) } : { doubleValue: value };
  if (typeof value === "string") return { stringValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toValue) } };
  return { mapValue: { fields: toFields(value as Record<string, unknown>) } };
}

function toFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, toValue(value)]));
}

/** Waits until `live` reaches a state `accept` accepts (subscribing meanwhile). */
export function waitFor<T>(live: Live<T>, accept: (state: ReaderState<T>) => boolean, timeoutMs = 30_000): Promise<ReaderState<T>> {
  return until(live, accept, timeoutMs);
}

/** Waits until `live` is ready with data that `accept` accepts; returns the data. */
export async function readyWith<T>(live: Live<T>, accept: (data: T) => boolean = () => true, timeoutMs = 30_000): Promise<T> {
  const state = await until(live, (s) => s.status === "ready" && accept(s.data), timeoutMs);
  return state.data as T;
}

/** Expects `promise` to reject with a TeamkitError of `reason`; returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<import("../src/index.ts").TeamkitError> {
  try {
    await promise;
  } catch (error) {
    return error as import("../src/index.ts").TeamkitError;
  }
  throw new Error("expected the call to fail");
}

export async function closeAll(): Promise<void> {
  for (const app of apps.splice(0)) {
    try {
      await signOut(getAuth(app));
    } catch {
      // already gone
    }
    await deleteApp(app);
  }
}

export interface Exchange {
  function: string;
  request: Record<string, unknown>;
  status: number;
  answer: Record<string, unknown>;
}

export interface DroppingProxy {
  /** The functions' base URL through the proxy (for createTeamkit's functionsUrl). */
  functionsUrl: string;
  forwarded: Exchange[];
  dropped: Exchange[];
  close(): Promise<void>;
}

/** An HTTP proxy in front of the Functions emulator that loses the first answer of each function
 * in `dropFirst`: the function does its work and answers, then the proxy closes the connection
 * without passing the answer on (what devtools/fakes/dropping_proxy.py does for the Python
 * tests). The client sees a network error: its call may or may not have been carried out. */
export async function droppingProxy(dropFirst: string[]): Promise<DroppingProxy> {
  const upstream = new URL(env.functionsUrl);
  const pending = new Set(dropFirst);
  const forwarded: Exchange[] = [];
  const dropped: Exchange[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const name = (incoming.url ?? "").split("/").pop() ?? "";
      const headers = { ...incoming.headers, host: upstream.host };
      const call = forward({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on("data", (part: Buffer) => parts.push(part));
        answer.on("end", () => {
          const text = Buffer.concat(parts);
          const exchange = { function: name, request: JSON.parse(body.toString() || "{}"), status: answer.statusCode ?? 0, answer: JSON.parse(text.toString() || "{}") };
          forwarded.push(exchange);
          if (pending.delete(name)) {
            dropped.push(exchange);
            incoming.socket.destroy();
            return;
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          outgoing.end(text);
        });
      });
      call.on("error", () => incoming.socket.destroy());
      call.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    functionsUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    forwarded,
    dropped,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
