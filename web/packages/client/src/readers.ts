/** Typed real-time readers: exactly the queries firestore.rules and firestore.indexes.json allow
 * (README "What clients read"; each has a rules test in tests/rules/test_client_queries.py). */
import {
  collection,
  collectionGroup,
  doc,
  limit,
  onSnapshot,
  orderBy,
  query,
  startAfter,
  where,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type QueryConstraint,
  type QueryDocumentSnapshot,
} from "firebase/firestore";
import type { CollectionNames } from "./collections.ts";
import { TeamkitListenError } from "./errors.ts";
import { PERMISSIONS } from "./permissions.ts";
import {
  fromSnapshot,
  type EntityKind,
  type EntityOf,
  type Invite,
  type InviteLink,
  type JoinRequest,
  type Member,
  type Notification,
  type Role,
  type Team,
  type TeamEvent,
  type UserProfile,
} from "./documents.ts";
import {
  docListener,
  failed,
  LOADING,
  queryListener,
  queryReads,
  ready,
  Store,
  type Emit,
  type Live,
  type ReadCounter,
  type ReaderState,
} from "./live.ts";

export interface Page<T> {
  items: T[];
  /** Whether the last page was full (another loadMore may find more). */
  hasMore: boolean;
}

/** A live list read in cursor pages: each loadMore() opens one more listener. */
export interface Paged<T> extends Live<Page<T>> {
  loadMore(): void;
}

export interface MyTeam {
  teamId: string;
  role: Role;
  member: Member;
  team: Team | undefined;
}

export interface NotificationsData {
  items: Notification[];
  /** Unread notifications, counted up to UNREAD_CAP. */
  unreadCount: number;
  hasMore: boolean;
}

export const UNREAD_CAP = 100;
export const DEFAULT_PAGE_SIZE = 50;
/** How many teams allTeams() reads unless told otherwise. */
export const ALL_TEAMS_LIMIT = 500;

export interface MembersOptions {
  pageSize?: number;
  /** The order, and the field `search` matches a prefix of (default "email"). */
  orderBy?: "email" | "displayName";
  /** A prefix of the orderBy field (emails are stored lower-case; display names as written). */
  search?: string;
}

export interface EventsOptions {
  pageSize?: number;
}

class PagedStore<T> extends Store<Page<T>> implements Paged<T> {
  private more: (() => void) | undefined;
  /** Pages asked for; kept when the listeners close, so a reopened store reads as many. */
  private wanted = 1;

  constructor(
    base: Query,
    pageSize: number,
    map: (snapshot: QueryDocumentSnapshot) => T,
    count: ReadCounter,
    wrap: (start: (emit: Emit<Page<T>>) => () => void) => (emit: Emit<Page<T>>) => () => void = (start) => start,
  ) {
    super(wrap((emit) => {
      const pages: { docs: QueryDocumentSnapshot[]; loaded: boolean; fromCache: boolean; stop: () => void }[] = [];
      let data: Page<T> | undefined;
      let ended = false;
      const full = (page: (typeof pages)[number] | undefined) => page !== undefined && page.loaded && page.docs.length >= pageSize;
      const publish = () => {
        if (ended || pages.some((page) => !page.loaded)) return;
        const last = pages[pages.length - 1];
        // The next page's cursor is the last document of this one as the server has it (a page
        // answered from the cache first may hold other documents than the server's).
        if (pages.length < this.wanted && full(last) && !last!.fromCache) {
          open(last!.docs[last!.docs.length - 1]);
          return;
        }
        const seen = new Set<string>();
        const items: T[] = [];
        for (const page of pages) {
          for (const snapshot of page.docs) {
            if (seen.has(snapshot.ref.path)) continue;
            seen.add(snapshot.ref.path);
            items.push(map(snapshot));
          }
        }
        data = { items, hasMore: full(last) };
        emit(ready(data, pages.some((page) => page.fromCache)));
      };
      const open = (after: QueryDocumentSnapshot | undefined) => {
        const page = { docs: [] as QueryDocumentSnapshot[], loaded: false, fromCache: false, stop: () => {} };
        let first = true;
        pages.push(page);
        const pageQuery = after ? query(base, startAfter(after), limit(pageSize)) : query(base, limit(pageSize));
        // With metadata changes: the flip from the cache's answer to the server's may change
        // no document, and the next page waits for it.
        page.stop = onSnapshot(
          pageQuery,
          { includeMetadataChanges: true },
          (snapshot) => {
            count(queryReads(snapshot, first));
            if (!snapshot.metadata.fromCache) first = false;
            page.docs = snapshot.docs;
            page.loaded = true;
            page.fromCache = snapshot.metadata.fromCache;
            publish();
          },
          (error) => {
            if (ended) return;
            ended = true;
            emit(failed(error, data));
          },
        );
      };
      this.more = () => {
        const last = pages[pages.length - 1];
        if (ended || !full(last)) return;
        this.wanted = pages.length + 1;
        if (!last!.fromCache) open(last!.docs[last!.docs.length - 1]);
      };
      open(undefined);
      return () => {
        ended = true;
        this.more = undefined;
        for (const page of pages) page.stop();
      };
    }));
  }

