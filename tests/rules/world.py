"""The data every rules test looks at: one team with a member of every role, an author whose
workspace entities the others see, an invitee who is not a member yet, a platform operator, and
a document in every collection clients may touch (docs/rules.md).

It is built once per session through the use cases (so team, member, invite, event, token and
profile documents have exactly the shapes the functions write), written down as a snapshot, and
put back whenever a test changed something: most rules tests only read, so they share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator, TestUser
from devtools.emulators import Suite
from devtools.rules_client import Identity
from teamkit import paths, scoped
from teamkit.documents import DomainJoin
from teamkit.errors import LinkNotValid
from teamkit.idempotency import pending_request
from teamkit.invitations.invite_members import InviteRequest, invite_members
from teamkit.joining.domain_join import join_team
from teamkit.joining.links import create_invite_link, join_by_link
from teamkit.membership.remove_member import remove_member
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders

ENTITY_KINDS = ("chats", "assistants", "prompts")
# A valid content field of each kind, beyond the common ones (firestore.rules validates them).
ENTITY_CONTENT: dict[str, dict[str, str]] = {
    "chats": {"assistantId": "assistant-1"},
    "assistants": {"instructions": "Answer briefly.", "model": "small"},
    "prompts": {"body": "Summarise the text below."},
}
# The shipped declaration and an app's own collections (tests/rules/app/teamkit.scoped.json),
# which test_scoped_matrix.py checks under rules generated from this declaration.
APP_COLLECTIONS = scoped.parse(
    (Path(__file__).parent / "app" / "teamkit.scoped.json").read_text()
).collections
DECLARATION = scoped.Declaration(collections=scoped.declared().collections + APP_COLLECTIONS)
STRANGER_EMAIL = "stranger@example.org"
NOBODY = "nobody"  # the uid signed-out requests aim at when they need one
BATCH_SIZE = 500


class Actor(StrEnum):
    """Who sends a request: a member of each role, or someone outside the team."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"
    BILLING = "billing"
    NON_MEMBER = "non-member"  # signed in, not in the team, but invited to it
    SIGNED_OUT = "signed-out"
    SUPER_ADMIN = "superAdmin"  # a platform operator (custom claim), member of no team

    @property
    def role(self) -> Role | None:
        """The actor's role in the world's team (None: not a member)."""
        return Role(self.value) if self.value in {role.value for role in Role} else None


@dataclass(frozen=True)
class World:
    team_id: str
    other_team_id: str  # a team none of the actors belongs to
    deleted_team_id: str  # a deleted team whose member documents remain (the member owned it)
    identities: Mapping[Actor, Identity]  # every actor but SIGNED_OUT
    author: Identity  # a plain member of the team, author of the entities the actors look at
    invitee_invite_id: str  # the pending invite of the NON_MEMBER actor
    stranger_invite_id: str  # a pending invite to someone outside the world
    event_id: str
    token_hash: str
    secret_id: str
    mail_id: str
    stripe_event_id: str
    stripe_customer_id: str
    link_id: str  # an invite link of the team
    link_token_hash: str
    rate_limit_id: str  # the NON_MEMBER actor's token-resolution window
    request_record_id: str  # a repeatable call of the NON_MEMBER actor (teamkit.idempotency)
    documents: Mapping[str, Mapping[str, Any]]

    def caller(self, actor: Actor) -> Identity | None:
        return self.identities.get(actor)

    def uid(self, actor: Actor) -> str:
        identity = self.identities.get(actor)
        return identity.uid if identity else NOBODY

    def email(self, actor: Actor) -> str:
        identity = self.identities.get(actor)
        return (identity.email or "") if identity else f"{NOBODY}@example.com"

    def own_entity(self, kind: str, actor: Actor) -> str:
        """The actor's own item, private where the collection has private items (the author's
        private one, for a signed-out actor)."""
        if actor is Actor.SIGNED_OUT:
            return f"{kind}/private"
        return f"{kind}/own-{actor.value}"


def identity_of(user: TestUser) -> Identity:
    return Identity(
        uid=user.uid,
        email=user.email.strip().lower(),
        email_verified=user.verified,
        super_admin=user.super_admin,
    )


def entity_document(
    kind: str,
    *,
    workspace_id: str,
    owner_uid: str,
    sharing: str,
    at: datetime,
    title: str = "Quarterly plan",
) -> dict[str, Any]:
    """A workspace entity of the shape firestore.rules accepts."""
    return {
        "workspaceId": workspace_id,
        "ownerUid": owner_uid,
        "sharing": sharing,
        "title": title,
        "description": "Shared notes",
        "createdAt": at,
        "updatedAt": at,
        **ENTITY_CONTENT[kind],
    }


