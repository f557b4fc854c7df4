"""removeMember and leaveTeam: who may remove whom, and the last-owner invariant."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.errors import PermissionDenied, Reason, TeamNotFound
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.membership.switch_team import switch_team
from teamkit.roles import NON_OWNER_ROLES, Action, Role
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason
from tests.support.roles import roles_denied
from tests.support.state import assert_counts_match, events_of, role_of, team_state

NON_OWNERS = sorted(NON_OWNER_ROLES)


@pytest.mark.parametrize("target", NON_OWNERS)
def test_an_owner_removes_any_non_owner(
    db: firestore.Client, role_team: RoleTeam, target: Role
) -> None:
    removed = role_team[target]

    remove_member(db, role_team[Role.OWNER].caller, role_team.id, removed.uid)

    assert role_of(db, role_team.id, removed.uid) is None
    (event,) = events_of(db, role_team.id, "member_removed")
    assert event["subjectUid"] == removed.uid and event["role"] == target.value
    assert event["actorUid"] == role_team[Role.OWNER].uid
    assert_counts_match(db, role_team.id)


def test_an_owner_removes_another_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    second = build.add_member(role_team.id, Role.OWNER)

    remove_member(db, role_team[Role.OWNER].caller, role_team.id, second.uid)

    assert role_of(db, role_team.id, second.uid) is None
    assert_counts_match(db, role_team.id)


@pytest.mark.parametrize("target", NON_OWNERS)
def test_an_admin_removes_non_owners(
    db: firestore.Client, role_team: RoleTeam, build: Builders, target: Role
) -> None:
    victim = build.add_member(role_team.id, target)

    remove_member(db, role_team[Role.ADMIN].caller, role_team.id, victim.uid)

    assert role_of(db, role_team.id, victim.uid) is None


def test_an_admin_cannot_remove_an_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    build.add_member(role_team.id, Role.OWNER)
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        remove_member(db, role_team[Role.ADMIN].caller, role_team.id, role_team[Role.OWNER].uid)

    assert team_state(db, role_team.id) == before


@pytest.mark.parametrize("actor", roles_denied(Action.REMOVE_MEMBER))
@pytest.mark.parametrize("target", list(Role))
def test_members_viewers_and_billing_cannot_remove_others(
    db: firestore.Client, role_team: RoleTeam, build: Builders, actor: Role, target: Role
) -> None:
    victim = build.add_member(role_team.id, target)
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        remove_member(db, role_team[actor].caller, role_team.id, victim.uid)

    assert team_state(db, role_team.id) == before


def test_a_stranger_cannot_remove_anyone(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    with pytest.raises(PermissionDenied):
        remove_member(db, build.new_user().caller, role_team.id, role_team[Role.MEMBER].uid)


@pytest.mark.parametrize("role", NON_OWNERS)
def test_every_role_may_leave(db: firestore.Client, role_team: RoleTeam, role: Role) -> None:
    leaver = role_team[role]

    leave_team(db, leaver.caller, role_team.id)

    assert role_of(db, role_team.id, leaver.uid) is None
    (event,) = events_of(db, role_team.id, "member_left")
    assert event["actorUid"] == event["subjectUid"] == leaver.uid
    assert_counts_match(db, role_team.id)


def test_removing_yourself_is_leaving(db: firestore.Client, role_team: RoleTeam) -> None:
    viewer = role_team[Role.VIEWER]

    remove_member(db, viewer.caller, role_team.id, viewer.uid)

    assert [e["type"] for e in events_of(db, role_team.id)][-1] == "member_left"


def test_the_last_owner_cannot_leave(db: firestore.Client, role_team: RoleTeam) -> None:
    before = team_state(db, role_team.id)

    with raises_reason(Reason.LAST_OWNER):
        leave_team(db, role_team[Role.OWNER].caller, role_team.id)

    assert team_state(db, role_team.id) == before


def test_the_last_owner_cannot_leave_even_alone(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()

    with raises_reason(Reason.LAST_OWNER):
        leave_team(db, owner.caller, team_id)


def test_a_super_admin_cannot_remove_the_last_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    with raises_reason(Reason.LAST_OWNER):
        remove_member(db, build.operator.caller, role_team.id, role_team[Role.OWNER].uid)


def test_one_of_two_owners_may_leave(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    build.add_member(role_team.id, Role.OWNER)

    leave_team(db, role_team[Role.OWNER].caller, role_team.id)

    assert paths.team(db, role_team.id).get().get("ownerCount") == 1
    assert_counts_match(db, role_team.id)


def test_leaving_clears_the_current_team(db: firestore.Client, role_team: RoleTeam) -> None:
    member = role_team[Role.MEMBER]
    switch_team(db, member.caller, role_team.id)

    leave_team(db, member.caller, role_team.id)

    assert paths.user(db, member.uid).get().get("currentTeamId") is None


def test_removing_a_non_member_is_not_found(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    with raises_reason(Reason.MEMBER_NOT_FOUND):
        remove_member(db, role_team[Role.OWNER].caller, role_team.id, build.new_user().uid)


def test_leaving_a_team_you_are_not_in_gets_the_strangers_answer(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    with pytest.raises(TeamNotFound):
        leave_team(db, build.new_user().caller, role_team.id)
