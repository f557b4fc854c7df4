// The console's one Teamkit client (@teamkit/client), wired from Vite env vars:
// VITE_TEAMKIT_PROJECT_ID, VITE_FIREBASE_API_KEY / _AUTH_DOMAIN / _APP_ID for a real project,
// VITE_FIREBASE_EMULATORS=auth=host:port,firestore=host:port,functions=host:port for the
// emulators, VITE_TEAMKIT_FUNCTIONS_URL to override where the functions live,
// VITE_TEAMKIT_COLLECTION_PREFIX for a backend deployed with TEAMKIT_COLLECTION_PREFIX.
import { createTeamkit } from "@teamkit/client";
import { readConfig, type Env } from "./config";
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore } from "firebase/firestore";

const env = import.meta.env as Env;

export const config = readConfig(env);

const app = initializeApp({
  projectId: config.projectId,
  apiKey: env.VITE_FIREBASE_API_KEY || "demo-api-key",
  ...(env.VITE_FIREBASE_AUTH_DOMAIN ? { authDomain: env.VITE_FIREBASE_AUTH_DOMAIN } : {}),
  ...(env.VITE_FIREBASE_APP_ID ? { appId: env.VITE_FIREBASE_APP_ID } : {}),
});
export const auth = getAuth(app);
export const db = getFirestore(app);
if (config.emulators?.auth) {
  connectAuthEmulator(auth, `http://${config.emulators.auth}`, { disableWarnings: true });
}
if (config.emulators?.firestore) {
  const [host, port] = config.emulators.firestore.split(":");
  connectFirestoreEmulator(db, host ?? "127.0.0.1", Number(port));
}

// Documents the server sent our listeners (billed reads): bench/console.py reads this counter.
const counter = globalThis as { __teamkitReads?: number };
counter.__teamkitReads = 0;
export const teamkit = createTeamkit({
  functionsUrl: config.functionsUrl,
  auth,
  firestore: db,
  collectionPrefix: config.collectionPrefix,
  onDocumentsRead: (documents) => {
    counter.__teamkitReads = (counter.__teamkitReads ?? 0) + documents;
  },
});