def sample_value(name: str, spec: scoped.FieldSpec, at: datetime) -> object:
    """A value `spec` accepts (strings as long as they may be, up to a few words)."""
    if spec.type == "string":
        text = f"Sample {name}"[: spec.max_length]
        return text.ljust(spec.min_length or 0, "x")
    values: dict[str, object] = {
        "number": 3,
        "boolean": True,
        "timestamp": at,
        "map": {},
        "list": [],
    }
    return values[spec.type]


def scoped_document(
    entry: scoped.ScopedCollection,
    *,
    team_id: str,
    owner_uid: str,
    shared: bool,
    at: datetime,
    server_timestamps: bool = False,
) -> dict[str, object]:
    """An item of a scoped collection of the shape its declaration accepts, every field set
    (without its server-set timestamps when the client sends them as `server_timestamps`)."""
    document: dict[str, object] = {entry.team_field: team_id, entry.owner_field: owner_uid}
    if entry.private is not None:
        privacy = entry.private
        document[privacy.field] = privacy.shared_value if shared else privacy.private_value
    for name, spec in entry.fields.items():
        if not (server_timestamps and spec.set_on):
            document[name] = sample_value(name, spec, at)
    return document


def build_world(suite: Suite, db: firestore.Client, accounts: AuthEmulator) -> World:
    """Create the world from nothing (through the use cases where the functions write)."""
    suite.set_background_triggers(False)
    suite.clear_firestore()
    suite.clear_auth()  # accounts a previous test left would collide with the world's
    now = datetime.now(UTC)
    build = Builders(db, accounts)

    team = build.team_with_every_role("Acme")
    author = build.add_member(team.id, Role.MEMBER)
    operator = build.operator
    invitee = build.new_user()
    other_team_id, _ = build.new_team(name="Elsewhere")
    deleted_team_id, _ = build.new_team(owner=team[Role.MEMBER], name="Gone")
    delete_team(db, team[Role.MEMBER].caller, deleted_team_id)
    # The invitee was a member once and was removed: their removal block is in the team.
    build.add_member(team.id, Role.MEMBER, user=invitee)
    remove_member(db, team[Role.OWNER].caller, team.id, invitee.uid)
    invite_members(
        db,
        team[Role.OWNER].caller,
        team.id,
        [InviteRequest(invitee.email), InviteRequest(STRANGER_EMAIL)],
    )

    # An invite link, and a join request of the invitee (the team takes requests from the
    # invitee's domain); a mistyped link token leaves the invitee a rate-limit window.
    link = create_invite_link(db, team[Role.OWNER].caller, team.id, label="Everyone")
    update_team(
        db,
        team[Role.OWNER].caller,
        team.id,
        allowed_domains=[invitee.email.rpartition("@")[2]],
        domain_join=DomainJoin.REQUEST,
    )
    join_team(db, invitee.caller, team.id)
    try:
        join_by_link(db, invitee.caller, "link.mistyped")
    except LinkNotValid:
        pass

    identities = {actor: identity_of(team[role]) for actor, role in _team_actors()}
    identities[Actor.NON_MEMBER] = identity_of(invitee)
    identities[Actor.SUPER_ADMIN] = identity_of(operator)
    ids = _write_client_side_documents(db, team.id, identities, identity_of(author), now)

    invites = {
        snapshot.get("email"): snapshot.id for snapshot in paths.invites(db, team.id).stream()
    }
    event_id = next(iter(paths.events(db, team.id).stream())).id
    token = next(t for t in paths.invite_tokens(db).stream() if t.get("teamId") == team.id)
    (link_token,) = list(paths.link_tokens(db).stream())
    secret = next(s for s in paths.event_secrets(db).stream() if s.get("teamId") == team.id)
    return World(
        team_id=team.id,
        other_team_id=other_team_id,
        deleted_team_id=deleted_team_id,
        identities=identities,
        author=identity_of(author),
        invitee_invite_id=invites[identities[Actor.NON_MEMBER].email],
        stranger_invite_id=invites[STRANGER_EMAIL],
        event_id=event_id,
        token_hash=token.id,
        secret_id=secret.id,
        link_id=link.link.id,
        link_token_hash=link_token.id,
        rate_limit_id=next(iter(db.collection(paths.RATE_LIMITS).stream())).id,
        request_record_id=_request_record(db, invitee, now),
        documents=snapshot(db),
        **ids,
    )


