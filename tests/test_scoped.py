"""The scoped collections' declaration (`teamkit.scoped`): a mistake in the file is refused with
the entry and the fix; deleteTeam, removeMember, leaving and deleteAccount give each collection's
documents the fate it declares, and doing it twice changes nothing; when one of them dies between
its commit and the tidying, the event it recorded finishes the tidying (`settleScopedItems`, run
here in process: tests/test_scoped_trigger.py runs it on the emulator)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from google.cloud import firestore
from google.cloud.firestore import FieldFilter

from teamkit import paths, scoped
from teamkit.accounts.delete_account import delete_account
from teamkit.errors import MemberNotFound, TeamDeleted
from teamkit.event_types import EventType
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.membership.triggers import settle_scoped_items
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from tests.support.builders import Builders, RoleTeam


def entry(**changes: Any) -> dict[str, Any]:
    """A valid declaration entry: `projects` with private items, which the team deletes with it
    and whose author's private items go and shared ones pass to an owner when they leave."""
    return {
        "teamField": "teamId",
        "ownerField": "authorUid",
        "private": {"field": "visibility", "privateValue": "mine", "sharedValue": "team"},
        "read": "READ_TEAM",
        "write": "WRITE_OWN_ENTITIES",
        "moderate": "MANAGE_TEAM",
        "fields": {"name": {"type": "string", "minLength": 1, "maxLength": 80}},
        "onTeamDeleted": "delete",
        "onMemberLeaves": {"private": "delete", "shared": "handToOwner"},
        **changes,
    }


def declaration(**changes: Any) -> str:
    return json.dumps({"collections": {"projects": entry(**changes)}})


PROJECTS = scoped.parse(declaration())


def test_the_shipped_declaration_is_valid_and_declares_the_three_examples() -> None:
    assert [entry.name for entry in scoped.declared().collections] == [
        "chats",
        "assistants",
        "prompts",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"read": "READ_PROJECTS"}, "collections.projects.read: Value error, 'READ_PROJECTS' is"),
        ({"onTeamDeleted": "archive"}, "collections.projects.onTeamDeleted: Input should be"),
        ({"ownerField": "teamId"}, "teamField, ownerField and private.field must differ"),
        ({"fields": {"teamId": {"type": "string"}}}, "['teamId'] are scoping fields"),
        ({"fields": {"n": {"type": "number", "maxLength": 3}}}, "apply to strings only"),
        ({"colour": "blue"}, "collections.projects.colour: Extra inputs are not permitted"),
        ({"teamField": "team id"}, "collections.projects.teamField: String should match"),
    ],
)
def test_a_mistake_in_the_declaration_is_refused_naming_the_entry_and_the_fix(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(scoped.DeclarationError) as refused:
        scoped.parse(declaration(**changes))

    assert message in str(refused.value)


def test_a_collection_of_teamkits_own_cannot_be_declared() -> None:
    text = json.dumps({"collections": {"members": entry()}})

    with pytest.raises(scoped.DeclarationError, match="'members' is the name of one of teamkit"):
        scoped.parse(text)


@pytest.fixture
def projects(monkeypatch: pytest.MonkeyPatch) -> None:
    """The use cases settle with the `projects` declaration instead of the shipped one."""
    monkeypatch.setattr(scoped, "declared", lambda: PROJECTS)


def put(db: firestore.Client, team_id: str, author: str, visibility: str) -> str:
    document_id = f"{team_id}-{author}-{visibility}"
    db.collection("projects").document(document_id).set(
        {"teamId": team_id, "authorUid": author, "visibility": visibility, "name": "Plan"}
    )
    return document_id


def stored(db: firestore.Client) -> dict[str, str]:
    """Each project's id and author."""
    return {doc.id: doc.get("authorUid") for doc in db.collection("projects").stream()}


def test_deleting_a_team_deletes_its_items_when_declared_and_no_other_teams(
    db: firestore.Client, role_team: RoleTeam, build: Builders, projects: None
) -> None:
    owner = role_team[Role.OWNER]
    other_team, other_owner = build.new_team(name="Other")
    put(db, role_team.id, owner.uid, "team")
    put(db, role_team.id, owner.uid, "mine")
    kept = put(db, other_team, other_owner.uid, "team")

    delete_team(db, owner.caller, role_team.id)

    assert stored(db) == {kept: other_owner.uid}


def test_a_removed_members_private_items_go_and_shared_ones_pass_to_an_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders, projects: None
) -> None:
    owner, member, admin = role_team[Role.OWNER], role_team[Role.MEMBER], role_team[Role.ADMIN]
    other_team, _ = build.new_team(name="Other")
    build.add_member(other_team, Role.MEMBER, user=member)
    shared = put(db, role_team.id, member.uid, "team")
    put(db, role_team.id, member.uid, "mine")
    elsewhere = put(db, other_team, member.uid, "mine")
    admins = put(db, role_team.id, admin.uid, "mine")

    remove_member(db, admin.caller, role_team.id, member.uid)

    assert stored(db) == {shared: owner.uid, elsewhere: member.uid, admins: admin.uid}