  /** Opens one more page (when the last one is full); remembered while nobody listens. */
  loadMore = (): void => {
    if (this.more) this.more();
    else this.wanted++;
  };
}

/** Firestore re-checks rules only when it sends a document: a listener on data that does not
 * change (invites, workspace entities) would keep a removed member's last view forever. This
 * wraps such a listener with one on my own member document (readable by me whatever my role)
 * and ends in "access-lost" when it is gone or its role no longer reads the data. */
function guarded<T>(
  memberRef: DocumentReference,
  roles: readonly string[],
  inner: (emit: Emit<T>) => () => void,
  count: ReadCounter,
  onTeamLost: (lose: () => void) => () => void,
): (emit: Emit<T>) => () => void {
  return (emit) => {
    let lost = false;
    let last: ReaderState<T> = LOADING;
    let stopInner: (() => void) | undefined = inner((state) => {
      if (lost) return;
      last = state;
      emit(state);
    });
    const lose = () => {
      if (lost) return;
      lost = true;
      stopInner?.();
      stopInner = undefined;
      emit(failed(new TeamkitListenError("permission-denied", "You no longer have access to this team's data."), last.data));
    };
    const stopGuard = onSnapshot(
      memberRef,
      (snapshot) => {
        if (!snapshot.metadata.fromCache) count(1);
        const role = snapshot.get("role") as string | undefined;
        if (!snapshot.exists() || !role || !roles.includes(role)) lose();
      },
      lose,
    );
    // Seen on the emulator: while a query of the team's members is open, the deletion of my
    // member document reaches that query (refused) but not this document listener. The team
    // and members readers report their refusal to every guard of the team instead.
    const stopBus = onTeamLost(lose);
    return () => {
      lost = true;
      stopBus();
      stopGuard();
      stopInner?.();
    };
  };
}

function requireUid(uid: string | undefined): string {
  if (!uid) throw new Error("teamkit: sign in first (this reader reads the signed-in user's data)");
  return uid;
}

/** The readers of one Firestore instance for the signed-in user (`currentUid` asked each time). */
export class Readers {
  /** Guards of each team's readers, told when a reader that every member may read is refused. */
  private readonly guards = new Map<string, Set<() => void>>();
  private readonly db: Firestore;
  private readonly currentUser: () => { uid: string; email: string | null; emailVerified: boolean } | null;
  private readonly count: ReadCounter;
  private readonly names: CollectionNames;

  constructor(
    db: Firestore,
    currentUser: () => { uid: string; email: string | null; emailVerified: boolean } | null,
    names: CollectionNames,
    count: ReadCounter = () => {},
  ) {
    this.db = db;
    this.currentUser = currentUser;
    this.names = names;
    this.count = count;
  }

