"""teamkit's rules merged into an app's own rules file (`scripts/teamkit-rules merge`) decide as
firestore.rules does, and the app's own rules keep deciding for the app's collections, although
the app's helper functions share names with teamkit's (tests/rules/app/firestore.rules).

The matrix cells of a representative part of teamkit's collections run against the merged file:
profiles, teams, members, invites, join requests, mail and one workspace entity kind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from google.cloud import firestore

from devtools.emulators import ROOT, Suite
from devtools.rules_client import DENIED, Identity, RulesClient
from devtools.teamkit_rules import merge_rules
from tests.rules.conftest import WorldKeeper, rules_in_force
from tests.rules.test_matrix import CELLS, Cell, check_cell
from tests.rules.world import World

APP_RULES = ROOT / "tests" / "rules" / "app" / "firestore.rules"
SAMPLED = {"users", "teams", "members", "invites", "joinRequests", "mail", "chats"}
SAMPLE = [cell for cell in CELLS if cell.operation.collection in SAMPLED]
OWNER = Identity(uid="project-owner", email="owner@app.example")
UNVERIFIED = Identity(uid="unverified", email="unverified@app.example", email_verified=False)


@pytest.fixture(scope="module", autouse=True)
def merged_rules(suite: Suite) -> Iterator[None]:
    with rules_in_force(suite, merge_rules(APP_RULES.read_text(), prefix="")):
        yield


@pytest.mark.parametrize("cell", SAMPLE, ids=[cell.id for cell in SAMPLE])
def test_merged_rules_give_each_actor_exactly_what_teamkits_contract_allows(
    cell: Cell, rules_client: RulesClient, world: World, keeper: WorldKeeper
) -> None:
    check_cell(cell, rules_client, world, keeper)


def test_the_apps_own_rules_still_decide_for_its_collections(
    rules_client: RulesClient, server: firestore.Client
) -> None:
    server.document("projects/p1").set({"ownerUid": OWNER.uid, "name": "Roadmap"})
    server.document("projects/p1/comments/c1").set({"text": "Ship it"})
    project = {"ownerUid": OWNER.uid, "name": "Launch", "at": datetime.now(UTC)}
    stranger = Identity(uid="stranger", email="stranger@app.example")

    assert rules_client.get(OWNER, "projects/p1").allowed
    assert rules_client.get(OWNER, "projects/p1/comments/c1").allowed
    assert rules_client.create(OWNER, "projects/p2", project).allowed
    assert rules_client.get(stranger, "projects/p1").status == DENIED
    assert rules_client.get(stranger, "projects/p1/comments/c1").status == DENIED


def test_each_side_calls_its_own_helper_functions_of_the_same_name(
    rules_client: RulesClient, server: firestore.Client
) -> None:
    server.document("projects/p3").set({"ownerUid": UNVERIFIED.uid, "name": "Mine"})
    server.document(f"users/{UNVERIFIED.uid}").set({"displayName": "Unverified"})

    # The app's signedIn() asks for a verified email; teamkit's, of the same name, does not.
    assert rules_client.get(UNVERIFIED, "projects/p3").status == DENIED
    assert rules_client.get(UNVERIFIED, f"users/{UNVERIFIED.uid}").allowed
