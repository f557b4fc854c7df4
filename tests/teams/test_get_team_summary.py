"""getTeamSummary: any member reads the team's counts, its seats, and their own role and
permissions, from the team document and their member document alone."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit.errors import Reason
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.roles import PERMISSIONS, Action, Role
from teamkit.teams.get_team_summary import get_team_summary
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.reasons import raises_reason


@pytest.mark.parametrize("role", sorted(Role))
def test_every_member_reads_the_counts_and_their_own_role_and_permissions(
    db: firestore.Client, role_team: RoleTeam, role: Role
) -> None:
    summary = get_team_summary(db, role_team[role].caller, role_team.id)

    assert (summary.team.member_count, summary.team.owner_count) == (5, 1)
    assert summary.role is role
    assert summary.permissions == tuple(a for a in Action if role in PERMISSIONS[a])


def test_seats_count_members_and_pending_invites_against_the_limit(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    invite_member(db, owner, role_team.id, InviteRequest("p@x.io"))
    update_team(db, owner, role_team.id, seat_limit=8)

    summary = get_team_summary(db, role_team[Role.VIEWER].caller, role_team.id)

    assert summary.team.pending_invite_count == 1
    assert (summary.team.seats_used, summary.team.seat_limit, summary.free_seats) == (6, 8, 2)


def test_without_a_seat_limit_no_seat_is_counted_as_free(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    summary = get_team_summary(db, role_team[Role.MEMBER].caller, role_team.id)

    assert summary.free_seats is None


def test_an_outsider_learns_nothing_of_the_team(
    db: firestore.Client, build: Builders, role_team: RoleTeam
) -> None:
    with raises_reason(Reason.TEAM_NOT_FOUND):
        get_team_summary(db, build.new_user().caller, role_team.id)


def test_a_super_admin_reads_any_team_as_an_owner(
    db: firestore.Client, build: Builders, role_team: RoleTeam
) -> None:
    operator = build.new_user(super_admin=True)

    summary = get_team_summary(db, operator.caller, role_team.id)

    assert summary.role is Role.OWNER


def test_over_http_a_member_gets_the_summary_with_the_sdks_action_names(
    api: Api, db: firestore.Client, role_team: RoleTeam
) -> None:
    update_team(db, role_team[Role.OWNER].caller, role_team.id, seat_limit=10)

    reply = api.call("getTeamSummary", role_team[Role.BILLING], {"teamId": role_team.id})

    assert reply.status == 200, reply.body
    assert reply.body == {
        "teamId": role_team.id,
        "name": "Acme",
        "memberCount": 5,
        "ownerCount": 1,
        "pendingInviteCount": 0,
        "seats": {"used": 5, "limit": 10, "free": 5},
        "role": "billing",
        "permissions": ["readTeam", "readBilling", "manageBilling"],
    }
