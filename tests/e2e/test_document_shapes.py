"""The Firestore document models (`teamkit.documents`, published in docs/openapi.json) are what
the functions really write: after a representative flow over HTTP, with the triggers running,
every document of the collections clients read validates against its model, which forbids
undeclared fields. A writer that adds a field without its model fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from google.cloud import firestore
from pydantic import BaseModel, ValidationError

from teamkit import paths
from teamkit.documents import (
    AssistantDocument,
    ChatDocument,
    EntityDocument,
    Invite,
    Member,
    PromptDocument,
    Team,
    UserDocument,
)
from teamkit.events import EventDocument, NotificationDocument
from teamkit.migrate.registry import DOCUMENTS
from teamkit.roles import Role
from tests.notifications.helpers import client_readable_documents
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.waiting import eventually, wait_until_settled

pytestmark = pytest.mark.triggers

RULES = Path(__file__).resolve().parents[2] / "firestore.rules"


def model_for(path: str) -> type[BaseModel] | None:
    parts = path.split("/")
    shapes: dict[tuple[str, ...], type[BaseModel]] = {
        (paths.USERS,): UserDocument,
        (paths.USERS, paths.NOTIFICATIONS): NotificationDocument,
        (paths.TEAMS,): Team,
        (paths.TEAMS, paths.MEMBERS): Member,
        (paths.TEAMS, paths.INVITES): Invite,
        (paths.TEAMS, paths.EVENTS): EventDocument,
    }
    return shapes.get(tuple(parts[0::2]))


def test_every_document_of_a_representative_flow_matches_its_model(
    api: Api,
    build: Builders,
    db: firestore.Client,
) -> None:
    alice, bob, carol, dave = (
        build.new_user(f"{n}@x.io") for n in ("alice", "bob", "carol", "dave")
    )
    team_id = api.call("createTeam", alice, {"name": "Acme"}).body["teamId"]
    api.call("updateTeam", alice, {"teamId": team_id, "name": "Acme Corp", "seatLimit": 20})
    invited = api.call("inviteMember", alice, {"teamId": team_id, "email": bob.email}).body
    bulk = api.call(
        "inviteMembers",
        alice,
        {"teamId": team_id, "invites": [{"email": "erin@x.io"}, {"email": dave.email}]},
    ).body["results"]
    api.call("acceptInvite", bob, {"teamId": team_id, "inviteId": invited["inviteId"]})
    api.call("declineInvite", dave, {"teamId": team_id, "inviteId": bulk[1]["inviteId"]})
    api.call("revokeInvite", alice, {"teamId": team_id, "inviteId": bulk[0]["inviteId"]})
    api.call("addExistingMember", alice, {"teamId": team_id, "uid": carol.uid, "role": "viewer"})
    changed = api.call(
        "changeMemberRoles", alice, {"teamId": team_id, "changes": {bob.uid: Role.ADMIN.value}}
    )
    api.call("removeMember", bob, {"teamId": team_id, "uid": carol.uid})
    api.call("switchTeam", bob, {"teamId": team_id})
    assert changed.status == 200, changed.body

    def fanned_out() -> None:
        events = list(paths.events(db, team_id).stream())
        assert events and all(e.get("fanOut") for e in events)

    eventually(fanned_out, timeout=90)
    wait_until_settled(db)

    seen: dict[str, int] = {}
    problems = []
    for path, data in client_readable_documents(db):
        model = model_for(path)
        if model is None:
            continue
        seen[model.__name__] = seen.get(model.__name__, 0) + 1
        try:
            model.model_validate(data)
        except ValidationError as error:
            problems.append(f"{path}: {error}")
    assert not problems, "\n".join(problems)
    assert set(seen) == {
        m.__name__
        for m in (
            UserDocument,
            NotificationDocument,
            Team,
            Member,
            Invite,
            EventDocument,
        )
    }, seen


@pytest.mark.parametrize(
    ("collection", "model"),
    [("chats", ChatDocument), ("assistants", AssistantDocument), ("prompts", PromptDocument)],
)
def test_the_workspace_entity_models_list_the_fields_the_rules_allow(
    collection: str, model: type[EntityDocument]
) -> None:
    rules = RULES.read_text()
    keys = re.search(rf"function {collection}Keys\(\) \{{\s*return \[([^\]]*)\]", rules)
    assert keys
    allowed = {key.strip(" '\n") for key in keys[1].split(",")}

    assert set(model.model_fields) == allowed
    assert f"{collection}/" in next(p for p, m in DOCUMENTS.items() if m is model)