  private onTeamLost(teamId: string): (lose: () => void) => () => void {
    return (lose) => {
      let set = this.guards.get(teamId);
      if (!set) this.guards.set(teamId, (set = new Set()));
      set.add(lose);
      return () => {
        set.delete(lose);
        if (set.size === 0) this.guards.delete(teamId);
      };
    };
  }

  /** Wraps the listener of a reader every member may read: its refusal means I left the team. */
  private reportingLoss<T>(teamId: string, start: (emit: Emit<T>) => () => void): (emit: Emit<T>) => () => void {
    return (emit) =>
      start((state) => {
        emit(state);
        if (state.status === "access-lost") for (const lose of [...(this.guards.get(teamId) ?? [])]) lose();
      });
  }

  private guard<T>(teamId: string, roles: readonly string[], listen: (emit: Emit<T>) => () => void): Live<T> {
    const uid = requireUid(this.currentUser()?.uid);
    const memberRef = doc(this.db, this.names.teams, teamId, this.names.members, uid);
    return new Store(guarded(memberRef, roles, listen, this.count, this.onTeamLost(teamId)));
  }

  /** users/{uid}: displayName, currentTeamId, notificationPrefs (null until it exists). */
  profile(): Live<UserProfile | null> {
    const uid = requireUid(this.currentUser()?.uid);
    return new Store(
      docListener(doc(this.db, this.names.users, uid), (s) => (s.exists() ? fromSnapshot<UserProfile>(s) : null), this.count),
    );
  }

  /** teams/{teamId} (null if it does not exist; access-lost if I am not a member). */
  team(teamId: string): Live<Team | null> {
    const listen = docListener(doc(this.db, this.names.teams, teamId), (s) => (s.exists() ? fromSnapshot<Team>(s) : null), this.count);
    return new Store(this.reportingLoss(teamId, listen));
  }

  /** My memberships (collection group `members` where uid == me), each with its team document;
   * sorted by team name; deleted teams left out. */
  myTeams(): Live<MyTeam[]> {
    const uid = requireUid(this.currentUser()?.uid);
    const { db, names, count } = this;
    return new Store<MyTeam[]>((emit) => {
      const teams = new Map<string, { team: Team | undefined | null; loaded: boolean; stop: () => void }>();
      let members: Member[] | undefined;
      let data: MyTeam[] | undefined;
      let ended = false;
      let fromCache = false;
      const publish = () => {
        if (ended || !members) return;
        if (members.some((m) => !teams.get(m.teamId)?.loaded)) return;
        data = members
          .map((member) => ({ teamId: member.teamId, role: member.role, member, team: teams.get(member.teamId)?.team ?? undefined }))
          .filter((entry) => entry.team !== undefined && entry.team.status !== "deleted")
          .sort((a, b) => (a.team?.name ?? "").localeCompare(b.team?.name ?? "") || a.teamId.localeCompare(b.teamId));
        emit(ready(data, fromCache));
      };
      let first = true;
      const stopMembers = onSnapshot(
        query(collectionGroup(db, names.members), where("uid", "==", uid)),
        (snapshot) => {
          count(queryReads(snapshot, first));
          if (!snapshot.metadata.fromCache) first = false;
          fromCache = snapshot.metadata.fromCache;
          members = snapshot.docs.map((s) => {
            const member = fromSnapshot<Member>(s);
            return { ...member, teamId: member.teamId || (s.ref.parent.parent?.id ?? "") };
          });
          const wanted = new Set(members.map((m) => m.teamId));
          for (const [teamId, entry] of teams) {
            if (!wanted.has(teamId)) {
              entry.stop();
              teams.delete(teamId);
            }
          }
          for (const teamId of wanted) {
            if (teams.has(teamId)) continue;
            const entry = { team: undefined as Team | undefined | null, loaded: false, stop: () => {} };
            teams.set(teamId, entry);
            entry.stop = onSnapshot(
              doc(db, names.teams, teamId),
              (s: DocumentSnapshot) => {
                if (!s.metadata.fromCache) count(1);
                entry.team = s.exists() ? fromSnapshot<Team>(s) : null;
                entry.loaded = true;
                publish();
              },
              () => {
                // Removed from this team: the membership listener drops it next.
                entry.team = null;
                entry.loaded = true;
                publish();
              },
            );
          }
          publish();
        },
        (error) => {
          if (ended) return;
          ended = true;
          emit(failed(error, data));
        },
      );
      return () => {
        ended = true;
        stopMembers();
        for (const entry of teams.values()) entry.stop();
      };
    });
  }

