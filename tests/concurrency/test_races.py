"""Invariants under concurrent requests, raced for real against the emulator."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from google.cloud import firestore

from teamkit.errors import (
    AlreadyExists,
    LastOwner,
    PermissionDenied,
    SeatLimitReached,
    TeamsError,
)
from teamkit.invitations.invite_members import InviteRequest, InviteSent, invite_member
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.roles import Role
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders
from tests.support.racing import race
from tests.support.state import assert_counts_match, role_of


@pytest.mark.parametrize("round_", range(5))
def test_two_owners_removing_each_other_at_once_leave_one_owner(
    db: firestore.Client, build: Builders, round_: int
) -> None:
    team_id, first = build.new_team()
    second = build.add_member(team_id, Role.OWNER)

    outcomes = race(
        [
            lambda: remove_member(db, first.caller, team_id, second.uid),
            lambda: remove_member(db, second.caller, team_id, first.uid),
        ]
    )

    assert sum(outcome is None for outcome in outcomes) == 1
    assert sum(isinstance(outcome, (LastOwner, PermissionDenied)) for outcome in outcomes) == 1
    assert_counts_match(db, team_id)


@pytest.mark.parametrize("round_", range(5))
def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    db: firestore.Client, build: Builders, round_: int
) -> None:
    team_id, first = build.new_team()
    second = build.add_member(team_id, Role.OWNER)

    outcomes = race(
        [
            lambda: change_member_roles(db, first.caller, team_id, {second.uid: Role.MEMBER}),
            lambda: change_member_roles(db, second.caller, team_id, {first.uid: Role.MEMBER}),
        ]
    )

    # The loser is refused either as the last owner or, when the winner committed first, as a
    # member who may no longer change roles.
    assert sum(isinstance(outcome, list) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, (LastOwner, PermissionDenied)) for outcome in outcomes) == 1
    owners = [uid for uid in (first.uid, second.uid) if role_of(db, team_id, uid) is Role.OWNER]
    assert len(owners) == 1
    assert_counts_match(db, team_id)


def test_fifty_requests_against_two_owners_never_leave_none(
    db: firestore.Client, build: Builders
) -> None:
    team_id, first = build.new_team()
    second = build.add_member(team_id, Role.OWNER)
    owners = [first, second]
    rng = random.Random(7)

    def attempt(actor_index: int, kind: str) -> Callable[[], Any]:
        actor, target = owners[actor_index], owners[1 - actor_index]
        if kind == "remove":
            return lambda: remove_member(db, actor.caller, team_id, target.uid)
        if kind == "demote":
            return lambda: change_member_roles(db, actor.caller, team_id, {target.uid: Role.ADMIN})
        return lambda: leave_team(db, actor.caller, team_id)

    calls = [
        attempt(rng.randrange(2), rng.choice(["remove", "demote", "leave"])) for _ in range(50)
    ]

    outcomes = race(calls)

    unexpected = [
        o
        for o in outcomes
        if isinstance(o, TeamsError)
        and o.status.value not in {"FAILED_PRECONDITION", "NOT_FOUND", "PERMISSION_DENIED"}
    ]
    assert unexpected == []
    team = db.collection("teams").document(team_id).get()
    assert team.get("ownerCount") == 1
    assert_counts_match(db, team_id)


def test_concurrent_invites_never_exceed_the_seat_limit(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, seat_limit=5)

    outcomes = race(
        [
            (lambda i=i: invite_member(db, owner.caller, team_id, InviteRequest(f"p{i}@x.io")))
            for i in range(12)
        ]
    )

    assert sum(isinstance(o, InviteSent) for o in outcomes) == 4
    assert all(isinstance(o, (InviteSent, SeatLimitReached)) for o in outcomes)
    assert_counts_match(db, team_id)


def test_the_same_address_invited_at_once_gets_one_invite(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()

    outcomes = race(
        [
            lambda: invite_member(db, owner.caller, team_id, InviteRequest("same@x.io"))
            for _ in range(8)
        ]
    )

    assert sum(isinstance(o, InviteSent) for o in outcomes) == 1
    assert all(isinstance(o, (InviteSent, AlreadyExists)) for o in outcomes)
    assert_counts_match(db, team_id)
