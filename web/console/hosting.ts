// The console's hosting headers. The Content-Security-Policy in firebase.json allows the page to
// connect to its own origin only; which other origins it must reach (the Firebase APIs, the
// functions) depends on the VITE_* variables of the build. So the build writes the deployable
// config: `.firebase.hosting.json` beside firebase.json, a copy of it whose policy also allows
// exactly the origins this build talks to. Deploy with
// `firebase deploy --only hosting --config .firebase.hosting.json` (docs/console.md says why).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadEnv, runnerImport, type Plugin } from "vite";
import type { ConsoleConfig, readConfig } from "./src/config.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BUILT_HOSTING_CONFIG = ".firebase.hosting.json";
const CSP = "Content-Security-Policy";

/** What the Web SDK calls in production: Auth (sign-in, account look-ups; token refresh) and
 * Firestore (listeners and reads, WebChannel or long polling, on the same host). */
export const FIREBASE_APIS = [
  "https://identitytoolkit.googleapis.com",
  "https://securetoken.googleapis.com",
  "https://firestore.googleapis.com",
];

/** The origins a console built with `config` connects to, besides its own. */
export function connectOrigins(config: ConsoleConfig): string[] {
  const emulators = config.emulators;
  const firebase = emulators
    ? [emulators.auth, emulators.firestore].filter((host): host is string => !!host).map((host) => `http://${host}`)
    : FIREBASE_APIS;
  return [...new Set([...firebase, new URL(config.functionsUrl).origin])];
}

/** `policy` with `connect-src` widened from `'self'` to also allow `origins`. */
export function withConnectOrigins(policy: string, origins: string[]): string {
  const directives = policy.split(";").map((part) => part.trim());
  const at = directives.findIndex((part) => part.split(/\s+/)[0] === "connect-src");
  if (at < 0) throw new Error(`firebase.json's ${CSP} has no connect-src directive`);
  directives[at] = [directives[at], ...origins].join(" ");
  return directives.filter(Boolean).join("; ");
}

interface HeaderRule {
  source: string;
  headers: Array<{ key: string; value: string }>;
}

/** firebase.json with its hosting Content-Security-Policy allowing `origins`. */
export function builtHostingConfig(firebaseJson: string, origins: string[]): Record<string, unknown> {
  const config = JSON.parse(firebaseJson) as { hosting: { headers: HeaderRule[] } };
  const policies = config.hosting.headers.flatMap((rule) => rule.headers.filter((header) => header.key === CSP));
  if (policies.length === 0) throw new Error(`firebase.json's hosting sends no ${CSP}`);
  for (const header of policies) header.value = withConnectOrigins(header.value, origins);
  return config;
}

/** Vite plugin: after a build, write `.firebase.hosting.json` for this build's VITE_* env. */
export function hostingConfig(): Plugin {
  let origins: string[] = [];
  return {
    name: "teamkit-hosting-config",
    apply: "build",
    async configResolved(resolved) {
      // The app's own reading of its env (src/config.ts, through Vite, since it imports the
      // SDK's TypeScript source), so the policy allows exactly what the page will call.
      const env = loadEnv(resolved.mode, resolved.envDir || resolved.root, "VITE_");
      const { module } = await runnerImport<{ readConfig: typeof readConfig }>(`${resolved.root}/src/config.ts`, {
        configFile: false,
        logLevel: "error",
        // The workspace's packages from their TypeScript sources, as the console's own build
        // reads them (Node could load only their dist/, which a clean clone has not built).
        environments: { inline: { resolve: { noExternal: [/^@teamkit\//], conditions: ["@teamkit/source"] } } },
      });
      origins = connectOrigins(module.readConfig(env));
    },
    closeBundle() {
      const built = builtHostingConfig(readFileSync(`${ROOT}/firebase.json`, "utf8"), origins);
      writeFileSync(`${ROOT}/${BUILT_HOSTING_CONFIG}`, `${JSON.stringify(built, null, 2)}\n`);
    },
  };
}
