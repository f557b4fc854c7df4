// @vitest-environment happy-dom
// The reader cache through the hooks, against the emulators: Firestore listeners counted at
// onSnapshot. A reader nobody uses closes its listener after the provider's delay; one used again
// within it is the same store (its data at once, no new listener); a search typed quickly is
// one query.
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeAll, signUp, type Client } from "../../client/test/support.ts";
import { TeamkitProvider, useMembers, useTeam } from "../src/index.ts";

const listeners = vi.hoisted(() => ({ open: 0, opened: 0 }));

vi.mock("firebase/firestore", async (importOriginal) => {
  const firestore = await importOriginal<typeof import("firebase/firestore")>();
  const onSnapshot = (...args: unknown[]) => {
    const stop = (firestore.onSnapshot as (...a: unknown[]) => () => void)(...args);
    listeners.open++;
    listeners.opened++;
    let open = true;
    return () => {
      if (open) listeners.open--;
      open = false;
      stop();
    };
  };
  return { ...firestore, onSnapshot };
});

const EVICT_AFTER_MS = 1500;
const LONG = { timeout: 30_000 };

let owner: Client;
let teamId: string;

beforeAll(async () => {
  owner = await signUp("cache-owner");
  teamId = String((await owner.teamkit.createTeam({ name: "Cached" })).teamId);
  for (const name of ["hannah", "harry", "holly"]) {
    const person = await signUp(name);
    await owner.teamkit.addExistingMember({ teamId, email: person.email, role: "member" });
  }
});

afterAll(closeAll);

function wrapper({ children }: { children?: ReactNode }) {
  return (
    <TeamkitProvider teamkit={owner.teamkit} evictAfterMs={EVICT_AFTER_MS}>
      {children}
    </TeamkitProvider>
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the reader cache", () => {
  it("closes a reader's listener a delay after its last user leaves, and reuses it when one returns within it", async () => {
    const first = renderHook(() => useTeam(teamId), { wrapper });
    await waitFor(() => expect(first.result.current.data?.name).toBe("Cached"), LONG);
    const open = listeners.open;
    const opened = listeners.opened;
    first.unmount();
    expect(listeners.open).toBe(open);

    const again = renderHook(() => useTeam(teamId), { wrapper });
    expect(again.result.current.data?.name).toBe("Cached"); // the first render: the same store
    expect(listeners.opened).toBe(opened);
    again.unmount();

    await sleep(EVICT_AFTER_MS / 2);
    expect(listeners.open).toBe(open);
    await waitFor(() => expect(listeners.open).toBeLessThan(open), LONG);
    const fresh = renderHook(() => useTeam(teamId), { wrapper });
    expect(fresh.result.current.status).toBe("loading"); // evicted: a new store
    await waitFor(() => expect(fresh.result.current.data?.name).toBe("Cached"), LONG);
    fresh.unmount();
  });

  it("typing five characters of a search makes one query, and clearing it reuses the first", async () => {
    const { result, unmount } = renderHook(() => useMembers(teamId), { wrapper });
    await waitFor(() => expect(result.current.data?.items).toHaveLength(4), LONG);
    const opened = listeners.opened;
    for (const end of [1, 2, 3, 4, 5]) {
      act(() => result.current.search("holly".slice(0, end)));
      await sleep(50);
    }
    expect(result.current.query).toBe("holly");
    await waitFor(() => expect(result.current.data?.items.map((m) => m.email?.slice(0, 5))).toEqual(["holly"]), LONG);
    expect(listeners.opened).toBe(opened + 1);

    act(() => result.current.search(""));
    await waitFor(() => expect(result.current.data?.items).toHaveLength(4), LONG);
    expect(listeners.opened).toBe(opened + 1);
    unmount();
  });
});
