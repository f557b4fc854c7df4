"""teamkit's rules under a collection prefix (TEAMKIT_COLLECTION_PREFIX, teamkit.paths) open only
teamkit's own collections: an app's collections of the same names (a root `users`, or `members`,
`invites` and `joinRequests` anywhere, which teamkit's collection-group matches reach) stay
closed to strangers, as the app's own rules leave them.

The contrast: under the default names teamkit's rules open those same documents to whoever they
name, which is why an app that has such collections sets a prefix (docs/rules.md)."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from devtools.emulators import Suite
from devtools.rules_client import DENIED, Identity, Outcome, Query, RulesClient
from devtools.teamkit_rules import standalone_rules
from tests.rules.conftest import rules_in_force

PREFIX = "teamkit_"
# Signed in to the app with a verified email, in no teamkit team; the app's documents name them.
STRANGER = Identity(uid="app-user", email="app-user@example.org")
APP_DOCUMENTS = {
    "users/app-user": {"displayName": "App user", "plan": "pro"},
    "projects/p1/members/app-user": {"uid": "app-user", "role": "editor"},
    "projects/p1/invites/i1": {"email": "app-user@example.org", "status": "pending"},
    "projects/p1/joinRequests/app-user": {"uid": "app-user"},
}


@pytest.fixture
def app_documents(server: firestore.Client) -> None:
    for path, data in APP_DOCUMENTS.items():
        server.document(path).set(data)


def _app_requests(client: RulesClient) -> dict[str, Outcome]:
    """The stranger reads each app document, and queries the collection groups teamkit's rules
    match for what names them."""
    group_queries = {
        "members": ("uid", STRANGER.uid),
        "invites": ("email", STRANGER.email),
        "joinRequests": ("uid", STRANGER.uid),
    }
    return {
        **{f"get {path}": client.get(STRANGER, path) for path in APP_DOCUMENTS},
        **{
            f"group {group}": client.query(
                STRANGER, Query(group, group=True, where=((field, "==", value),))
            )
            for group, (field, value) in group_queries.items()
        },
    }


@pytest.mark.usefixtures("app_documents")
def test_an_apps_same_named_collections_stay_closed_to_strangers_under_a_prefix(
    suite: Suite, rules_client: RulesClient
) -> None:
    with rules_in_force(suite, standalone_rules(PREFIX)):
        outcomes = _app_requests(rules_client)

    assert {request: o.status for request, o in outcomes.items()} == dict.fromkeys(outcomes, DENIED)


@pytest.mark.usefixtures("app_documents")
def test_under_the_default_names_teamkits_rules_would_open_them(
    rules_client: RulesClient,
) -> None:
    outcomes = _app_requests(rules_client)

    assert all(outcome.allowed for outcome in outcomes.values()), outcomes
    assert outcomes["group members"].paths == ["projects/p1/members/app-user"]


def test_teamkits_own_collections_follow_the_prefix(
    suite: Suite, rules_client: RulesClient, server: firestore.Client
) -> None:
    member = Identity(uid="member-1", email="member-1@example.org")
    team = f"{PREFIX}teams/t1"
    server.document(team).set({"name": "Team", "status": "active"})
    server.document(f"{team}/{PREFIX}members/{member.uid}").set(
        {"uid": member.uid, "teamId": "t1", "role": "member"}
    )
    server.document(f"{PREFIX}users/{member.uid}").set({"displayName": "Member"})
    my_memberships = Query(f"{PREFIX}members", group=True, where=(("uid", "==", member.uid),))

    with rules_in_force(suite, standalone_rules(PREFIX)):
        team_for_member = rules_client.get(member, team)
        memberships = rules_client.query(member, my_memberships)
        profile = rules_client.get(member, f"{PREFIX}users/{member.uid}")
        team_for_stranger = rules_client.get(STRANGER, team)

    assert team_for_member.allowed, team_for_member.body
    assert memberships.paths == [f"{team}/{PREFIX}members/{member.uid}"]
    assert profile.allowed, profile.body
    assert team_for_stranger.status == DENIED
