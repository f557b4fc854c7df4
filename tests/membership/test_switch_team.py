"""switchTeam: the current team is one you belong to."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.errors import Reason, TeamNotFound
from teamkit.membership.switch_team import switch_team
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.state import events_of


@pytest.mark.parametrize("role", list(Role))
def test_every_member_may_switch_between_their_teams(
    db: firestore.Client, role_team: RoleTeam, build: Builders, role: Role
) -> None:
    person = role_team[role]
    other_team, _ = build.new_team(owner=person, name="Other")

    switch_team(db, person.caller, other_team)
    after_first = paths.user(db, person.uid).get().get("currentTeamId")
    switch_team(db, person.caller, role_team.id)

    assert after_first == other_team
    assert paths.user(db, person.uid).get().get("currentTeamId") == role_team.id


def test_switching_writes_no_team_event(db: firestore.Client, role_team: RoleTeam) -> None:
    before = len(events_of(db, role_team.id))

    switch_team(db, role_team[Role.MEMBER].caller, role_team.id)

    assert len(events_of(db, role_team.id)) == before


def test_a_stranger_cannot_switch_to_a_team(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    stranger = build.new_user()

    with pytest.raises(TeamNotFound):
        switch_team(db, stranger.caller, role_team.id)

    assert not paths.user(db, stranger.uid).get().exists


def test_an_unknown_team_gets_the_strangers_answer(db: firestore.Client, build: Builders) -> None:
    with pytest.raises(TeamNotFound) as refused:
        switch_team(db, build.new_user().caller, "no-such-team")

    assert refused.value.reason is Reason.TEAM_NOT_FOUND


def test_a_super_admin_cannot_switch_to_a_team_they_do_not_belong_to(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    operator = build.new_user(super_admin=True)

    with pytest.raises(TeamNotFound):
        switch_team(db, operator.caller, role_team.id)

    assert not paths.user(db, operator.uid).get().exists


def test_a_super_admin_may_switch_to_a_team_they_belong_to(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    operator = build.add_member(role_team.id, Role.VIEWER, build.new_user(super_admin=True))

    switch_team(db, operator.caller, role_team.id)

    assert paths.user(db, operator.uid).get().get("currentTeamId") == role_team.id
