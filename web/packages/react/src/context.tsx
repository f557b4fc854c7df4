/** TeamkitProvider and useTeamkit: the client every hook reads from, plus a per-client cache of
 * readers so that two components asking for the same data share one Firestore listener. The
 * provider also keeps the address teamkit records for the user equal to their verified one. */
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { onIdTokenChanged } from "firebase/auth";
import { ReaderCache, type Live, type Teamkit } from "@teamkit/client";

interface Shared {
  teamkit: Teamkit;
  cache: ReaderCache;
}

const TeamkitContext = createContext<Shared | null>(null);
const caches = new WeakMap<Teamkit, ReaderCache>();

export interface TeamkitProviderProps {
  teamkit: Teamkit;
  /** How long a reader no component uses keeps its listener before it is dropped (default
   * 30 s). Providers of the same client share one cache: the first one's value holds. */
  evictAfterMs?: number;
  children?: ReactNode;
}

export function TeamkitProvider({ teamkit, evictAfterMs, children }: TeamkitProviderProps) {
  let cache = caches.get(teamkit);
  if (!cache) caches.set(teamkit, (cache = new ReaderCache({ evictAfterMs })));
  useProfileSync(teamkit);
  return <TeamkitContext.Provider value={{ teamkit, cache }}>{children}</TeamkitContext.Provider>;
}

/** The (uid, email, verified) each client last synced, so remounts and token refreshes that
 * change neither call nothing. */
const synced = new WeakMap<Teamkit, string>();

/** Calls `syncProfile` once per sign-in, and again when the ID token's email or its verification
 * changes: the membership and profile then record the verified address, or none
 * (docs/joining.md, "Proven addresses"). The key is the token's claims, which the server reads,
 * not the User object's fields (`user.reload()` changes those before the token is refreshed).
 * A failure is retried at the next token change. */
function useProfileSync(teamkit: Teamkit): void {
  useEffect(
    () =>
      onIdTokenChanged(teamkit.auth, (user) => {
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
      }),
    [teamkit],
  );
}

function useShared(): Shared {
  const shared = useContext(TeamkitContext);
  if (!shared) throw new Error("teamkit hooks need a <TeamkitProvider teamkit={...}> above them");
  return shared;
}

/** The Teamkit client of the nearest TeamkitProvider. */
export function useTeamkit(): Teamkit {
  return useShared().teamkit;
}

/** The reader `key` names, shared by every component of the client (ReaderCache). */
export function useCached<L extends Live<unknown>>(key: string | null, make: (teamkit: Teamkit) => L): L | null {
  const { teamkit, cache } = useShared();
  return key === null ? null : cache.get(key, () => make(teamkit));
}
