// ReaderCache without Firestore: a Store whose listener is a counter, and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReaderCache, Store } from "../src/index.ts";

function counted() {
  const listeners = { open: 0, opened: 0 };
  const make = () =>
    new Store<number>(() => {
      listeners.open++;
      listeners.opened++;
      return () => listeners.open--;
    });
  return { listeners, make };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("ReaderCache", () => {
  it("shares one reader per key and keeps its listener open until the delay after the last subscriber", () => {
    const cache = new ReaderCache({ evictAfterMs: 1000 });
    const { listeners, make } = counted();
    const first = cache.get("k", make);
    expect(cache.get("k", make)).toBe(first);
    const a = first.subscribe(() => {});
    const b = first.subscribe(() => {});
    expect(listeners).toEqual({ open: 1, opened: 1 });
    a();
    b();
    b(); // a second call of the same unsubscribe changes nothing
    vi.advanceTimersByTime(999);
    expect(listeners.open).toBe(1);
    vi.advanceTimersByTime(1);
    expect(listeners.open).toBe(0);
    expect(cache.size).toBe(0);
    expect(cache.get("k", make)).not.toBe(first);
  });

  it("a subscriber back within the delay reuses the reader and its listener", () => {
    const cache = new ReaderCache({ evictAfterMs: 1000 });
    const { listeners, make } = counted();
    const reader = cache.get("k", make);
    reader.subscribe(() => {})();
    vi.advanceTimersByTime(900);
    const again = cache.get("k", make);
    expect(again).toBe(reader);
    const stop = again.subscribe(() => {});
    vi.advanceTimersByTime(5000);
    expect(listeners).toEqual({ open: 1, opened: 1 });
    stop();
    vi.advanceTimersByTime(1000);
    expect(listeners.open).toBe(0);
  });

  it("drops a reader nobody subscribed to after the delay, and keeps a paged reader's own methods", () => {
    const cache = new ReaderCache();
    const loadMore = vi.fn();
    const reader = cache.get("p", () => Object.assign(new Store<number>(() => () => {}), { loadMore }));
    reader.loadMore();
    expect(loadMore).toHaveBeenCalledOnce();
    expect(reader.getState().status).toBe("loading");
    vi.advanceTimersByTime(30_000);
    expect(cache.size).toBe(0);
  });
});
