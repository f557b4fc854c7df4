"""Team ids reveal nothing to outsiders (docs/hardening.md, "Team existence oracle"): over HTTP, a
caller who is not a member gets one status, reason and message for a team that exists, one that was
deleted and one that never existed, on every function that takes a `teamId`; members of a deleted
team still learn that it was deleted."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from tests.support.builders import Builders
from tests.support.http import Api

BODIES: dict[str, dict[str, Any]] = {
    "getTeamSummary": {},
    "updateTeam": {"name": "Mine now"},
    "deleteTeam": {},
    "inviteMember": {"email": "p@x.io"},
    "resendInvite": {"email": "p@x.io"},
    "revokeInvite": {"inviteId": "abc"},
    "addExistingMember": {"uid": "someone"},
    "removeMember": {"uid": "someone"},
    "leaveTeam": {},
    "changeMemberRoles": {"changes": {"someone": "viewer"}},
    "switchTeam": {},
    "getBillingOverview": {},
}


@pytest.mark.parametrize("name", sorted(BODIES))
def test_an_outsider_gets_one_answer_for_existing_deleted_and_unknown_teams(
    api: Api, db: firestore.Client, build: Builders, name: str
) -> None:
    existing, _ = build.new_team(name="Existing")
    deleted, owner = build.new_team(name="Deleted")
    delete_team(db, owner.caller, deleted)
    outsider = build.new_user()
    token = api.token(outsider)

    replies = [
        api.call(name, body={"teamId": team_id, **BODIES[name]}, token=token)
        for team_id in (existing, deleted, "never-existed")
    ]

    assert {(reply.status, str(reply.body)) for reply in replies} == {
        (
            403,
            str(
                {
                    "error": {
                        "status": "PERMISSION_DENIED",
                        "reason": "TEAM_NOT_FOUND",
                        "message": "This team does not exist, or you are not a member of it.",
                    }
                }
            ),
        )
    }


@pytest.mark.parametrize("role", [Role.OWNER, Role.VIEWER])
def test_a_member_still_learns_that_their_team_was_deleted(
    api: Api, db: firestore.Client, build: Builders, role: Role
) -> None:
    team = build.team_with_every_role()
    delete_team(db, team[Role.OWNER].caller, team.id)

    reply = api.call("switchTeam", team[role], {"teamId": team.id})

    assert reply.status == 404, reply.body
    assert reply.body["error"]["reason"] == "TEAM_DELETED"
    assert "deleted" in reply.body["error"]["message"]