def _request_record(db: firestore.Client, caller: TestUser, now: datetime) -> str:
    """The record a call with a requestId leaves (here: one whose answer changed nothing)."""
    request = pending_request(
        db, caller.uid, "joinTeam", "world-request-0001", body={"teamId": "x"}, now=now
    )
    request.store_answer({"teamId": "x", "outcome": "requested"})
    return request.ref.id


def _team_actors() -> list[tuple[Actor, Role]]:
    return [(actor, actor.role) for actor in Actor if actor.role is not None]


def _write_client_side_documents(
    db: firestore.Client,
    team_id: str,
    identities: Mapping[Actor, Identity],
    author: Identity,
    now: datetime,
) -> dict[str, str]:
    """What no use case of the membership core writes: profiles of users outside any team,
    notifications, mail, Stripe markers and workspace entities."""
    batch = db.batch()
    for actor in (Actor.NON_MEMBER, Actor.SUPER_ADMIN):
        identity = identities[actor]
        batch.set(
            paths.user(db, identity.uid),
            {
                "email": identity.email,
                "displayName": actor.value,
                "currentTeamId": None,
                "notificationPrefs": {"email": True},
                "createdAt": now,
            },
        )
    for identity in [*identities.values(), author]:
        batch.set(
            paths.notifications(db, identity.uid).document("welcome"),
            {
                "type": "member_added",
                "teamId": team_id,
                "teamName": "Acme",
                "actorUid": author.uid,
                "subjectUid": identity.uid,
                "subjectEmail": identity.email,
                "role": "member",
                "previousRole": None,
                "createdAt": now,
                "read": False,
            },
        )
    mail_id, stripe_event_id, stripe_customer_id = "welcome-mail", "evt_fake_1", "cus_fake_1"
    batch.set(
        paths.mail(db).document(mail_id),
        {
            "to": STRANGER_EMAIL,
            "message": {"subject": "You are invited", "text": "Join Acme", "html": "<p>Join</p>"},
            "delivery": {"state": "SUCCESS", "attempts": 1, "error": None, "endTime": now},
        },
    )
    batch.set(paths.stripe_event(db, stripe_event_id), {"type": "invoice.paid", "handledAt": now})
    for identity in identities.values():  # sessions each actor ended yesterday
        batch.set(
            paths.session(db, identity.uid),
            {"uid": identity.uid, "endedAt": now - timedelta(days=1), "endedBy": identity.uid},
        )
    batch.set(paths.stripe_customer(db, stripe_customer_id), {"teamId": team_id})
    for entry in DECLARATION.collections:  # by their names without prefix, as the rules
        collection = db.collection(entry.name)
        for name, shared in (("shared", True), ("private", False)):
            if shared or entry.private is not None:
                batch.set(
                    collection.document(name),
                    scoped_document(
                        entry, team_id=team_id, owner_uid=author.uid, shared=shared, at=now
                    ),
                )
        for actor, identity in identities.items():
            batch.set(
                collection.document(f"own-{actor.value}"),
                scoped_document(
                    entry,
                    team_id=team_id,
                    owner_uid=identity.uid,
                    shared=entry.private is None,
                    at=now - timedelta(minutes=1),
                ),
            )
    batch.commit()
    return {
        "mail_id": mail_id,
        "stripe_event_id": stripe_event_id,
        "stripe_customer_id": stripe_customer_id,
    }


def snapshot(db: firestore.Client) -> dict[str, dict[str, Any]]:
    """Every document in the database, by path (including those under missing parents)."""
    documents: dict[str, dict[str, Any]] = {}

    def walk(collections: Iterable[firestore.CollectionReference]) -> None:
        for collection in collections:
            for ref in collection.list_documents():
                document = ref.get()
                if document.exists:
                    documents[ref.path] = document.to_dict() or {}
                walk(ref.collections())

    walk(db.collections())
    return documents


def restore(suite: Suite, db: firestore.Client, documents: Mapping[str, Mapping[str, Any]]) -> None:
    """Empty the database and write the snapshot back."""
    suite.clear_firestore()
    items = list(documents.items())
    for start in range(0, len(items), BATCH_SIZE):
        batch = db.batch()
        for path, data in items[start : start + BATCH_SIZE]:
            batch.set(db.document(path), dict(data))
        batch.commit()
