"""What clients may store: the rules check types, allowed keys and sizes of every client write
(workspace entities, profiles, the read flag), so junk never reaches the database. Each shape
is tried next to a valid control that passes, so a refusal is about the shape alone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from devtools.rules_client import RulesClient
from teamkit import paths
from tests.rules.operations import SERVER_TIMESTAMPS, Request, new_entity
from tests.rules.world import ENTITY_KINDS, Actor, World

REMOVE = object()  # marks a field left out of the write

# (what, changes to a valid new entity, allowed)
COMMON_ENTITY_SHAPES: list[tuple[str, dict[str, Any], bool]] = [
    ("a valid entity", {}, True),
    ("a private entity", {"sharing": "private"}, True),
    ("a title of 200 characters", {"title": "x" * 200}, True),
    ("a description", {"description": "What this is for."}, True),
    ("no title", {"title": REMOVE}, False),
    ("an empty title", {"title": ""}, False),
    ("a title of 201 characters", {"title": "x" * 201}, False),
    ("a title that is a number", {"title": 42}, False),
    ("no sharing", {"sharing": REMOVE}, False),
    ("sharing neither private nor public", {"sharing": "team"}, False),
    ("a description of 2001 characters", {"description": "x" * 2001}, False),
    ("a field the rules do not know", {"pinned": True}, False),
    ("a workspaceId that is a path", {"workspaceId": "t/members/x"}, False),
    ("a workspaceId that is a list", {"workspaceId": ["t"]}, False),
]
KIND_SHAPES: dict[str, list[tuple[str, dict[str, Any], bool]]] = {
    "chats": [
        ("an assistantId of 129 characters", {"assistantId": "a" * 129}, False),
        ("the instructions of an assistant", {"instructions": "Be kind."}, False),
    ],
    "assistants": [
        ("instructions of 20000 characters", {"instructions": "x" * 20000}, True),
        ("instructions of 20001 characters", {"instructions": "x" * 20001}, False),
        ("a model that is not a string", {"model": {"name": "large"}}, False),
        ("the body of a prompt", {"body": "Hello"}, False),
    ],
    "prompts": [
        ("a body of 20001 characters", {"body": "x" * 20001}, False),
        ("a body that is a list", {"body": ["Hello"]}, False),
    ],
}
ENTITY_SHAPES = [
    (kind, what, changes, allowed)
    for kind in ENTITY_KINDS
    for what, changes, allowed in COMMON_ENTITY_SHAPES + KIND_SHAPES[kind]
]


def _with(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = {**base, **changes}
    return {key: value for key, value in merged.items() if value is not REMOVE}


def _verdict(allowed: bool) -> str:
    return "allowed" if allowed else "refused"


@pytest.mark.parametrize(
    ("kind", "changes", "allowed"),
    [(kind, changes, allowed) for kind, _, changes, allowed in ENTITY_SHAPES],
    ids=[f"{kind}: {what} is {_verdict(allowed)}" for kind, what, _, allowed in ENTITY_SHAPES],
)
def test_a_new_entity_must_have_the_documented_shape(
    kind: str, changes: dict[str, Any], allowed: bool, rules_client: RulesClient, world: World
) -> None:
    member = Request(rules_client, world, Actor.MEMBER)
    fields = _with(new_entity(kind, world.team_id, member.uid, "public"), changes)

    outcome = rules_client.create(
        member.caller, f"{kind}/shaped", fields, server_timestamps=SERVER_TIMESTAMPS
    )

    assert outcome.allowed is allowed, outcome.body


def test_a_new_entity_must_carry_server_timestamps(rules_client: RulesClient, world: World) -> None:
    member = Request(rules_client, world, Actor.MEMBER)
    client_clock = datetime.now(UTC)
    fields = {
        **new_entity("chats", world.team_id, member.uid, "public"),
        "createdAt": client_clock,
        "updatedAt": client_clock,
    }

    outcome = rules_client.create(member.caller, "chats/clocked", fields)

    assert not outcome.allowed


UPDATE_SHAPES: list[tuple[str, dict[str, Any], bool, bool]] = [
    # (what, changes, with a server updatedAt, allowed)
    ("a new title", {"title": "Better"}, True, True),
    ("sharing it", {"sharing": "public"}, True, True),
    ("a new title without touching updatedAt", {"title": "Better"}, False, False),
    ("an empty title", {"title": ""}, True, False),
    ("a field the rules do not know", {"pinned": True}, True, False),
    ("sharing with the whole world", {"sharing": "everyone"}, True, False),
]


@pytest.mark.parametrize(
    ("changes", "stamped", "allowed"),
    [(changes, stamped, allowed) for _, changes, stamped, allowed in UPDATE_SHAPES],
    ids=[f"{what} is {_verdict(allowed)}" for what, _, _, allowed in UPDATE_SHAPES],
)
def test_an_entity_edit_must_keep_the_documented_shape(
    changes: dict[str, Any],
    stamped: bool,
    allowed: bool,
    rules_client: RulesClient,
    world: World,
) -> None:
    member = Request(rules_client, world, Actor.MEMBER)

    outcome = rules_client.update(
        member.caller,
        world.own_entity("prompts", Actor.MEMBER),
        changes,
        server_timestamps=["updatedAt"] if stamped else [],
    )

    assert outcome.allowed is allowed, outcome.body


def test_a_moderator_may_unshare_someone_elses_entity(
    rules_client: RulesClient, world: World
) -> None:
    admin = Request(rules_client, world, Actor.ADMIN)

    outcome = rules_client.update(
        admin.caller, "prompts/shared", {"sharing": "private"}, server_timestamps=["updatedAt"]
    )

    assert outcome.allowed, outcome.body


PROFILE_SHAPES: list[tuple[str, dict[str, Any], bool]] = [
    ("a display name of 100 characters", {"displayName": "x" * 100}, True),
    ("no display name (null)", {"displayName": None}, True),
    ("an empty display name", {"displayName": ""}, False),
    ("a display name of 101 characters", {"displayName": "x" * 101}, False),
    ("a display name that is a number", {"displayName": 7}, False),
    ("email notifications off", {"notificationPrefs": {"email": False}}, True),
    (
        "the emails of one event type off",
        {"notificationPrefs": {"email": True, "emailByType": {"member_removed": False}}},
        True,
    ),
    ("a preference that is not a flag", {"notificationPrefs": {"email": "never"}}, False),
    ("an unknown preference", {"notificationPrefs": {"sms": True}}, False),
    (
        "an event type that does not exist",
        {"notificationPrefs": {"emailByType": {"lunch_served": False}}},
        False,
    ),
    (
        "an event type preference that is not a flag",
        {"notificationPrefs": {"emailByType": {"role_changed": "weekly"}}},
        False,
    ),
    ("preferences that are not a map", {"notificationPrefs": "quiet"}, False),
    ("no current team (null)", {"currentTeamId": None}, True),
    ("a current team id that is a number", {"currentTeamId": 42}, False),
]


@pytest.mark.parametrize(
    ("changes", "allowed"),
    [(changes, allowed) for _, changes, allowed in PROFILE_SHAPES],
    ids=[f"{what} is {_verdict(allowed)}" for what, _, allowed in PROFILE_SHAPES],
)
def test_a_profile_edit_must_keep_the_documented_shape(
    changes: dict[str, Any], allowed: bool, rules_client: RulesClient, world: World
) -> None:
    member = Request(rules_client, world, Actor.MEMBER)

    outcome = rules_client.update(member.caller, f"users/{member.uid}", changes)

    assert outcome.allowed is allowed, outcome.body


def test_a_member_switches_to_a_team_they_belong_to(
    rules_client: RulesClient, world: World, server: firestore.Client
) -> None:
    viewer = Request(rules_client, world, Actor.VIEWER)
    paths.user(server, viewer.uid).update({"currentTeamId": None})

    outcome = rules_client.update(
        viewer.caller, f"users/{viewer.uid}", {"currentTeamId": world.team_id}
    )

    assert outcome.allowed, outcome.body


# Only functions create profiles (docs/hardening.md, stale sessions): the still-valid ID token of
# a deleted account must not re-create its profile, so no client create passes, whatever its
# fields.
PROFILE_CREATIONS: list[tuple[str, dict[str, Any], bool]] = [
    ("a display name", {"displayName": "New here"}, False),
    (
        "every client field",
        {"displayName": "New", "notificationPrefs": {"email": False}, "currentTeamId": None},
        False,
    ),
    ("an email", {"displayName": "New", "email": "me@example.com"}, False),
    ("a creation date", {"createdAt": datetime(2020, 1, 1, tzinfo=UTC)}, False),
    ("a team they are not in as current team", {"currentTeamId": "other"}, False),
]


@pytest.mark.parametrize(
    ("fields", "allowed"),
    [(fields, allowed) for _, fields, allowed in PROFILE_CREATIONS],
    ids=[f"with {what} is {_verdict(allowed)}" for what, _, allowed in PROFILE_CREATIONS],
)
def test_a_user_may_never_create_their_profile(
    fields: dict[str, Any],
    allowed: bool,
    rules_client: RulesClient,
    world: World,
    server: firestore.Client,
) -> None:
    invitee = Request(rules_client, world, Actor.NON_MEMBER)
    paths.user(server, invitee.uid).delete()
    if fields.get("currentTeamId") == "other":
        fields = {**fields, "currentTeamId": world.other_team_id}

    outcome = rules_client.create(invitee.caller, f"users/{invitee.uid}", fields)

    assert outcome.allowed is allowed, outcome.body
