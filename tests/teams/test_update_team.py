"""updateTeam: owners and admins rename the team and set its domains and seat limit."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.errors import (
    InvalidArgument,
    Reason,
    TeamNotFound,
)
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.roles import Action, Role
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason
from tests.support.roles import roles_allowed, roles_denied
from tests.support.state import events_of, team_state


@pytest.mark.parametrize("role", roles_allowed(Action.MANAGE_TEAM))
def test_owners_and_admins_rename_the_team(
    db: firestore.Client, role_team: RoleTeam, role: Role
) -> None:
    team = update_team(db, role_team[role].caller, role_team.id, name=" Acme Corp ")

    assert team.name == "Acme Corp"
    assert paths.team(db, role_team.id).get().get("name") == "Acme Corp"
    (event,) = events_of(db, role_team.id, "team_renamed")
    assert event["previousName"] == "Acme" and event["teamName"] == "Acme Corp"


@pytest.mark.parametrize("role", roles_denied(Action.MANAGE_TEAM))
def test_other_roles_cannot_update_the_team(
    db: firestore.Client, role_team: RoleTeam, role: Role
) -> None:
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        update_team(db, role_team[role].caller, role_team.id, name="Mine now")

    assert team_state(db, role_team.id) == before


def test_renaming_updates_the_name_on_pending_invites(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"))

    update_team(db, owner, role_team.id, name="Acme Corp")

    assert paths.invite(db, role_team.id, sent.invite_id).get().get("teamName") == "Acme Corp"


def test_allowed_domains_are_normalised(db: firestore.Client, role_team: RoleTeam) -> None:
    team = update_team(
        db,
        role_team[Role.OWNER].caller,
        role_team.id,
        allowed_domains=["@ACME.com", "acme.com ", "b.io"],
    )

    assert team.allowed_domains == ("acme.com", "b.io")
    (event,) = events_of(db, role_team.id, "team_updated")
    assert event["changes"] == ["allowedDomains"]


def test_an_invalid_domain_is_refused(db: firestore.Client, role_team: RoleTeam) -> None:
    with pytest.raises(InvalidArgument, match="domain"):
        update_team(
            db, role_team[Role.OWNER].caller, role_team.id, allowed_domains=["not a domain"]
        )


def test_the_seat_limit_cannot_go_below_the_seats_in_use(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    invite_member(db, owner, role_team.id, InviteRequest("p@x.io"))
    before = team_state(db, role_team.id)

    with raises_reason(Reason.SEAT_LIMIT_REACHED, match="6 seats"):
        update_team(db, owner, role_team.id, seat_limit=5)

    assert team_state(db, role_team.id) == before
    assert update_team(db, owner, role_team.id, seat_limit=6).seat_limit == 6
    assert update_team(db, owner, role_team.id, seat_limit=None).seat_limit is None


def test_the_seat_limit_stays_within_the_plan(db: firestore.Client, role_team: RoleTeam) -> None:
    owner = role_team[Role.OWNER].caller
    paths.team(db, role_team.id).update({"billing.seatLimit": 10, "seatLimit": 10})

    with raises_reason(Reason.PLAN_SEAT_LIMIT, match="plan allows at most 10"):
        update_team(db, owner, role_team.id, seat_limit=11)
    with raises_reason(Reason.PLAN_SEAT_LIMIT, match="plan"):
        update_team(db, owner, role_team.id, seat_limit=None)

    assert update_team(db, owner, role_team.id, seat_limit=8).seat_limit == 8


def test_nothing_to_change_is_invalid(db: firestore.Client, role_team: RoleTeam) -> None:
    with pytest.raises(InvalidArgument):
        update_team(db, role_team[Role.OWNER].caller, role_team.id)


def test_the_same_values_write_nothing(db: firestore.Client, role_team: RoleTeam) -> None:
    before = team_state(db, role_team.id)

    update_team(db, role_team[Role.OWNER].caller, role_team.id, name="Acme")

    assert team_state(db, role_team.id) == before


def test_an_unknown_team_gets_the_strangers_answer(db: firestore.Client, build: Builders) -> None:
    with pytest.raises(TeamNotFound):
        update_team(db, build.new_user().caller, "nope", name="x")