  /** Every team, by name (superAdmins only: firestore.rules allow `list` on teams/ to nobody
   * else; anyone else's listener ends in "access-lost"). Deleted teams included (status). */
  allTeams(options: { limit?: number } = {}): Live<Team[]> {
    requireUid(this.currentUser()?.uid);
    const q = query(collection(this.db, this.names.teams), orderBy("name"), limit(options.limit ?? ALL_TEAMS_LIMIT));
    return new Store(queryListener(q, (docs) => docs.map((s) => fromSnapshot<Team>(s)), this.count));
  }

  /** A team's members in cursor pages, ordered by email or display name, optionally by prefix. */
  members(teamId: string, options: MembersOptions = {}): Paged<Member> {
    const field = options.orderBy ?? "email";
    const constraints: QueryConstraint[] = [orderBy(field)];
    // A prefix is a range on the ordered field (tests/rules/test_sdk_queries.py runs the same).
    if (options.search) constraints.push(where(field, ">=", options.search), where(field, "<=", `${options.search}\uf8ff`));
    const base = query(collection(this.db, this.names.teams, teamId, this.names.members), ...constraints);
    return new PagedStore(base, options.pageSize ?? DEFAULT_PAGE_SIZE, (s) => fromSnapshot<Member>(s), this.count, (start) =>
      this.reportingLoss(teamId, start),
    );
  }

  /** A team's pending invites (owners and admins), by email. */
  invites(teamId: string): Live<Invite[]> {
    const q = query(collection(this.db, this.names.teams, teamId, this.names.invites), where("status", "==", "pending"));
    const listen = queryListener(
      q,
      (docs) => docs.map((s) => fromSnapshot<Invite>(s)).sort((a, b) => a.email.localeCompare(b.email)),
      this.count,
    );
    return this.guard(teamId, PERMISSIONS.readInvites, listen);
  }

  /** A team's active invite links, newest first (owners and admins; no tokens: those are
   * shown once, by createInviteLink). Expired links stay active until used or swept: compare
   * `expiresAt` to show them as expired. */
  links(teamId: string): Live<InviteLink[]> {
    const q = query(collection(this.db, this.names.teams, teamId, this.names.links), where("status", "==", "active"), orderBy("createdAt", "desc"));
    const listen = queryListener(q, (docs) => docs.map((s) => fromSnapshot<InviteLink>(s)), this.count);
    return this.guard(teamId, PERMISSIONS.manageLinks, listen);
  }

  /** A team's pending join requests, newest first (owners and admins). */
  joinRequests(teamId: string): Live<JoinRequest[]> {
    const q = query(collection(this.db, this.names.teams, teamId, this.names.joinRequests), where("status", "==", "pending"), orderBy("createdAt", "desc"));
    const listen = queryListener(q, (docs) => docs.map((s) => fromSnapshot<JoinRequest>(s)), this.count);
    return this.guard(teamId, PERMISSIONS.reviewJoinRequests, listen);
  }

