/** A cache of readers by key, so that every part of an app asking for the same data shares one
 * Firestore listener. Each entry counts its subscribers; when the last one leaves, the listener
 * stays open `evictAfterMs` longer (a page that unmounts and mounts again, or a tab switched
 * back, finds its data at once, without reading it again), then closes and the entry is
 * dropped, so a long session does not keep every query it ever opened. */
import type { Live } from "./live.ts";

/** How long a reader nobody subscribes to keeps its listener, unless told otherwise. */
export const EVICT_AFTER_MS = 30_000;

interface Entry {
  live: Live<unknown>;
  subscribers: number;
  /** The cache's own subscription, which keeps the listener open through the delay. */
  release: (() => void) | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class ReaderCache {
  private readonly entries = new Map<string, Entry>();
  private readonly evictAfterMs: number;

  constructor(options: { evictAfterMs?: number } = {}) {
    this.evictAfterMs = options.evictAfterMs ?? EVICT_AFTER_MS;
  }

  /** The reader `key` names, made by `make` unless cached. The answer is `make`'s reader with
   * a counting `subscribe` (its other members, such as a paged reader's `loadMore`, are the
   * reader's own, reached through the prototype). */
  get<L extends Live<unknown>>(key: string, make: () => L): L {
    const existing = this.entries.get(key);
    if (existing) return existing.live as L;
    const source = make();
    const entry: Entry = { live: source, subscribers: 0, release: undefined, timer: undefined };
    // A reader made for a render that never subscribes (one React discarded) leaves too.
    const leave = () => (entry.timer = setTimeout(() => this.evict(key, entry), this.evictAfterMs));
    const subscribe = (onChange: () => void): (() => void) => {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      if (entry.subscribers++ === 0 && !entry.release) entry.release = source.subscribe(() => {});
      const unsubscribe = source.subscribe(onChange);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        unsubscribe();
        if (--entry.subscribers === 0) leave();
      };
    };
    entry.live = Object.create(source, { subscribe: { value: subscribe } }) as L;
    this.entries.set(key, entry);
    leave();
    return entry.live as L;
  }

  /** How many readers the cache holds (subscribed, or within their delay). */
  get size(): number {
    return this.entries.size;
  }

  private evict(key: string, entry: Entry): void {
    entry.timer = undefined;
    entry.release?.();
    entry.release = undefined;
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}
