"""The requests of the rules matrix: every collection of docs/rules.md, every operation (get,
list with the query the docs document, create, update, delete), and who may send each one.

Who may is derived from `teamkit.roles.PERMISSIONS` wherever the table speaks (team, member,
invite, event and workspace-entity access), so the rules are checked against the same table the
use cases enforce rather than against a second hand-written copy; the rest (profiles,
notifications, server-only collections) is stated here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from google.cloud import firestore

from devtools.rules_client import Identity, Outcome, Query, RulesClient
from teamkit import paths, scoped
from teamkit.mail.limits import limit_id_for
from teamkit.roles import Action, Role, allows
from teamkit.scoped import ScopedCollection
from tests.rules.world import (
    ENTITY_CONTENT,
    STRANGER_EMAIL,
    Actor,
    World,
    sample_value,
    scoped_document,
)

SERVER_TIMESTAMPS = ("createdAt", "updatedAt")

Expect = Callable[[Actor], bool]


@dataclass(frozen=True)
class Request:
    """One request of one actor against the world."""

    client: RulesClient
    world: World
    actor: Actor

    @property
    def caller(self) -> Identity | None:
        return self.world.caller(self.actor)

    @property
    def uid(self) -> str:
        return self.world.uid(self.actor)

    @property
    def team(self) -> str:
        return f"teams/{self.world.team_id}"


@dataclass(frozen=True)
class Operation:
    collection: str
    name: str
    run: Callable[[Request], Outcome] = field(repr=False)
    expect: Expect = field(repr=False)
    # Server-side setup the request needs (it changes the world, which is then put back).
    prepare: Callable[[firestore.Client, World, Actor], None] | None = field(
        default=None, repr=False
    )


# ---- Who may: derived from the permission table. ----


def team_roles(action: Action) -> Expect:
    """Members whose role the permission table allows `action`."""
    return lambda actor: allows(actor.role, action)


def team_roles_and_operators(action: Action) -> Expect:
    """As `team_roles`, plus superAdmins wherever an owner may (they read what owners read)."""
    return lambda actor: (
        allows(actor.role, action) or (actor is Actor.SUPER_ADMIN and allows(Role.OWNER, action))
    )


def signed_in(actor: Actor) -> bool:
    return actor is not Actor.SIGNED_OUT


def operators_only(actor: Actor) -> bool:
    return actor is Actor.SUPER_ADMIN


def nobody(actor: Actor) -> bool:
    return False


def team_invite_readers_and_invitee(actor: Actor) -> bool:
    return team_roles_and_operators(Action.READ_INVITES)(actor) or actor is Actor.NON_MEMBER


# ---- The operations. ----


def _profile_operations() -> list[Operation]:
    def delete_own_profile(db: firestore.Client, world: World, actor: Actor) -> None:
        paths.user(db, world.uid(actor)).delete()

    def user(r: Request) -> str:
        return f"users/{r.uid}"

    def author(r: Request) -> str:
        return f"users/{r.world.author.uid}"

    return [
        Operation("users", "get_own", lambda r: r.client.get(r.caller, user(r)), signed_in),
        Operation("users", "get_other", lambda r: r.client.get(r.caller, author(r)), nobody),
        Operation("users", "list", lambda r: r.client.query(r.caller, Query("users")), nobody),
        Operation(
            "users",
            "create_own",
            lambda r: r.client.create(r.caller, user(r), {"displayName": "Fresh"}),
            nobody,  # functions create profiles: a stale token must not re-create a deleted one
            prepare=delete_own_profile,
        ),
        Operation(
            "users",
            "update_own",
            lambda r: r.client.update(r.caller, user(r), {"displayName": "Renamed"}),
            signed_in,
        ),
        Operation(
            "users",
            "update_other",
            lambda r: r.client.update(r.caller, author(r), {"displayName": "Hijacked"}),
            nobody,
        ),
        Operation("users", "delete_own", lambda r: r.client.delete(r.caller, user(r)), nobody),
    ]


def _notification_operations() -> list[Operation]:
    def own(r: Request) -> str:
        return f"users/{r.uid}/notifications/welcome"

    def others(r: Request) -> str:
        return f"users/{r.world.author.uid}/notifications/welcome"

    inbox = "notifications"
    return [
        Operation(inbox, "get_own", lambda r: r.client.get(r.caller, own(r)), signed_in),
        Operation(inbox, "get_other", lambda r: r.client.get(r.caller, others(r)), nobody),
        Operation(
            inbox,
            "list_own",
            lambda r: r.client.query(
                r.caller,
                Query(inbox, parent=f"users/{r.uid}", order_by=(("createdAt", "desc"),)),
            ),
            signed_in,
        ),
        Operation(
            inbox,
            "create_own",
            lambda r: r.client.create(
                r.caller,
                f"users/{r.uid}/notifications/made-up",
                {"type": "member_added", "teamId": r.world.team_id, "read": False},
            ),
            nobody,
        ),
        Operation(
            inbox,
            "mark_own_read",
            lambda r: r.client.update(r.caller, own(r), {"read": True}),
            signed_in,
        ),
        Operation(
            inbox,
            "mark_other_read",
            lambda r: r.client.update(r.caller, others(r), {"read": True}),
            nobody,
        ),
        Operation(inbox, "delete_own", lambda r: r.client.delete(r.caller, own(r)), signed_in),
    ]


def _team_operations() -> list[Operation]:
    read_team = team_roles_and_operators(Action.READ_TEAM)
    return [
        Operation("teams", "get", lambda r: r.client.get(r.caller, r.team), read_team),
        Operation(
            "teams", "list", lambda r: r.client.query(r.caller, Query("teams")), operators_only
        ),
        Operation(
            "teams",
            "create",
            lambda r: r.client.create(
                r.caller,
                "teams/made-up",
                {"name": "Mine", "status": "active", "memberCount": 1, "ownerCount": 1},
            ),
            nobody,
        ),
        Operation(
            "teams",
            "update",
            lambda r: r.client.update(r.caller, r.team, {"name": "Renamed"}),
            nobody,
        ),
        Operation("teams", "delete", lambda r: r.client.delete(r.caller, r.team), nobody),
    ]


def _member_operations() -> list[Operation]:
    read_team = team_roles_and_operators(Action.READ_TEAM)

    def authors(r: Request) -> str:
        return f"{r.team}/members/{r.world.author.uid}"

    return [
        Operation("members", "get", lambda r: r.client.get(r.caller, authors(r)), read_team),
        Operation(
            "members",
            "list_team",
            lambda r: r.client.query(r.caller, Query("members", parent=r.team)),
            read_team,
        ),
        Operation(
            "members",
            "list_my_memberships",
            lambda r: r.client.query(
                r.caller, Query("members", group=True, where=(("uid", "==", r.uid),))
            ),
            signed_in,
        ),
        Operation(
            "members",
            "create_self_in_other_team",
            lambda r: r.client.create(
                r.caller,
                f"teams/{r.world.other_team_id}/members/{r.uid}",
                {"uid": r.uid, "teamId": r.world.other_team_id, "role": "owner"},
            ),
            nobody,
        ),
        Operation(
            "members",
            "update_role",
            lambda r: r.client.update(r.caller, authors(r), {"role": "owner"}),
            nobody,
        ),
        Operation("members", "delete", lambda r: r.client.delete(r.caller, authors(r)), nobody),
    ]


def _invite_operations() -> list[Operation]:
    read_invites = team_roles_and_operators(Action.READ_INVITES)

    def strangers(r: Request) -> str:
        return f"{r.team}/invites/{r.world.stranger_invite_id}"

    def invitees(r: Request) -> str:
        return f"{r.team}/invites/{r.world.invitee_invite_id}"

    return [
        Operation("invites", "get", lambda r: r.client.get(r.caller, strangers(r)), read_invites),
        Operation(
            "invites",
            "get_the_invitees",
            lambda r: r.client.get(r.caller, invitees(r)),
            team_invite_readers_and_invitee,
        ),
        Operation(
            "invites",
            "list_team_pending",
            lambda r: r.client.query(
                r.caller,
                Query("invites", parent=r.team, where=(("status", "==", "pending"),)),
            ),
            read_invites,
        ),
        Operation(
            "invites",
            "list_invites_for_me",
            lambda r: r.client.query(
                r.caller,
                Query(
                    "invites",
                    group=True,
                    where=(("email", "==", r.world.email(r.actor)), ("status", "==", "pending")),
                ),
            ),
            signed_in,
        ),
        Operation(
            "invites",
            "create",
            lambda r: r.client.create(
                r.caller,
                f"{r.team}/invites/made-up",
                {"teamId": r.world.team_id, "email": "friend@example.com", "role": "owner"},
            ),
            nobody,
        ),
        Operation(
            "invites",
            "accept_by_writing",
            lambda r: r.client.update(r.caller, invitees(r), {"status": "accepted"}),
            nobody,
        ),
        Operation("invites", "delete", lambda r: r.client.delete(r.caller, strangers(r)), nobody),
    ]


def _event_operations() -> list[Operation]:
    read_events = team_roles_and_operators(Action.READ_EVENTS)

    def event(r: Request) -> str:
        return f"{r.team}/events/{r.world.event_id}"

    return [
        Operation("events", "get", lambda r: r.client.get(r.caller, event(r)), read_events),
        Operation(
            "events",
            "list_log",
            lambda r: r.client.query(
                r.caller, Query("events", parent=r.team, order_by=(("at", "desc"),))
            ),
            read_events,
        ),
        Operation(
            "events",
            "create",
            lambda r: r.client.create(
                r.caller, f"{r.team}/events/made-up", {"type": "role_changed", "role": "owner"}
            ),
            nobody,
        ),
        Operation(
            "events",
            "update",
            lambda r: r.client.update(r.caller, event(r), {"actorUid": r.uid}),
            nobody,
        ),
        Operation("events", "delete", lambda r: r.client.delete(r.caller, event(r)), nobody),
    ]


def _link_operations() -> list[Operation]:
    manage_links = team_roles_and_operators(Action.MANAGE_LINKS)

    def link(r: Request) -> str:
        return f"{r.team}/links/{r.world.link_id}"

    return [
        Operation("links", "get", lambda r: r.client.get(r.caller, link(r)), manage_links),
        Operation(
            "links",
            "list_team_active",
            lambda r: r.client.query(r.caller, active_links_query(r.team)),
            manage_links,
        ),
        Operation(
            "links",
            "create",
            lambda r: r.client.create(
                r.caller,
                f"{r.team}/links/made-up",
                {"teamId": r.world.team_id, "role": "admin", "status": "active", "uses": 0},
            ),
            nobody,
        ),
        Operation(
            "links",
            "update_uses",
            lambda r: r.client.update(r.caller, link(r), {"uses": 0, "maxUses": None}),
            nobody,
        ),
        Operation("links", "delete", lambda r: r.client.delete(r.caller, link(r)), nobody),
    ]


def active_links_query(team: str) -> Query:
    """A team's active invite links, newest first (the documented client query)."""
    return Query(
        "links",
        parent=team,
        where=(("status", "==", "active"),),
        order_by=(("createdAt", "desc"),),
    )


