"""TEAMKIT_COLLECTION_PREFIX, read when `teamkit.paths` is imported: the trigger patterns the
functions are declared with and every path the code builds carry it, so the value the Firebase
CLI declares the functions with (from functions/.env) is the one they run with.

Each check imports the code in a fresh interpreter with the variable set, as the CLI and a
function instance do."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from devtools.emulators import ROOT

PREFIX = "teamkit_"

TRIGGER_PATTERNS = """
import json, main
print(json.dumps({
    name: value.__firebase_endpoint__.eventTrigger["eventFilterPathPatterns"]["document"]
    for name, value in vars(main).items()
    if getattr(getattr(value, "__firebase_endpoint__", None), "eventTrigger", None)
    and "eventFilterPathPatterns" in value.__firebase_endpoint__.eventTrigger
}))
"""

EVERY_PATH = """
import inspect, json
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from teamkit import paths, scoped
db = firestore.Client(project="demo-paths", credentials=AnonymousCredentials())
built = {}
for name, function in vars(paths).items():
    if inspect.isfunction(function) and list(inspect.signature(function).parameters)[:1] == ["db"]:
        ids = [f"id{n}" for n in range(len(inspect.signature(function).parameters) - 1)]
        built[name] = function(db, *ids)._path
for entry in scoped.declared().collections:  # the shipped examples are declared under it
    built[entry.name] = entry.reference(db)._path
print(json.dumps(built))
"""


def _run(code: str, prefix: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "functions"),
        "TEAMKIT_COLLECTION_PREFIX": prefix,
    }
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_the_firestore_triggers_are_declared_on_the_prefixed_collections() -> None:
    answer = _run(TRIGGER_PATTERNS, PREFIX)

    assert json.loads(answer.stdout) == {
        "syncBilling": "teamkit_teams/{teamId}/teamkit_events/{eventId}",
        "settleScopedItems": "teamkit_teams/{teamId}/teamkit_events/{eventId}",
        "onTeamEvent": "teamkit_teams/{teamId}/teamkit_events/{eventId}",
        "onMailQueued": "teamkit_mail/{mailId}",
    }, answer.stderr


def test_every_path_the_code_builds_names_its_collections_under_the_prefix() -> None:
    answer = _run(EVERY_PATH, PREFIX)
    built: dict[str, list[str]] = json.loads(answer.stdout)

    collections = {name: path[0::2] for name, path in built.items()}
    assert built["member"] == ["teamkit_teams", "id0", "teamkit_members", "id1"]
    assert len(collections) > 20
    assert {
        name: ids for name, ids in collections.items() if not all(i.startswith(PREFIX) for i in ids)
    } == {}


def test_without_a_prefix_the_names_are_the_defaults() -> None:
    answer = _run(TRIGGER_PATTERNS, "")

    assert json.loads(answer.stdout)["onMailQueued"] == "mail/{mailId}", answer.stderr


def test_a_prefix_firestore_or_the_rules_would_refuse_stops_the_import_with_the_variable() -> None:
    answer = _run("import teamkit.paths", "teamkit-")

    assert answer.returncode != 0
    assert "TEAMKIT_COLLECTION_PREFIX='teamkit-'" in answer.stderr
