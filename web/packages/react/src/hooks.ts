/** Hooks on useSyncExternalStore over @teamkit/client's readers. A hook given `null` for an id
 * (or used while nobody is signed in) reports "loading" and opens no listener. */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import {
  LOADING,
  allows,
  authState,
  seatsOf,
  type Action,
  type AuthUserState,
  type EntityKind,
  type EntityOf,
  type EventsOptions,
  type Invite,
  type InviteLink,
  type JoinRequest,
  type Live,
  type Member,
  type MembersOptions,
  type MyTeam,
  type NotificationsData,
  type Page,
  type Paged,
  type ReaderState,
  type Role,
  type Seats,
  type Team,
  type TeamEvent,
  type UserProfile,
} from "@teamkit/client";
import { useCached, useTeamkit } from "./context.tsx";

const noSubscribe = () => () => {};
const loading = () => LOADING;

/** The state of any Live reader (null: loading, no listener). */
export function useLive<T>(live: Live<T> | null): ReaderState<T> {
  return useSyncExternalStore(live ? live.subscribe : noSubscribe, live ? live.getState : loading, live ? live.getState : loading) as ReaderState<T>;
}

/** The signed-in Firebase user (new state on sign-in, sign-out and ID token refresh). */
export function useAuthUser(): AuthUserState {
  const store = authState(useTeamkit().auth);
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

export interface Claims {
  /** The platform administrator claim (set with the Admin SDK; firestore.rules read it). */
  superAdmin: boolean;
  /** The token's `email_verified` (what the rules and functions check). */
  emailVerified: boolean;
  /** Every claim of the ID token. */
  all: Record<string, unknown>;
}

/** The signed-in user's ID token claims, typed for the ones teamkit uses. */
export function useClaims(): Claims {
  const { claims } = useAuthUser();
  return useMemo(
    () => ({ superAdmin: claims.superAdmin === true, emailVerified: claims.email_verified === true, all: claims }),
    [claims],
  );
}

/** Every team, by name: the platform administrator's list (pass `enabled` false for others,
 * whose listener the rules refuse). */
export function useAllTeams(enabled = true, options: { limit?: number } = {}): ReaderState<Team[]> {
  const uid = useUid();
  const max = options.limit;
  return useLive(useCached(enabled && uid ? `allTeams:${uid}:${max ?? ""}` : null, (t) => t.allTeams({ limit: max })));
}

function useUid(): string | null {
  const { user } = useAuthUser();
  return user?.uid ?? null;
}

/** users/{me}. */
export function useProfile(): ReaderState<UserProfile | null> {
  const uid = useUid();
  return useLive(useCached(uid && `profile:${uid}`, (t) => t.profile()));
}

/** The teams I belong to, each with my role and the team document. */
export function useMyTeams(): ReaderState<MyTeam[]> {
  const uid = useUid();
  return useLive(useCached(uid && `myTeams:${uid}`, (t) => t.myTeams()));
}

/** teams/{teamId}. */
export function useTeam(teamId: string | null): ReaderState<Team | null> {
  const uid = useUid();
  return useLive(useCached(uid && teamId && `team:${uid}:${teamId}`, (t) => t.team(teamId as string)));
}

export interface Permissions {
  status: ReaderState<unknown>["status"];
  /** My role in the team (null: not a member, or not known yet). */
  role: Role | null;
  can(action: Action): boolean;
}

/** My role in a team and what it allows (the generated permission table). */
export function usePermissions(teamId: string | null): Permissions {
  const teams = useMyTeams();
  const role = (teamId && teams.data?.find((entry) => entry.teamId === teamId)?.role) || null;
  return useMemo(() => ({ status: teams.status, role, can: (action: Action) => allows(role, action) }), [teams.status, role]);
}

export interface CurrentTeam extends Permissions {
  /** users/{me}.currentTeamId when I am still in that team, else the first of my teams, else null. */
  teamId: string | null;
  team: Team | null;
  /** Members plus pending invites against the seat limit (null until the team is known). */
  seats: Seats | null;
  switchTeam(teamId: string): Promise<void>;
}

/** The current team: my role in it, what I may do, its seats, and how to switch. */
export function useCurrentTeam(): CurrentTeam {
  const teamkit = useTeamkit();
  const profile = useProfile();
  const teams = useMyTeams();
  const wanted = profile.data?.currentTeamId ?? null;
  const entry = teams.data?.find((t) => t.teamId === wanted) ?? teams.data?.[0];
  const teamId = entry?.teamId ?? null;
  const role = entry?.role ?? null;
  const team = entry?.team ?? null;
  const status = profile.status === "ready" ? teams.status : profile.status === "loading" ? "loading" : profile.status;
  const switchTeam = useCallback(async (id: string) => {
    await teamkit.switchTeam({ teamId: id });
  }, [teamkit]);
  return useMemo(
    () => ({
      status,
      teamId,
      team,
      role,
      can: (action: Action) => allows(role, action),
      seats: team ? seatsOf(team) : null,
      switchTeam,
    }),
    [status, teamId, team, role, switchTeam],
  );
}

export type PagedState<T> = ReaderState<Page<T>> & { loadMore(): void };

function usePaged<T>(live: Paged<T> | null): PagedState<T> {
  const state = useLive(live);
  const loadMore = useCallback(() => live?.loadMore(), [live]);
  return useMemo(() => ({ ...state, loadMore }), [state, loadMore]);
}

export type MembersState = PagedState<Member> & {
  /** Shows members whose orderBy field starts with `prefix` ("" shows all), once typing pauses
   * for SEARCH_DEBOUNCE_MS (the list shows the last search's answer until then). */
  search(prefix: string): void;
  query: string;
};

/** How long useMembers waits after the last change of the search before it queries: typing a
 * name opens one query, not one per keystroke. */
export const SEARCH_DEBOUNCE_MS = 250;

/** `value`, once it has stayed the same for `delayMs`. */
function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** A team's members, first page live, more with loadMore(), prefix search with search(). */
export function useMembers(teamId: string | null, options: Omit<MembersOptions, "search"> = {}): MembersState {
  const uid = useUid();
  const [query, setQuery] = useState("");
  const field = options.orderBy ?? "email";
  const typed = field === "email" ? query.trim().toLowerCase() : query.trim();
  const search = useSettled(typed, SEARCH_DEBOUNCE_MS);
  const key = uid && teamId && `members:${uid}:${teamId}:${field}:${options.pageSize ?? ""}:${search}`;
  const live = useCached(key, (t) => t.members(teamId as string, { ...options, ...(search ? { search } : {}) }));
  const paged = usePaged(live);
  return useMemo(() => ({ ...paged, search: setQuery, query }), [paged, query]);
}

/** A team's pending invites (owners and admins). */
export function useInvites(teamId: string | null): ReaderState<Invite[]> {
  const uid = useUid();
  return useLive(useCached(uid && teamId && `invites:${uid}:${teamId}`, (t) => t.invites(teamId as string)));
}

/** A team's active invite links, newest first (owners and admins). */
export function useInviteLinks(teamId: string | null): ReaderState<InviteLink[]> {
  const uid = useUid();
  return useLive(useCached(uid && teamId && `links:${uid}:${teamId}`, (t) => t.links(teamId as string)));
}

/** A team's pending join requests, newest first (owners and admins). */
export function useJoinRequests(teamId: string | null): ReaderState<JoinRequest[]> {
  const uid = useUid();
  return useLive(useCached(uid && teamId && `joinRequests:${uid}:${teamId}`, (t) => t.joinRequests(teamId as string)));
}

/** Pending invites addressed to my verified email. */
export function useMyInvites(): ReaderState<Invite[]> {
  const { user } = useAuthUser();
  const key = user && `myInvites:${user.uid}:${user.email ?? ""}:${user.emailVerified}`;
  return useLive(useCached(key, (t) => t.myInvites()));
}

/** A team's event log, newest first (owners and admins). */
export function useEvents(teamId: string | null, options: EventsOptions = {}): PagedState<TeamEvent> {
  const uid = useUid();
  const key = uid && teamId && `events:${uid}:${teamId}:${options.pageSize ?? ""}`;
  return usePaged(useCached(key, (t) => t.events(teamId as string, options)));
}

export type NotificationsState = ReaderState<NotificationsData> & {
  markRead(notificationId: string): Promise<void>;
  markAllRead(): Promise<number>;
};

/** My notifications, newest first, with the unread count. */
export function useNotifications(options: { pageSize?: number } = {}): NotificationsState {
  const teamkit = useTeamkit();
  const uid = useUid();
  const state = useLive(useCached(uid && `notifications:${uid}:${options.pageSize ?? ""}`, (t) => t.notifications(options)));
  return useMemo(
    () => ({
      ...state,
      markRead: (id: string) => teamkit.markNotificationRead(id),
      markAllRead: () => teamkit.markAllNotificationsRead(),
    }),
    [state, teamkit],
  );
}

/** Workspace entities of a team: shared in it, or mine. */
export function useEntities<K extends EntityKind>(kind: K, teamId: string | null, scope: "shared" | "mine"): ReaderState<EntityOf<K>[]> {
  const uid = useUid();
  return useLive(useCached(uid && teamId && `entities:${uid}:${kind}:${teamId}:${scope}`, (t) => t.entities(kind, teamId as string, scope)));
}

export interface Mutation<A extends unknown[], R> {
  /** Runs `fn`; never rejects: on failure it resolves undefined and sets `error`. */
  run(...args: A): Promise<R | undefined>;
  pending: boolean;
  error: Error | null;
  data: R | undefined;
  reset(): void;
}

/** Pending and error state around one async call (e.g. `teamkit.inviteMember`). The result
 * also arrives through the listeners: there is no cache to update. */
export function useMutation<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Mutation<A, R> {
  const [state, setState] = useState<{ pending: boolean; error: Error | null; data: R | undefined }>({
    pending: false,
    error: null,
    data: undefined,
  });
  const latest = useRef(fn);
  latest.current = fn;
  const calls = useRef(0);
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    const call = ++calls.current;
    setState({ pending: true, error: null, data: undefined });
    try {
      const data = await latest.current(...args);
      if (call === calls.current) setState({ pending: false, error: null, data });
      return data;
    } catch (error) {
      if (call === calls.current) {
        setState({ pending: false, error: error instanceof Error ? error : new Error(String(error)), data: undefined });
      }
      return undefined;
    }
  }, []);
  const reset = useCallback(() => {
    calls.current++;
    setState({ pending: false, error: null, data: undefined });
  }, []);
  return useMemo(() => ({ ...state, run, reset }), [state, run, reset]);
}