def pending_join_requests_query(team: str) -> Query:
    """A team's pending join requests, newest first (the documented client query)."""
    return Query(
        "joinRequests",
        parent=team,
        where=(("status", "==", "pending"),),
        order_by=(("createdAt", "desc"),),
    )


def my_join_requests_query(uid: str) -> Query:
    return Query("joinRequests", group=True, where=(("uid", "==", uid),))


def team_request_reviewers_and_requester(actor: Actor) -> bool:
    review = team_roles_and_operators(Action.REVIEW_JOIN_REQUESTS)
    return review(actor) or actor is Actor.NON_MEMBER


def _join_request_operations() -> list[Operation]:
    review = team_roles_and_operators(Action.REVIEW_JOIN_REQUESTS)

    def requesters(r: Request) -> str:
        return f"{r.team}/joinRequests/{r.world.uid(Actor.NON_MEMBER)}"

    def own(r: Request) -> str:
        return f"{r.team}/joinRequests/{r.uid}"

    return [
        Operation(
            "joinRequests",
            "get_the_requesters",
            lambda r: r.client.get(r.caller, requesters(r)),
            team_request_reviewers_and_requester,
        ),
        Operation(
            "joinRequests",
            "list_team_pending",
            lambda r: r.client.query(r.caller, pending_join_requests_query(r.team)),
            review,
        ),
        Operation(
            "joinRequests",
            "list_my_requests",
            lambda r: r.client.query(r.caller, my_join_requests_query(r.uid)),
            signed_in,
        ),
        Operation(
            "joinRequests",
            "create_own",
            lambda r: r.client.create(
                r.caller,
                f"teams/{r.world.other_team_id}/joinRequests/{r.uid}",
                {"uid": r.uid, "teamId": r.world.other_team_id, "status": "pending"},
            ),
            nobody,
        ),
        Operation(
            "joinRequests",
            "approve_by_writing",
            lambda r: r.client.update(r.caller, requesters(r), {"status": "approved"}),
            nobody,
        ),
        Operation(
            "joinRequests", "delete_own", lambda r: r.client.delete(r.caller, own(r)), nobody
        ),
    ]


