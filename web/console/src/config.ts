// Where the console points, read from its Vite env vars (see teamkit.ts). Kept apart from the
// Firebase wiring so that the build (hosting.ts) reads the very same addresses to write the
// Content-Security-Policy that lets the page reach them.
import { functionsUrlFor } from "@teamkit/client";

export type Env = Record<string, string | undefined>;

export interface ConsoleConfig {
  projectId: string;
  functionsUrl: string;
  emulators: { auth?: string; firestore?: string; functions?: string } | null;
  /** The backend's TEAMKIT_COLLECTION_PREFIX (the SDK's collectionPrefix); empty: none. */
  collectionPrefix: string;
}

export function readConfig(vars: Env): ConsoleConfig {
  const projectId = vars.VITE_TEAMKIT_PROJECT_ID || "demo-teamkit";
  let emulators: ConsoleConfig["emulators"] = null;
  if (vars.VITE_FIREBASE_EMULATORS) {
    const found: Record<string, string> = {};
    for (const part of vars.VITE_FIREBASE_EMULATORS.split(",")) {
      const [name, host] = part.split("=");
      if (name && host) found[name.trim()] = host.trim();
    }
    emulators = found;
  }
  const functionsUrl =
    vars.VITE_TEAMKIT_FUNCTIONS_URL ||
    functionsUrlFor({ projectId, ...(emulators?.functions ? { emulatorHost: emulators.functions } : {}) });
  const collectionPrefix = vars.VITE_TEAMKIT_COLLECTION_PREFIX || "";
  return { projectId, functionsUrl, emulators, collectionPrefix };
}
