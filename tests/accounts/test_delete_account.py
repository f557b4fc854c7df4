"""deleteAccount: leave every team, delete the teams you are alone in, never orphan a team."""

from __future__ import annotations

import pytest
import requests
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from teamkit import paths, scoped
from teamkit.accounts.delete_account import delete_account
from teamkit.clock import utcnow
from teamkit.errors import LastOwner
from teamkit.roles import Role
from tests.rules.world import entity_document
from tests.support.builders import Builders, RoleTeam
from tests.support.state import assert_counts_match, events_of, role_of, team_state


def test_a_member_leaves_every_team_and_loses_the_account(
    db: firestore.Client, role_team: RoleTeam, build: Builders, accounts: AuthEmulator
) -> None:
    member = role_team[Role.MEMBER]
    other_team, _ = build.new_team(name="Other")
    build.add_member(other_team, Role.ADMIN, user=member)
    paths.notifications(db, member.uid).document("n1").set({"type": "member_added"})

    delete_account(db, member.caller)

    assert role_of(db, role_team.id, member.uid) is None
    assert role_of(db, other_team, member.uid) is None
    assert not paths.user(db, member.uid).get().exists
    assert list(paths.notifications(db, member.uid).stream()) == []
    (left,) = events_of(db, role_team.id, "member_left")
    assert left["reason"] == "account_deleted"
    assert_counts_match(db, role_team.id)
    assert_counts_match(db, other_team)
    with pytest.raises(requests.HTTPError):
        accounts.id_token(member)


def test_the_only_owner_of_a_team_with_members_is_refused(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner = role_team[Role.OWNER]
    other_team, _ = build.new_team(owner=owner, name="Solo")
    before = (team_state(db, role_team.id), team_state(db, other_team))

    with pytest.raises(LastOwner, match="Acme"):
        delete_account(db, owner.caller)

    assert (team_state(db, role_team.id), team_state(db, other_team)) == before
    assert paths.user(db, owner.uid).get().exists


def test_one_of_two_owners_may_delete_their_account(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    second = build.add_member(role_team.id, Role.OWNER)

    delete_account(db, second.caller)

    assert paths.team(db, role_team.id).get().get("ownerCount") == 1
    assert_counts_match(db, role_team.id)


def test_a_team_you_are_alone_in_is_deleted_with_you(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team(name="Solo")

    delete_account(db, owner.caller)

    assert paths.team(db, team_id).get().get("status") == "deleted"
    assert [e["type"] for e in events_of(db, team_id)] == ["team_created", "team_deleted"]


def test_deleting_twice_is_harmless(db: firestore.Client, role_team: RoleTeam) -> None:
    viewer = role_team[Role.VIEWER]
    delete_account(db, viewer.caller)

    delete_account(db, viewer.caller)

    assert_counts_match(db, role_team.id)


def test_private_chats_assistants_and_prompts_go_with_the_account_shared_ones_stay(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    member, other = role_team[Role.MEMBER], role_team[Role.ADMIN]
    now = utcnow()
    for entry in scoped.declared().collections:
        for owner, sharing in ((member, "private"), (member, "public"), (other, "private")):
            entry.reference(db).document(f"{owner.uid}-{sharing}").set(
                entity_document(
                    entry.name,
                    workspace_id=role_team.id,
                    owner_uid=owner.uid,
                    sharing=sharing,
                    at=now,
                )
            )

    delete_account(db, member.caller)

    for entry in scoped.declared().collections:
        left = sorted(snapshot.id for snapshot in entry.reference(db).stream())
        assert left == sorted([f"{member.uid}-public", f"{other.uid}-private"]), entry.name