def _server_only_operations() -> list[Operation]:
    """Collections no client touches: (path of a world document, a tempting change)."""
    far_future = datetime.now(UTC) + timedelta(days=3650)
    targets: dict[str, tuple[Callable[[World], str], dict[str, object]]] = {
        "inviteTokens": (lambda w: f"inviteTokens/{w.token_hash}", {"expiresAt": far_future}),
        "eventSecrets": (lambda w: f"eventSecrets/{w.secret_id}", {"expiresAt": far_future}),
        "linkTokens": (
            lambda w: f"linkTokens/{w.link_token_hash}",
            {"teamId": "somebody-elses", "expiresAt": far_future},
        ),
        "rateLimits": (lambda w: f"rateLimits/{w.rate_limit_id}", {"hits": []}),
        "requestRecords": (  # a forged answer would be replayed to its caller
            lambda w: f"requestRecords/{w.request_record_id}",
            {"answer": {"teamId": "somebody-elses"}},
        ),
        "mail": (lambda w: f"mail/{w.mail_id}", {"to": "attacker@example.com"}),
        "stripeEvents": (lambda w: f"stripeEvents/{w.stripe_event_id}", {"handledAt": None}),
        "stripeCustomers": (
            lambda w: f"stripeCustomers/{w.stripe_customer_id}",
            {"teamId": "somebody-elses"},
        ),
        "sessions": (  # reviving one's ended sessions, or ending someone else's
            lambda w: f"sessions/{w.uid(Actor.MEMBER)}",
            {"endedAt": datetime(2000, 1, 1, tzinfo=UTC)},
        ),
        "mailLimits": (  # the invite to the stranger counted one send to their address
            lambda w: f"mailLimits/{limit_id_for(w.team_id, STRANGER_EMAIL)}",
            {"invites": []},
        ),
    }
    operations = []
    for collection, (path_of, change) in targets.items():
        operations += _denied_to_everyone(collection, path_of, change)
    return operations + _removal_block_operations()


