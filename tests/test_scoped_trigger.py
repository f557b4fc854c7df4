"""`settleScopedItems` on the Functions emulator: a use case that dies between its commit and the
tidying leaves the tidying to the event it recorded, which the trigger finishes in its own
process. That process reads the shipped declaration, whose only tidying is the one every
declaration with private items gets: a deleted account's private items go, in every team; the
declared fates of removals and deleted teams are run through the same handler in process by
tests/test_scoped.py."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import scoped
from teamkit.accounts.delete_account import delete_account
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.waiting import eventually

pytestmark = pytest.mark.triggers


class Crash(Exception):
    """The function dies after its commit, before the tidying."""


def crash(*args: object) -> int:
    raise Crash


def test_the_trigger_deletes_the_private_items_of_an_account_whose_deletion_died_after_commit(
    db: firestore.Client, role_team: RoleTeam, build: Builders, monkeypatch: pytest.MonkeyPatch
) -> None:
    (chats,) = [entry for entry in scoped.declared().collections if entry.name == "chats"]
    assert chats.private is not None
    member = role_team[Role.MEMBER]
    left_before, _ = build.new_team(name="Left before")

    def put(team_id: str, sharing: str) -> str:
        reference = chats.reference(db).document(f"{team_id}-{sharing}")
        reference.set({"workspaceId": team_id, "ownerUid": member.uid, "sharing": sharing})
        return reference.id

    shared = put(role_team.id, chats.private.shared_value)
    put(role_team.id, chats.private.private_value)
    put(left_before, chats.private.private_value)
    monkeypatch.setattr(scoped, "settle", crash)  # in this process only, not the emulator's

    with pytest.raises(Crash):
        delete_account(db, member.caller)

    def tidied() -> None:
        assert [snapshot.id for snapshot in chats.reference(db).stream()] == [shared]

    eventually(tidied, timeout=90)  # a cold trigger worker, on a loaded machine
