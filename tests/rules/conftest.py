"""Fixtures of the rules tests: a client that is subject to firestore.rules, and one shared world
(see world.py) that is put back only after a test changed it.

The root conftest empties Firestore and Auth before every test; here that would mean rebuilding
the world hundreds of times, so `_fresh_emulators` is overridden for this directory: the world
is restored when a test wrote something (an allowed client write, or setup through `server`) or
when another test emptied the database in between.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from devtools.emulators import ROOT, Suite
from devtools.rules_client import RulesClient, load_rules
from tests.rules.world import World, build_world, restore


class WorldKeeper:
    """Knows whether the database still holds the world, and puts it back when not."""

    def __init__(self, suite: Suite, db: firestore.Client, world: World) -> None:
        self.suite = suite
        self.db = db
        self.world = world
        self.dirty = False

    def ensure(self) -> None:
        # Any other test empties the database first, so a missing team means someone did.
        if self.dirty or not self.db.document(f"teams/{self.world.team_id}").get().exists:
            self.suite.set_background_triggers(False)
            restore(self.suite, self.db, self.world.documents)
            self.dirty = False


@pytest.fixture(scope="session")
def world(suite: Suite, db: firestore.Client, accounts: AuthEmulator) -> World:
    return build_world(suite, db, accounts)


@pytest.fixture(scope="session")
def keeper(suite: Suite, db: firestore.Client, world: World) -> WorldKeeper:
    return WorldKeeper(suite, db, world)


@pytest.fixture(scope="session")
def rules_client(suite: Suite) -> RulesClient:
    """Sends requests as a client app would, so firestore.rules decide."""
    return RulesClient(suite.firestore_documents_url, suite.project)


@contextmanager
def rules_in_force(suite: Suite, rules: str) -> Iterator[None]:
    """The emulator enforces `rules` instead of firestore.rules until the block ends (for the
    tests of other renderings of teamkit's rules: a collection prefix, an app's merged file)."""
    load_rules(suite.firestore_host, suite.project, rules)
    try:
        yield
    finally:
        load_rules(suite.firestore_host, suite.project, (ROOT / "firestore.rules").read_text())


@pytest.fixture(autouse=True)
def _fresh_emulators(request: pytest.FixtureRequest) -> Iterator[None]:
    """Overrides the root fixture for rules tests: the shared world instead of an empty
    database. Firestore triggers stay off (the world's events must not fan out)."""
    if "suite" not in request.fixturenames:
        yield
        return
    assert request.node.get_closest_marker("triggers") is None, "rules tests run no triggers"
    keeper: WorldKeeper = request.getfixturevalue("keeper")
    client: RulesClient = request.getfixturevalue("rules_client")
    keeper.ensure()
    writes_before = client.writes_allowed
    yield
    if client.writes_allowed != writes_before:
        keeper.dirty = True


@pytest.fixture
def server(keeper: WorldKeeper) -> firestore.Client:
    """The server client (bypasses the rules) for a test's own setup; the world is put back
    before the next test."""
    keeper.dirty = True
    return keeper.db