def _removal_block_operations() -> list[Operation]:
    """Removal blocks (the world's NON_MEMBER was removed once): nobody reads one, lists them,
    lifts their own or blocks someone else."""

    def block_of(r: Request, uid: str) -> str:
        return f"teams/{r.world.team_id}/blocks/{uid}"

    def removed(r: Request) -> str:
        return block_of(r, r.world.uid(Actor.NON_MEMBER))

    runs: dict[str, Callable[[Request], Outcome]] = {
        "get": lambda r: r.client.get(r.caller, removed(r)),
        "list_team": lambda r: r.client.query(
            r.caller, Query(paths.BLOCKS, parent=f"teams/{r.world.team_id}")
        ),
        "list_all": lambda r: r.client.query(r.caller, Query(paths.BLOCKS, group=True)),
        "lift": lambda r: r.client.delete(r.caller, removed(r)),
        "change": lambda r: r.client.update(r.caller, removed(r), {"blockedBy": r.uid}),
        "block_someone": lambda r: r.client.create(
            r.caller, block_of(r, r.world.uid(Actor.MEMBER)), {"uid": "x"}
        ),
    }
    return [Operation(paths.BLOCKS, name, run, nobody) for name, run in runs.items()]


def _denied_to_everyone(
    collection: str, path_of: Callable[[World], str], change: dict[str, object]
) -> list[Operation]:
    def get(r: Request) -> Outcome:
        return r.client.get(r.caller, path_of(r.world))

    def list_all(r: Request) -> Outcome:
        return r.client.query(r.caller, Query(collection))

    def create(r: Request) -> Outcome:
        return r.client.create(r.caller, f"{collection}/made-up", change)

    def update(r: Request) -> Outcome:
        return r.client.update(r.caller, path_of(r.world), change)

    def delete(r: Request) -> Outcome:
        return r.client.delete(r.caller, path_of(r.world))

    return [
        Operation(collection, name, run, nobody)
        for name, run in (
            ("get", get),
            ("list", list_all),
            ("create", create),
            ("update", update),
            ("delete", delete),
        )
    ]


