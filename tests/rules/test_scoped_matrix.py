"""The generated matrix of an app's own scoped collections: for each collection declared in
tests/rules/app/teamkit.scoped.json (one without private items, one with other permissions),
each actor and each operation, the rules written from the declaration allow exactly what it
says (operations.scoped_operations). The shipped collections' cells, generated the same way
from functions/teamkit.scoped.json, run in test_matrix.py against firestore.rules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devtools.emulators import Suite
from devtools.rules_client import RulesClient
from devtools.teamkit_rules import standalone_rules
from tests.rules.conftest import WorldKeeper, rules_in_force
from tests.rules.operations import scoped_operations
from tests.rules.test_matrix import Cell, check_cell
from tests.rules.world import APP_COLLECTIONS, DECLARATION, Actor, World

CELLS = [
    Cell(operation, actor)
    for entry in APP_COLLECTIONS
    for operation in scoped_operations(entry)
    for actor in Actor
]


@pytest.fixture(scope="module", autouse=True)
def declared_rules(suite: Suite) -> Iterator[None]:
    with rules_in_force(suite, standalone_rules(declaration=DECLARATION)):
        yield


@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_each_actor_gets_exactly_what_the_declaration_allows(
    cell: Cell, rules_client: RulesClient, world: World, keeper: WorldKeeper
) -> None:
    check_cell(cell, rules_client, world, keeper)