def test_leaving_twice_settles_once(
    db: firestore.Client, role_team: RoleTeam, projects: None
) -> None:
    owner, viewer = role_team[Role.OWNER], role_team[Role.VIEWER]
    shared = put(db, role_team.id, viewer.uid, "team")
    put(db, role_team.id, viewer.uid, "mine")
    leave_team(db, viewer.caller, role_team.id)

    again = scoped.settle(db, scoped.Change(departures=((role_team.id, viewer.uid),)))

    assert stored(db) == {shared: owner.uid}
    assert again == 0


def test_a_deleted_account_loses_its_private_items_everywhere_and_its_solo_teams_items(
    db: firestore.Client, role_team: RoleTeam, build: Builders, projects: None
) -> None:
    owner, member = role_team[Role.OWNER], role_team[Role.MEMBER]
    solo, _ = build.new_team(owner=member, name="Solo")
    shared = put(db, role_team.id, member.uid, "team")
    put(db, role_team.id, member.uid, "mine")
    put(db, solo, member.uid, "team")

    delete_account(db, member.caller)

    assert stored(db) == {shared: owner.uid}


def test_kept_items_stay_as_they_are(
    db: firestore.Client, role_team: RoleTeam, monkeypatch: pytest.MonkeyPatch
) -> None:
    keeping = scoped.parse(
        declaration(onTeamDeleted="keep", onMemberLeaves={"private": "keep", "shared": "keep"})
    )
    monkeypatch.setattr(scoped, "declared", lambda: keeping)
    owner, member = role_team[Role.OWNER], role_team[Role.MEMBER]
    ids = [put(db, role_team.id, member.uid, visibility) for visibility in ("team", "mine")]

    leave_team(db, member.caller, role_team.id)
    delete_team(db, owner.caller, role_team.id)

    assert stored(db) == dict.fromkeys(ids, member.uid)


class Crash(Exception):
    """The function dies after its commit, before the tidying."""


def crash(*args: object) -> int:
    raise Crash


def deliver(db: firestore.Client, team_id: str, event_type: EventType) -> int:
    """Deliver the team's (only) event of `event_type` to `settleScopedItems`, as the platform
    does at least once."""
    events = paths.events(db, team_id)
    (snapshot,) = events.where(filter=FieldFilter("type", "==", event_type.value)).get()
    return settle_scoped_items(team_id, snapshot.id, snapshot.to_dict())


def test_a_removal_that_died_before_tidying_is_tidied_by_its_event_which_a_retry_cannot(
    db: firestore.Client, role_team: RoleTeam, monkeypatch: pytest.MonkeyPatch, projects: None
) -> None:
    owner, member, admin = role_team[Role.OWNER], role_team[Role.MEMBER], role_team[Role.ADMIN]
    shared = put(db, role_team.id, member.uid, "team")
    put(db, role_team.id, member.uid, "mine")
    with monkeypatch.context() as dying:
        dying.setattr(scoped, "settle", crash)
        with pytest.raises(Crash):
            remove_member(db, admin.caller, role_team.id, member.uid)
    with pytest.raises(MemberNotFound):
        remove_member(db, admin.caller, role_team.id, member.uid)

    assert deliver(db, role_team.id, EventType.MEMBER_REMOVED) == 2
    assert deliver(db, role_team.id, EventType.MEMBER_REMOVED) == 0
    assert stored(db) == {shared: owner.uid}


def test_a_team_deletion_that_died_before_tidying_is_tidied_by_its_event(
    db: firestore.Client, role_team: RoleTeam, monkeypatch: pytest.MonkeyPatch, projects: None
) -> None:
    owner, member = role_team[Role.OWNER], role_team[Role.MEMBER]
    put(db, role_team.id, member.uid, "team")
    put(db, role_team.id, owner.uid, "mine")
    with monkeypatch.context() as dying:
        dying.setattr(scoped, "settle", crash)
        with pytest.raises(Crash):
            delete_team(db, owner.caller, role_team.id)
    with pytest.raises(TeamDeleted):
        delete_team(db, owner.caller, role_team.id)

    assert deliver(db, role_team.id, EventType.TEAM_DELETED) == 2
    assert stored(db) == {}


def test_a_late_departure_event_leaves_a_member_who_came_back_their_items(
    db: firestore.Client, role_team: RoleTeam, build: Builders, projects: None
) -> None:
    viewer = role_team[Role.VIEWER]
    leave_team(db, viewer.caller, role_team.id)
    build.add_member(role_team.id, Role.VIEWER, user=viewer)
    ids = [put(db, role_team.id, viewer.uid, visibility) for visibility in ("team", "mine")]

    assert deliver(db, role_team.id, EventType.MEMBER_LEFT) == 0
    assert stored(db) == dict.fromkeys(ids, viewer.uid)


def test_the_event_of_an_account_deletion_also_deletes_its_private_items_everywhere(
    db: firestore.Client,
    role_team: RoleTeam,
    build: Builders,
    monkeypatch: pytest.MonkeyPatch,
    projects: None,
) -> None:
    owner, member = role_team[Role.OWNER], role_team[Role.MEMBER]
    left_before, _ = build.new_team(name="Left before")
    shared = put(db, role_team.id, member.uid, "team")
    put(db, role_team.id, member.uid, "mine")
    put(db, left_before, member.uid, "mine")
    with monkeypatch.context() as dying:
        dying.setattr(scoped, "settle", crash)
        with pytest.raises(Crash):
            delete_account(db, member.caller)

    assert deliver(db, role_team.id, EventType.MEMBER_LEFT) == 3
    assert stored(db) == {shared: owner.uid}