def new_entity(kind: str, workspace_id: str, owner_uid: str, sharing: str) -> dict[str, object]:
    """A valid new entity, without its timestamps (the client sends server timestamps)."""
    return {
        "workspaceId": workspace_id,
        "ownerUid": owner_uid,
        "sharing": sharing,
        "title": "Draft",
        **ENTITY_CONTENT[kind],
    }


def shared_entities_query(kind: str, team_id: str) -> Query:
    """A team's shared entities, newest first (the documented client query)."""
    return Query(
        kind,
        where=(("workspaceId", "==", team_id), ("sharing", "==", "public")),
        order_by=(("updatedAt", "desc"),),
    )


def own_entities_query(kind: str, team_id: str, uid: str) -> Query:
    """The caller's own entities in a team, newest first (the documented client query)."""
    return Query(
        kind,
        where=(("workspaceId", "==", team_id), ("ownerUid", "==", uid)),
        order_by=(("updatedAt", "desc"),),
    )


def may_read(entry: ScopedCollection, *, own: bool, shared: bool) -> Expect:
    """Who reads an item of `entry` (or runs a query whose every result is one): its author
    while a member of the team, whatever their role; the collection's `read` roles when it is
    shared; superAdmins every shared one."""
    return lambda actor: (
        (actor is Actor.SUPER_ADMIN and shared)
        or (
            (own and allows(actor.role, Action.READ_TEAM))
            or (shared and allows(actor.role, entry.read))
        )
    )


def may_edit(entry: ScopedCollection, *, own: bool, shared: bool) -> Expect:
    """Who edits or deletes an item: its author while their role is in `write`; the `moderate`
    roles when it is shared."""
    return lambda actor: (
        (own and allows(actor.role, entry.write)) or (shared and allows(actor.role, entry.moderate))
    )


