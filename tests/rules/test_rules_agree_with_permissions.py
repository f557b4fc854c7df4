"""firestore.rules spells out role lists (the rules language cannot import Python); each one is
marked with the Action of `teamkit.roles.PERMISSIONS` it copies. These checks read the file and
fail with the exact list to fix when the two drift apart, before the matrix runs a request.
The matrix (test_matrix.py) then proves the same agreement on the rules engine."""

from __future__ import annotations

import re

import pytest

from devtools.emulators import ROOT
from teamkit.event_types import EventType
from teamkit.roles import PERMISSIONS, Action

RULES = (ROOT / "firestore.rules").read_text()
MARKED_LIST = re.compile(
    r"// PERMISSIONS\[(?P<action>[A-Z_]+)\]\s*\n"
    r"\s*function \w+\(\) \{\s*return \[(?P<roles>[^\]]*)\];"
)
# The actions that decide what a client may read or write directly in Firestore.
ACTIONS_IN_RULES = {
    Action.READ_TEAM,
    Action.READ_INVITES,
    Action.READ_EVENTS,
    Action.READ_SHARED_ENTITIES,
    Action.WRITE_OWN_ENTITIES,
    Action.MODERATE_ENTITIES,
    Action.MANAGE_LINKS,
    Action.REVIEW_JOIN_REQUESTS,
}


def _quoted(text: str) -> set[str]:
    return set(re.findall(r"'([^']*)'", text))


def _role_lists() -> dict[Action, set[str]]:
    return {
        Action[match["action"]]: _quoted(match["roles"]) for match in MARKED_LIST.finditer(RULES)
    }


def test_the_rules_copy_every_action_clients_touch() -> None:
    assert set(_role_lists()) == ACTIONS_IN_RULES


@pytest.mark.parametrize("action", sorted(ACTIONS_IN_RULES), ids=lambda action: action.name)
def test_each_role_list_in_the_rules_equals_the_permission_table(action: Action) -> None:
    in_rules = _role_lists().get(action, set())

    assert in_rules == {role.value for role in PERMISSIONS[action]}, (
        f"firestore.rules PERMISSIONS[{action.name}] lists {sorted(in_rules)}; "
        f"teamkit.roles says {sorted(role.value for role in PERMISSIONS[action])}"
    )


def test_per_type_email_preferences_name_every_event_type() -> None:
    function = re.search(r"function eventTypes\(\) \{\s*return \[([^\]]*)\];", RULES)
    assert function is not None

    assert _quoted(function[1]) == {event.value for event in EventType}


def _root_matches() -> list[str]:
    """The collections matched directly under `/databases/{database}/documents`: the `match`
    lines at that block's depth (comments and strings aside, braces mark the depth)."""
    collections = []
    depth = 0
    for line in RULES.splitlines():
        code = line.split("//", 1)[0]
        opening = re.match(r"\s*match /([^/{\s]+)/\{", code)
        if depth == 2 and opening:
            collections.append(opening[1])
        depth += code.count("{") - code.count("}")
    return collections


def test_no_collection_is_matched_twice_at_the_root() -> None:
    """Two blocks for one collection OR their allows: a later, looser copy would widen the
    first without anyone reading both."""
    matches = _root_matches()

    assert {"teams", "rateLimits", "mail"} <= set(matches)  # the scan sees the root
    assert sorted(name for name in set(matches) if matches.count(name) > 1) == []
