/** TeamkitProvider and useTeamkit: the client every hook reads from, plus a per-client cache of
 * readers so that two components asking for the same data share one Firestore listener. The
 * provider also keeps the address teamkit records for the user equal to their verified one. */
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { ReaderCache, keepProfileSynced, type Live, type Teamkit } from "@teamkit/client";

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
  useEffect(() => keepProfileSynced(teamkit), [teamkit]);
  return <TeamkitContext.Provider value={{ teamkit, cache }}>{children}</TeamkitContext.Provider>;
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
