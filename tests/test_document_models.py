"""The document models read every document an earlier version wrote: the Firestore emulator
loads each export in `tests/fixtures/` (made by `devtools/export_fixture.py` with that version's
code), and every document in it parses with the model registered for its path
(`teamkit.migrate.registry.STORED`). A model that renames, drops or narrows a
stored field fails here, as does a collection without a model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.cloud import firestore
from pydantic import BaseModel, ValidationError

from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from teamkit.documents import EventSecret
from teamkit.migrate.registry import STORED, collection_path

EXPORTS = sorted((ROOT / "tests" / "fixtures").glob("export-v*"))


NEVER_AT_REST: set[type[BaseModel]] = {EventSecret}
"""Models of documents that live only seconds (an invite's raw token, deleted as soon as its
mail is queued), so that a settled export holds none."""


@pytest.fixture(scope="module", params=EXPORTS, ids=lambda export: export.name)
def stored(request: pytest.FixtureRequest) -> list[tuple[str, dict[str, Any]]]:
    """Every document (path and data) of one export, read from the Firestore emulator alone,
    which is stopped again once they are read."""
    export: Path = request.param
    run = f"export-{os.getpid()}"
    process = EmulatorProcess(
        Suite(Ports.free(), project=f"demo-teamkit-{run}"),
        env={},
        log_path=ROOT / ".run" / f"emulators-{run}.log",
        config_name=run,
        firestore_only=True,
        import_from=export,
    )
    suite = process.start()
    previous = os.environ.get("FIRESTORE_EMULATOR_HOST")
    os.environ["FIRESTORE_EMULATOR_HOST"] = suite.firestore_host
    try:
        return list(stored_documents(firestore.Client(project=suite.project)))
    finally:
        process.stop()
        if previous is None:
            os.environ.pop("FIRESTORE_EMULATOR_HOST", None)
        else:
            os.environ["FIRESTORE_EMULATOR_HOST"] = previous


def stored_documents(db: firestore.Client) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every document (path and data) of every collection, at any depth: a collection group
    without a name is a kindless query over the whole database, one round trip."""
    for snapshot in db.collection_group("").stream():
        yield snapshot.reference.path, snapshot.to_dict() or {}


def test_the_export_holds_every_kind_of_document(stored: list[tuple[str, dict[str, Any]]]) -> None:
    collections = {collection_path(path) for path, _ in stored}

    without_model = {c for c in collections if c not in STORED}
    assert not without_model, f"collections without a document model: {sorted(without_model)}"
    expected = {c for c, model in STORED.items() if model not in NEVER_AT_REST}
    assert expected <= collections, f"no document in the export: {expected - collections}"


def test_every_stored_document_parses_with_its_model(
    stored: list[tuple[str, dict[str, Any]]],
) -> None:
    parsed: dict[type[BaseModel], int] = {}
    problems = []

    for path, data in stored:
        model = STORED.get(collection_path(path))
        if model is None:
            continue
        try:
            model.model_validate(data)
        except ValidationError as error:
            problems.append(f"{path}: {error}")
        parsed[model] = parsed.get(model, 0) + 1

    assert not problems, "\n".join(problems)
    assert set(parsed) == set(STORED.values()) - NEVER_AT_REST
