"""createTeam: the caller becomes the first owner."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.errors import InvalidArgument
from teamkit.roles import Role
from teamkit.teams.create_team import create_team
from tests.support.builders import Builders
from tests.support.state import assert_counts_match, events_of, role_of


def test_the_creator_becomes_the_only_owner(db: firestore.Client, build: Builders) -> None:
    alice = build.new_user(name="Alice")

    created = create_team(db, alice.caller, "  Acme  ")

    team = paths.team(db, created.team_id).get().to_dict()
    assert team is not None
    assert team["name"] == "Acme"
    assert team["status"] == "active"
    assert team["createdBy"] == alice.uid
    assert team["seatLimit"] is None and team["allowedDomains"] == []
    assert role_of(db, created.team_id, alice.uid) is Role.OWNER
    assert_counts_match(db, created.team_id)


def test_records_a_team_created_event_and_sets_the_current_team(
    db: firestore.Client, build: Builders
) -> None:
    alice = build.new_user()

    created = create_team(db, alice.caller, "Acme")

    (event,) = events_of(db, created.team_id)
    assert event["type"] == "team_created"
    assert event["actorUid"] == alice.uid and event["role"] == "owner"
    assert paths.user(db, alice.uid).get().get("currentTeamId") == created.team_id


def test_a_second_team_keeps_the_first_as_current(db: firestore.Client, build: Builders) -> None:
    alice = build.new_user()
    first = create_team(db, alice.caller, "One")

    create_team(db, alice.caller, "Two")

    assert paths.user(db, alice.uid).get().get("currentTeamId") == first.team_id


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_refuses_an_empty_or_overlong_name(
    db: firestore.Client, build: Builders, name: str
) -> None:
    alice = build.new_user()

    with pytest.raises(InvalidArgument):
        create_team(db, alice.caller, name)

    assert list(paths.teams(db).stream()) == []
