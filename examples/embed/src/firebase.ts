// The app's own Firebase set-up (from .env: VITE_FIREBASE_*), pointed at the emulators when
// VITE_EMULATOR_* are set, and the teamkit client over it.
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore } from "firebase/firestore";
import { createTeamkit, functionsUrlFor } from "@teamkit/client";

const env = import.meta.env;
const projectId = env.VITE_FIREBASE_PROJECT_ID as string;
const app = initializeApp({ projectId, apiKey: env.VITE_FIREBASE_API_KEY as string, authDomain: env.VITE_FIREBASE_AUTH_DOMAIN as string | undefined });
export const auth = getAuth(app);
const firestore = getFirestore(app);
if (env.VITE_EMULATOR_AUTH) connectAuthEmulator(auth, `http://${env.VITE_EMULATOR_AUTH}`, { disableWarnings: true });
if (env.VITE_EMULATOR_FIRESTORE) {
  const [host = "127.0.0.1", port = "8080"] = String(env.VITE_EMULATOR_FIRESTORE).split(":");
  connectFirestoreEmulator(firestore, host, Number(port));
}
const functionsUrl = functionsUrlFor({ projectId, emulatorHost: env.VITE_EMULATOR_FUNCTIONS as string | undefined });
export const teamkit = createTeamkit({ functionsUrl, auth, firestore });
