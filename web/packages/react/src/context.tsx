/** TeamkitProvider and useTeamkit: the client every hook reads from, plus a per-client cache of
 * readers so that two components asking for the same data share one Firestore listener. */
import { createContext, useContext, type ReactNode } from "react";
import type { Live, Teamkit } from "@teamkit/client";

interface Shared {
  teamkit: Teamkit;
  cache: Map<string, Live<unknown>>;
}

const TeamkitContext = createContext<Shared | null>(null);
const caches = new WeakMap<Teamkit, Map<string, Live<unknown>>>();

export function TeamkitProvider({ teamkit, children }: { teamkit: Teamkit; children?: ReactNode }) {
  let cache = caches.get(teamkit);
  if (!cache) caches.set(teamkit, (cache = new Map()));
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

/** The reader `key` names, created once per client by `make` (readers are lazy: one that nobody
 * subscribes to holds no listener). */
export function useCached<T>(key: string | null, make: (teamkit: Teamkit) => Live<T>): Live<T> | null {
  const { teamkit, cache } = useShared();
  if (key === null) return null;
  let live = cache.get(key) as Live<T> | undefined;
  if (!live) {
    live = make(teamkit);
    cache.set(key, live as Live<unknown>);
  }
  return live;
}
