/** The signed-in user as a store (with the ID token's claims, which the rules and functions
 * read), and the profile sync that keeps the address teamkit records equal to the verified one. */
import { onIdTokenChanged, type Auth, type User } from "firebase/auth";
import type { Teamkit } from "./teamkit.ts";

export interface AuthUserState {
  /** "signed-in" once the user's ID token claims are known too. */
  status: "loading" | "signed-in" | "signed-out";
  user: User | null;
  /** The ID token's claims (custom ones like `superAdmin`, and `email_verified`); {} when
   * signed out. New on every token refresh (e.g. after `getIdToken(true)`). */
  claims: Record<string, unknown>;
}

/** A store of the signed-in user, shaped like a reader (React's useSyncExternalStore). */
export interface AuthStore {
  subscribe(onChange: () => void): () => void;
  getState(): AuthUserState;
}

const authStores = new WeakMap<Auth, AuthStore>();

/** The one AuthStore of `auth`: it listens to ID token changes while somebody subscribes. */
export function authState(auth: Auth): AuthStore {
  let store = authStores.get(auth);
  if (store) return store;
  let state: AuthUserState = { status: "loading", user: null, claims: {} };
  let generation = 0;
  const listeners = new Set<() => void>();
  let stop: (() => void) | undefined;
  store = {
    subscribe(onChange) {
      listeners.add(onChange);
      if (!stop) {
        const publish = (next: AuthUserState) => {
          state = next;
          for (const listener of [...listeners]) listener();
        };
        stop = onIdTokenChanged(auth, (user) => {
          const mine = ++generation;
          if (!user) {
            publish({ status: "signed-out", user: null, claims: {} });
            return;
          }
          // The claims come from the token the SDK already holds (no request).
          user.getIdTokenResult().then(
            (result) => mine === generation && publish({ status: "signed-in", user, claims: result.claims as Record<string, unknown> }),
            () => mine === generation && publish({ status: "signed-in", user, claims: {} }),
          );
        });
      }
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0 && stop) {
          stop();
          stop = undefined;
        }
      };
    },
    getState: () => state,
  };
  authStores.set(auth, store);
  return store;
}

/** The (uid, email, verified) each client last synced, so token refreshes and repeated calls
 * that change neither call nothing. */
const synced = new WeakMap<Teamkit, string>();

/** Calls `syncProfile` once per sign-in, and again when the ID token's email or its verification
 * changes: the membership and profile then record the verified address, or none
 * (docs/joining.md, "Proven addresses"). The key is the token's claims, which the server reads,
 * not the User object's fields (`user.reload()` changes those before the token is refreshed).
 * A failure is retried at the next token change. Returns the function that stops it. */
export function keepProfileSynced(teamkit: Teamkit): () => void {
  return onIdTokenChanged(teamkit.auth, (user) => {
    if (!user) {
      synced.delete(teamkit);
      return;
    }
    user.getIdTokenResult().then(({ claims }) => {
      const key = [user.uid, String(claims.email ?? ""), String(claims.email_verified === true)].join("\n");
      if (synced.get(teamkit) === key) return;
      synced.set(teamkit, key);
      teamkit.syncProfile({}).catch(() => synced.delete(teamkit));
    }, () => undefined);
  });
}