def scoped_operations(entry: ScopedCollection) -> list[Operation]:
    """The matrix of one declared collection (`teamkit.scoped`): reading the author's shared
    and private items and one's own, the documented queries, creating, editing and deleting,
    each allowed exactly as the declaration says. The world holds the items (world.py)."""
    name, team, owner = entry.name, entry.team_field, entry.owner_field
    has_private = entry.private is not None
    own_shared = not has_private  # without private items, one's own items are shared ones
    shared_path, private_path = f"{name}/shared", f"{name}/private"
    own_kind = "own_private" if has_private else "own"
    newest = [(field, "desc") for field, spec in entry.fields.items() if spec.set_on == "write"]
    stamped = [field for field, spec in entry.fields.items() if spec.set_on]
    only_shared = (
        ((entry.private.field, "==", entry.private.shared_value),) if entry.private else ()
    )

    def own(r: Request) -> str:
        return r.world.own_entity(name, r.actor)

    def edit(path: Callable[[Request], str]) -> Callable[[Request], Outcome]:
        field, spec = next((f, s) for f, s in entry.fields.items() if not s.set_on)
        value = sample_value(field, spec, datetime.now(UTC))
        changed = f"{value}!"[: spec.max_length] if isinstance(value, str) else value
        return lambda r: r.client.update(
            r.caller,
            path(r),
            {field: changed},
            server_timestamps=[f for f, s in entry.fields.items() if s.set_on == "write"],
        )

    def query(r: Request, *where: tuple[str, str, str]) -> Outcome:
        return r.client.query(
            r.caller,
            Query(name, where=((team, "==", r.world.team_id), *where), order_by=tuple(newest[:1])),
        )

    operations = [
        Operation(
            name,
            "get_shared",
            lambda r: r.client.get(r.caller, shared_path),
            may_read(entry, own=False, shared=True),
        ),
        Operation(
            name,
            f"get_{own_kind}",
            lambda r: r.client.get(r.caller, own(r)),
            may_read(entry, own=True, shared=own_shared),
        ),
        Operation(
            name,
            "list_shared",
            lambda r: query(r, *only_shared),
            may_read(entry, own=False, shared=True),
        ),
        Operation(
            name,
            "list_own",
            lambda r: query(r, (owner, "==", r.uid)),
            may_read(entry, own=True, shared=own_shared),
        ),
        Operation(
            name,
            "list_without_team",
            lambda r: r.client.query(r.caller, Query(name, where=only_shared)),
            nobody,
        ),
        Operation(
            name,
            "create",
            lambda r: r.client.create(
                r.caller,
                f"{name}/new-{r.actor.value}",
                scoped_document(
                    entry,
                    team_id=r.world.team_id,
                    owner_uid=r.uid,
                    shared=True,
                    at=datetime.now(UTC),
                    server_timestamps=True,
                ),
                server_timestamps=stamped,
            ),
            lambda actor: allows(actor.role, entry.write),
        ),
        Operation(name, "update_own", edit(own), may_edit(entry, own=True, shared=own_shared)),
        Operation(
            name,
            "update_others_shared",
            edit(lambda r: shared_path),
            may_edit(entry, own=False, shared=True),
        ),
        Operation(
            name,
            "delete_own",
            lambda r: r.client.delete(r.caller, own(r)),
            may_edit(entry, own=True, shared=own_shared),
        ),
        Operation(
            name,
            "delete_others_shared",
            lambda r: r.client.delete(r.caller, shared_path),
            may_edit(entry, own=False, shared=True),
        ),
    ]
    if has_private:
        operations += [
            Operation(
                name, "get_others_private", lambda r: r.client.get(r.caller, private_path), nobody
            ),
            Operation(name, "update_others_private", edit(lambda r: private_path), nobody),
        ]
    return operations


OPERATIONS: list[Operation] = [
    *_profile_operations(),
    *_notification_operations(),
    *_team_operations(),
    *_member_operations(),
    *_invite_operations(),
    *_event_operations(),
    *_link_operations(),
    *_join_request_operations(),
    *_server_only_operations(),
    *(
        operation
        for entry in scoped.declared().collections
        for operation in scoped_operations(entry)
    ),
]
