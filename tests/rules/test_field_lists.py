"""The field lists of firestore.rules are the document models' client-writable fields: each
`hasOnly`/`hasAll` list (and the lists they are built from) equals the fields its model marks
`CLIENT` (`teamkit.documents`), so a field added to one and not the other fails here (pure: the
rules file is parsed, no emulator)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teamkit.documents import (
    AssistantDocument,
    ChatDocument,
    EntityDocument,
    NotificationPrefs,
    PromptDocument,
    UserDocument,
    client_writable,
)
from teamkit.event_types import EventType

RULES = (Path(__file__).resolve().parents[2] / "firestore.rules").read_text()


def listed(text: str) -> set[str]:
    """The strings of a rules list literal's inside: `'a', 'b'` -> {"a", "b"}."""
    return set(re.findall(r"'([^']*)'", text))


def returned_list(function: str) -> set[str]:
    """The list a rules function without arguments returns (`function profileKeys() {...}`)."""
    found = re.search(rf"function {function}\(\) \{{\s*return \[([^\]]*)\];", RULES)
    assert found, f"firestore.rules has no function {function}() returning a list"
    return listed(found[1])


def required(model: type[EntityDocument]) -> set[str]:
    return {
        field.alias or name for name, field in model.model_fields.items() if field.is_required()
    }


def test_a_profile_update_may_change_the_client_fields_of_the_user_document() -> None:
    assert returned_list("profileKeys") == client_writable(UserDocument)


def test_notification_preferences_are_the_fields_of_their_model() -> None:
    found = re.search(r"prefs\.keys\(\)\.hasOnly\(\[([^\]]*)\]\)", RULES)

    assert found and listed(found[1]) == client_writable(NotificationPrefs)


def test_emails_may_be_turned_off_for_every_event_type_and_no_other() -> None:
    assert returned_list("eventTypes") == {event_type.value for event_type in EventType}


@pytest.mark.parametrize("collection", ["chats", "assistants", "prompts"])
def test_every_entity_has_the_required_fields_of_the_entity_model(collection: str) -> None:
    assert returned_list(f"{collection}RequiredKeys") == required(EntityDocument)


@pytest.mark.parametrize(
    ("collection", "model"),
    [("chats", ChatDocument), ("assistants", AssistantDocument), ("prompts", PromptDocument)],
)
def test_an_entity_may_hold_the_client_fields_of_its_model_and_no_other(
    collection: str, model: type[EntityDocument]
) -> None:
    block = re.search(rf"match /{collection}/\{{\w+\}} \{{(.*?)\n    \}}", RULES, re.S)
    assert block and f"{collection}Valid(request.resource.data)" in block[1]

    allowed = returned_list(f"{collection}Keys")

    assert allowed == client_writable(model)
    assert required(model) == required(EntityDocument)
