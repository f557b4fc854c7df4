"""deleteTeam: owners only; the team is marked deleted and its pending invites revoked."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.errors import Reason
from teamkit.invitations.invite_members import InviteRequest, invite_members
from teamkit.roles import Action, Role
from teamkit.teams.delete_team import delete_team
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason
from tests.support.roles import roles_denied
from tests.support.state import events_of, team_state


def test_an_owner_deletes_the_team(db: firestore.Client, role_team: RoleTeam) -> None:
    owner = role_team[Role.OWNER]
    invite_members(
        db, owner.caller, role_team.id, [InviteRequest("a@x.io"), InviteRequest("b@x.io")]
    )

    delete_team(db, owner.caller, role_team.id)

    team = paths.team(db, role_team.id).get().to_dict() or {}
    assert team["status"] == "deleted" and team["deletedBy"] == owner.uid
    assert team["pendingInviteCount"] == 0
    statuses = {i.get("status") for i in paths.invites(db, role_team.id).stream()}
    assert statuses == {"revoked"}
    (event,) = events_of(db, role_team.id, "team_deleted")
    assert event["actorUid"] == owner.uid


@pytest.mark.parametrize("role", roles_denied(Action.DELETE_TEAM))
def test_only_owners_delete(db: firestore.Client, role_team: RoleTeam, role: Role) -> None:
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        delete_team(db, role_team[role].caller, role_team.id)

    assert team_state(db, role_team.id) == before


def test_a_deleted_team_is_gone_for_every_use_case(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    delete_team(db, owner, role_team.id)

    with raises_reason(Reason.TEAM_DELETED):
        update_team(db, owner, role_team.id, name="Back")
    with raises_reason(Reason.TEAM_DELETED):
        delete_team(db, owner, role_team.id)


def test_many_pending_invites_are_all_revoked(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    for start in range(0, 500, 100):
        invite_members(
            db,
            owner.caller,
            team_id,
            [InviteRequest(f"p{i}@x.io") for i in range(start, start + 100)],
        )

    delete_team(db, owner.caller, team_id)

    assert {i.get("status") for i in paths.invites(db, team_id).stream()} == {"revoked"}
