"""The rules matrix: every actor x every collection x every operation, against the emulator's
real rules engine loaded with the project's firestore.rules. One test per cell, so the count is
reported; expectations come from operations.py (derived from PERMISSIONS where it applies)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from devtools.rules_client import RulesClient
from tests.rules.conftest import WorldKeeper
from tests.rules.operations import OPERATIONS, Operation, Request
from tests.rules.world import Actor, World


@dataclass(frozen=True)
class Cell:
    operation: Operation
    actor: Actor

    @property
    def allowed(self) -> bool:
        return self.operation.expect(self.actor)

    @property
    def id(self) -> str:
        verdict = "allowed" if self.allowed else "denied"
        return f"{self.operation.collection}.{self.operation.name}.{self.actor.value}.{verdict}"


CELLS = [Cell(operation, actor) for operation in OPERATIONS for actor in Actor]


@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_each_actor_gets_exactly_what_the_contract_allows(
    cell: Cell, rules_client: RulesClient, world: World, keeper: WorldKeeper
) -> None:
    check_cell(cell, rules_client, world, keeper)


def check_cell(cell: Cell, rules_client: RulesClient, world: World, keeper: WorldKeeper) -> None:
    """Run the cell's operation as its actor against the rules in force; the rules must allow
    it exactly when the contract does (also run against rules merged into an app's file)."""
    if cell.operation.prepare is not None:
        keeper.dirty = True
        cell.operation.prepare(keeper.db, world, cell.actor)

    outcome = cell.operation.run(Request(rules_client, world, cell.actor))

    assert outcome.allowed is cell.allowed, (
        f"{cell.id}: the rules answered {outcome.status}: {outcome.body}"
    )
