"""Invariants under concurrent requests, raced for real against the emulator."""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.documents import DomainJoin
from teamkit.errors import (
    AlreadyExists,
    JoinRequestNotFound,
    LastOwner,
    LinkNotValid,
    PermissionDenied,
    SeatLimitReached,
    TeamsError,
)
from teamkit.invitations.invite_members import InviteRequest, InviteSent, invite_member
from teamkit.joining.domain_join import join_team
from teamkit.joining.join_requests import approve_join_request, deny_join_request
from teamkit.joining.links import JoinedByLink, join_by_link
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.roles import Role
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders
from tests.support.racing import race
from tests.support.state import assert_counts_match, events_of, role_of


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
            partial(invite_member, db, owner.caller, team_id, InviteRequest(f"p{i}@x.io"))
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


def test_twenty_users_joining_by_one_link_with_five_seats_left_exactly_five_join(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    for _ in range(4):
        build.add_member(team_id)
    update_team(db, owner.caller, team_id, seat_limit=10)
    created = build.new_link(team_id, owner, max_uses=50)
    joiners = [build.new_user() for _ in range(20)]

    outcomes = race([partial(join_by_link, db, user.caller, created.token) for user in joiners])

    joined = [o for o in outcomes if isinstance(o, JoinedByLink)]
    assert len(joined) == 5 and all(o.joined for o in joined)
    assert all(isinstance(o, (JoinedByLink, SeatLimitReached)) for o in outcomes), outcomes
    assert paths.team(db, team_id).get().get("memberCount") == 10
    assert paths.link(db, team_id, created.link.id).get().get("uses") == 5
    assert len(events_of(db, team_id, "member_joined")) == 5
    assert_counts_match(db, team_id)


def test_a_link_with_three_uses_admits_three_of_ten_racers(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    created = build.new_link(team_id, owner, max_uses=3)
    joiners = [build.new_user() for _ in range(10)]

    outcomes = race([partial(join_by_link, db, user.caller, created.token) for user in joiners])

    assert sum(isinstance(o, JoinedByLink) for o in outcomes) == 3
    assert all(isinstance(o, (JoinedByLink, LinkNotValid)) for o in outcomes), outcomes
    assert paths.link(db, team_id, created.link.id).get().get("uses") == 3
    assert_counts_match(db, team_id)


def test_approving_and_denying_one_request_at_once_answers_it_once(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    admin = build.add_member(team_id, Role.ADMIN)
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    pat = build.new_user("pat@corp.com")
    join_team(db, pat.caller, team_id)

    outcomes = race(
        [
            lambda: approve_join_request(db, owner.caller, team_id, pat.uid),
            lambda: deny_join_request(db, admin.caller, team_id, pat.uid),
        ]
    )

    assert sum(isinstance(o, JoinRequestNotFound) for o in outcomes) == 1
    status = paths.join_request(db, team_id, pat.uid).get().get("status")
    assert (role_of(db, team_id, pat.uid) is not None) == (status == "approved")
    assert (
        len(events_of(db, team_id, "join_request_approved"))
        + len(events_of(db, team_id, "join_request_denied"))
        == 1
    )
    assert_counts_match(db, team_id)
