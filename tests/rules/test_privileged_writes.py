"""Client writes of what only the functions may decide (roles, counters, billing, statuses,
someone else's notifications, a profile's email, who owns an entity) are all refused, whoever
tries; the same documents stay readable to those who may read them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from devtools.rules_client import Outcome, RulesClient
from tests.rules.operations import SERVER_TIMESTAMPS, Request, new_entity
from tests.rules.world import Actor, World


@dataclass(frozen=True)
class Attempt:
    description: str
    actor: Actor
    run: Callable[[Request], Outcome] = field(repr=False)


def _member(r: Request, uid: str | None = None) -> str:
    return f"{r.team}/members/{uid or r.uid}"


def _invite(r: Request) -> str:
    return f"{r.team}/invites/{r.world.invitee_invite_id}"


def _profile(r: Request) -> str:
    return f"users/{r.uid}"


def _own_notification(r: Request) -> str:
    return f"users/{r.uid}/notifications/welcome"


def _create_entity(r: Request, **changes: object) -> Outcome:
    fields = {**new_entity("chats", r.world.team_id, r.uid, "public"), **changes}
    return r.client.create(
        r.caller, f"chats/attempt-{r.actor.value}", fields, server_timestamps=SERVER_TIMESTAMPS
    )


def _edit_own_entity(r: Request, **changes: object) -> Outcome:
    return r.client.update(
        r.caller, r.world.own_entity("chats", r.actor), changes, server_timestamps=["updatedAt"]
    )


ATTEMPTS = [
    Attempt(
        "a member makes themself owner",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, _member(r), {"role": "owner"}),
    ),
    Attempt(
        "an admin makes themself owner",
        Actor.ADMIN,
        lambda r: r.client.update(r.caller, _member(r), {"role": "owner"}),
    ),
    Attempt(
        "an owner demotes another member",
        Actor.OWNER,
        lambda r: r.client.update(r.caller, _member(r, r.world.author.uid), {"role": "viewer"}),
    ),
    Attempt(
        "an owner changes the member count",
        Actor.OWNER,
        lambda r: r.client.update(r.caller, r.team, {"memberCount": 1}),
    ),
    Attempt(
        "an owner changes the owner count",
        Actor.OWNER,
        lambda r: r.client.update(r.caller, r.team, {"ownerCount": 9}),
    ),
    Attempt(
        "an owner writes the billing state",
        Actor.OWNER,
        lambda r: r.client.update(r.caller, r.team, {"billing": {"status": "active"}}),
    ),
    Attempt(
        "a billing member writes the billing state",
        Actor.BILLING,
        lambda r: r.client.update(r.caller, r.team, {"billing": {"quantity": 1000}}),
    ),
    Attempt(
        "an owner marks the team deleted",
        Actor.OWNER,
        lambda r: r.client.update(r.caller, r.team, {"status": "deleted"}),
    ),
    Attempt(
        "the owner of a deleted team brings it back",
        Actor.MEMBER,
        lambda r: r.client.update(
            r.caller, f"teams/{r.world.deleted_team_id}", {"status": "active"}
        ),
    ),
    Attempt(
        "an admin raises the seat limit directly",
        Actor.ADMIN,
        lambda r: r.client.update(r.caller, r.team, {"seatLimit": 1000}),
    ),
    Attempt(
        "an owner proves a domain by writing its proof",
        Actor.OWNER,
        lambda r: r.client.update(
            r.caller,
            r.team,
            {
                "domainProofs": {
                    "victim.com": {"method": "dns", "provenBy": r.uid, "provenAt": "now"}
                },
                "joinDomains": ["victim.com"],
            },
        ),
    ),
    Attempt(
        "an admin opens domain join to a domain directly",
        Actor.ADMIN,
        lambda r: r.client.update(r.caller, r.team, {"joinDomains": ["victim.com"]}),
    ),
    Attempt(
        "a superAdmin renames a team directly",
        Actor.SUPER_ADMIN,
        lambda r: r.client.update(r.caller, r.team, {"name": "Support was here"}),
    ),
    Attempt(
        "a superAdmin changes a member's role directly",
        Actor.SUPER_ADMIN,
        lambda r: r.client.update(r.caller, _member(r, r.world.author.uid), {"role": "owner"}),
    ),
    Attempt(
        "an admin revokes an invite by writing its status",
        Actor.ADMIN,
        lambda r: r.client.update(r.caller, _invite(r), {"status": "revoked"}),
    ),
    Attempt(
        "the invitee accepts by writing the invite status",
        Actor.NON_MEMBER,
        lambda r: r.client.update(r.caller, _invite(r), {"status": "accepted"}),
    ),
    Attempt(
        "the invitee raises the role of their invite",
        Actor.NON_MEMBER,
        lambda r: r.client.update(r.caller, _invite(r), {"role": "owner"}),
    ),
    Attempt(
        "the invitee extends their invite",
        Actor.NON_MEMBER,
        lambda r: r.client.update(r.caller, _invite(r), {"expiresAt": datetime(2999, 1, 1)}),
    ),
    Attempt(
        "an owner issues an invite token",
        Actor.OWNER,
        lambda r: r.client.create(
            r.caller, "inviteTokens/made-up", {"teamId": r.world.team_id, "inviteId": "x"}
        ),
    ),
    Attempt(
        "an owner queues an email",
        Actor.OWNER,
        lambda r: r.client.create(
            r.caller, "mail/made-up", {"to": "anyone@example.com", "message": {"text": "hi"}}
        ),
    ),
    Attempt(
        "a member marks another user's notification read",
        Actor.MEMBER,
        lambda r: r.client.update(
            r.caller, f"users/{r.world.author.uid}/notifications/welcome", {"read": True}
        ),
    ),
    Attempt(
        "a member deletes another user's notification",
        Actor.MEMBER,
        lambda r: r.client.delete(r.caller, f"users/{r.world.author.uid}/notifications/welcome"),
    ),
    Attempt(
        "a member writes into another user's notifications",
        Actor.MEMBER,
        lambda r: r.client.create(
            r.caller,
            f"users/{r.world.author.uid}/notifications/made-up",
            {"type": "role_changed", "read": False},
        ),
    ),
    Attempt(
        "a member rewrites their own notification",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, _own_notification(r), {"type": "role_changed"}),
    ),
    Attempt(
        "a member flips read and something else",
        Actor.MEMBER,
        lambda r: r.client.update(
            r.caller, _own_notification(r), {"read": True, "teamName": "Renamed"}
        ),
    ),
    Attempt(
        "a member sets read to a string",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, _own_notification(r), {"read": "yes"}),
    ),
    Attempt(
        "a user changes the email of their profile",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, _profile(r), {"email": "someone@else.example"}),
    ),
    Attempt(
        "a user adds a field of their own to their profile",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, _profile(r), {"superAdmin": True}),
    ),
    Attempt(
        "a user makes a team they are not in their current team",
        Actor.ADMIN,
        lambda r: r.client.update(r.caller, _profile(r), {"currentTeamId": r.world.other_team_id}),
    ),
    Attempt(
        "a user makes a deleted team their current team",
        Actor.MEMBER,
        lambda r: r.client.update(
            r.caller, _profile(r), {"currentTeamId": r.world.deleted_team_id}
        ),
    ),
    Attempt(
        "a superAdmin makes a team they are not in their current team",
        Actor.SUPER_ADMIN,
        lambda r: r.client.update(r.caller, _profile(r), {"currentTeamId": r.world.team_id}),
    ),
    Attempt(
        "a member moves their entity to another workspace",
        Actor.MEMBER,
        lambda r: _edit_own_entity(r, workspaceId=r.world.other_team_id),
    ),
    Attempt(
        "a member hands their entity to someone else",
        Actor.MEMBER,
        lambda r: _edit_own_entity(r, ownerUid=r.world.author.uid),
    ),
    Attempt(
        "a member backdates their entity",
        Actor.MEMBER,
        lambda r: _edit_own_entity(r, createdAt=datetime(2000, 1, 1, tzinfo=UTC)),
    ),
    Attempt(
        "an admin takes over someone else's shared entity",
        Actor.ADMIN,
        lambda r: r.client.update(
            r.caller, "chats/shared", {"ownerUid": r.uid}, server_timestamps=["updatedAt"]
        ),
    ),
    Attempt(
        "a member creates an entity in someone else's name",
        Actor.MEMBER,
        lambda r: _create_entity(r, ownerUid=r.world.author.uid),
    ),
    Attempt(
        "a member creates an entity in a team they do not belong to",
        Actor.MEMBER,
        lambda r: _create_entity(r, workspaceId=r.world.other_team_id),
    ),
    Attempt(
        "the owner of a deleted team creates an entity in it",
        Actor.MEMBER,
        lambda r: _create_entity(r, workspaceId=r.world.deleted_team_id),
    ),
    Attempt(
        "a superAdmin creates an entity in a team they are not in",
        Actor.SUPER_ADMIN,
        _create_entity,
    ),
]


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[a.description for a in ATTEMPTS])
def test_clients_cannot_write_what_only_the_functions_decide(
    attempt: Attempt, rules_client: RulesClient, world: World
) -> None:
    request = Request(rules_client, world, attempt.actor)

    outcome = attempt.run(request)

    assert not outcome.allowed, f"{attempt.description}: allowed"
