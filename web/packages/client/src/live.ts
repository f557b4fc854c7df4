/** Live data: lazy stores over Firestore listeners, shaped for React's useSyncExternalStore
 * and usable without it. A listener refused with permission-denied ends in "access-lost",
 * never in an unhandled error (it may come after data, even after cached data). */
import {
  onSnapshot,
  type DocumentReference,
  type DocumentSnapshot,
  type FirestoreError,
  type Query,
  type QueryDocumentSnapshot,
  type QuerySnapshot,
} from "firebase/firestore";
import { TeamkitListenError } from "./errors.ts";

export type ReaderState<T> =
  | { status: "loading"; data: undefined; error: undefined }
  | { status: "ready"; data: T; error: undefined; fromCache: boolean }
  | { status: "access-lost"; data: T | undefined; error: TeamkitListenError }
  | { status: "error"; data: T | undefined; error: TeamkitListenError };

export type ReaderStatus = ReaderState<unknown>["status"];

/** A lazy store: the listener runs while somebody subscribes. */
export interface Live<T> {
  subscribe(onChange: () => void): () => void;
  /** The same object until something changes (what useSyncExternalStore needs). */
  getState(): ReaderState<T>;
}

export const LOADING: ReaderState<never> = Object.freeze({
  status: "loading",
  data: undefined,
  error: undefined,
}) as ReaderState<never>;

export function ready<T>(data: T, fromCache = false): ReaderState<T> {
  return { status: "ready", data, error: undefined, fromCache };
}

/** The state a Firestore listener error leaves behind, keeping the last data seen. */
export function failed<T>(error: FirestoreError | TeamkitListenError, data: T | undefined): ReaderState<T> {
  const listenError =
    error instanceof TeamkitListenError ? error : new TeamkitListenError(error.code, error.message);
  return listenError.code === "permission-denied"
    ? { status: "access-lost", data, error: listenError }
    : { status: "error", data, error: listenError };
}

export type Emit<T> = (state: ReaderState<T>) => void;

/** A store whose listener `start` opens on the first subscriber and closes after the last. */
export class Store<T> implements Live<T> {
  private state: ReaderState<T> = LOADING;
  private readonly listeners = new Set<() => void>();
  private stop: (() => void) | undefined;
  private readonly start: (emit: Emit<T>) => () => void;

  constructor(start: (emit: Emit<T>) => () => void) {
    this.start = start;
  }

  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange);
    if (this.listeners.size === 1) this.open();
    return () => {
      if (!this.listeners.delete(onChange) || this.listeners.size > 0) return;
      const stop = this.stop;
      this.stop = undefined;
      stop?.();
    };
  };

  getState = (): ReaderState<T> => this.state;

  private open(): void {
    let closed = false;
    const stop = this.start((state) => {
      if (closed) return;
      this.state = state;
      for (const listener of [...this.listeners]) listener();
    });
    this.stop = () => {
      closed = true;
      stop();
    };
  }
}

/** Calls `onState` with every state of `live` (the current one first); returns unsubscribe. */
export function watch<T>(live: Live<T>, onState: (state: ReaderState<T>) => void): () => void {
  let last: ReaderState<T> | undefined;
  const unsubscribe = live.subscribe(() => {
    const state = live.getState();
    if (state !== last) onState((last = state));
  });
  const state = live.getState();
  if (state !== last) onState((last = state));
  return unsubscribe;
}

/** Resolves with the first state `live` reaches that `accept` accepts (tests, scripts). */
export function until<T>(
  live: Live<T>,
  accept: (state: ReaderState<T>) => boolean,
  timeoutMs = 15000,
): Promise<ReaderState<T>> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      unsubscribe?.();
      reject(new Error(`timed out; last state ${JSON.stringify(live.getState().status)}`));
    }, timeoutMs);
    unsubscribe = watch(live, (state) => {
      if (done || !accept(state)) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe?.());
      resolve(state);
    });
    if (done) unsubscribe();
  });
}

/** Receives how many documents the server sent a listener (what Firestore bills as reads). */
export type ReadCounter = (documents: number) => void;

/** Documents the server sent with this query snapshot: its changes (a listen resumed within
 * 30 minutes is billed only those), or 1 for an empty first answer (Firestore bills a query
 * that matches nothing one read). */
export function queryReads(snapshot: QuerySnapshot, first: boolean): number {
  if (snapshot.metadata.fromCache) return 0;
  if (first && snapshot.empty) return 1;
  return snapshot.docChanges().filter((change) => change.type !== "removed").length;
}

/** A document listener mapped by `map` (null when the document does not exist). */
export function docListener<T>(
  ref: DocumentReference,
  map: (snapshot: DocumentSnapshot) => T,
  count: ReadCounter = () => {},
): (emit: Emit<T>) => () => void {
  return (emit) => {
    let data: T | undefined;
    return onSnapshot(
      ref,
      (snapshot) => {
        if (!snapshot.metadata.fromCache) count(1);
        data = map(snapshot);
        emit(ready(data, snapshot.metadata.fromCache));
      },
      (error) => emit(failed(error, data)),
    );
  };
}

/** A query listener mapped by `map`. */
export function queryListener<T>(
  query: Query,
  map: (docs: QueryDocumentSnapshot[]) => T,
  count: ReadCounter = () => {},
): (emit: Emit<T>) => () => void {
  return (emit) => {
    let data: T | undefined;
    let first = true;
    return onSnapshot(
      query,
      (snapshot) => {
        count(queryReads(snapshot, first));
        if (!snapshot.metadata.fromCache) first = false;
        data = map(snapshot.docs);
        emit(ready(data, snapshot.metadata.fromCache));
      },
      (error) => emit(failed(error, data)),
    );
  };
}