  /** Pending invites addressed to my verified email (ready and empty while it is unverified). */
  myInvites(): Live<Invite[]> {
    const user = this.currentUser();
    requireUid(user?.uid);
    const email = user?.email?.toLowerCase();
    if (!user?.emailVerified || !email) {
      return new Store<Invite[]>((emit) => {
        emit(ready([]));
        return () => {};
      });
    }
    const q = query(collectionGroup(this.db, this.names.invites), where("email", "==", email), where("status", "==", "pending"));
    return new Store(queryListener(q, (docs) => docs.map((s) => fromSnapshot<Invite>(s)), this.count));
  }

  /** A team's event log, newest first, in cursor pages (owners and admins). */
  events(teamId: string, options: EventsOptions = {}): Paged<TeamEvent> {
    const base = query(collection(this.db, this.names.teams, teamId, this.names.events), orderBy("at", "desc"));
    return new PagedStore(base, options.pageSize ?? DEFAULT_PAGE_SIZE, (s) => ({
      ...fromSnapshot<TeamEvent>(s),
      teamId,
    }), this.count);
  }

  /** My newest notifications and how many are unread (up to UNREAD_CAP). */
  notifications(options: { pageSize?: number } = {}): Live<NotificationsData> {
    const uid = requireUid(this.currentUser()?.uid);
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const base = collection(this.db, this.names.users, uid, this.names.notifications);
    const latest = query(base, orderBy("createdAt", "desc"), limit(pageSize));
    const unread = query(base, where("read", "==", false), orderBy("createdAt", "desc"), limit(UNREAD_CAP));
    const count = this.count;
    return new Store<NotificationsData>((emit: Emit<NotificationsData>) => {
      const firsts = [true, true];
      let items: Notification[] | undefined;
      let unreadCount: number | undefined;
      let data: NotificationsData | undefined;
      let ended = false;
      let fromCache = false;
      const publish = () => {
        if (ended || items === undefined || unreadCount === undefined) return;
        data = { items, unreadCount, hasMore: items.length >= pageSize };
        emit(ready(data, fromCache));
      };
      const fail = (error: Parameters<typeof failed>[0]) => {
        if (ended) return;
        ended = true;
        emit(failed(error, data));
      };
      const stops = [
        onSnapshot(latest, (s) => {
          count(queryReads(s, firsts[0] as boolean));
          if (!s.metadata.fromCache) firsts[0] = false;
          items = s.docs.map((d) => fromSnapshot<Notification>(d));
          fromCache = s.metadata.fromCache;
          publish();
        }, fail),
        onSnapshot(unread, (s) => {
          count(queryReads(s, firsts[1] as boolean));
          if (!s.metadata.fromCache) firsts[1] = false;
          unreadCount = s.size;
          publish();
        }, fail),
      ];
      return () => {
        ended = true;
        for (const stop of stops) stop();
      };
    });
  }

  /** Workspace entities of a team: the ones shared in it, or mine; newest first. */
  entities<K extends EntityKind>(
    kind: K,
    teamId: string,
    scope: "shared" | "mine",
    options: { limit?: number } = {},
  ): Live<EntityOf<K>[]> {
    const uid = requireUid(this.currentUser()?.uid);
    const filter = scope === "shared" ? where("sharing", "==", "public") : where("ownerUid", "==", uid);
    const q = query(
      collection(this.db, this.names[kind]),
      where("workspaceId", "==", teamId),
      filter,
      orderBy("updatedAt", "desc"),
      limit(options.limit ?? 100),
    );
    const listen = queryListener(q, (docs) => docs.map((s) => ({ ...fromSnapshot<EntityOf<K>>(s), kind })), this.count);
    const roles = scope === "shared" ? PERMISSIONS.readSharedEntities : PERMISSIONS.readTeam;
    return this.guard(teamId, roles, listen);
  }
}

/** The readers as they appear on a Teamkit object. */
export type ReaderMethods = Pick<
  Readers,
  "profile" | "team" | "myTeams" | "members" | "invites" | "links" | "joinRequests" | "myInvites" | "events" | "notifications" | "entities" | "allTeams"
>;

export type { ReaderState };
export { LOADING };
