"""scripts/teamkit-rules: firestore.rules is its template rendered with the default names, and
teamkit's rules and indexes merge into an app's files without touching the app's own entries,
the same way every time (tests/rules/test_merged_rules.py runs the merged rules on the emulator).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from devtools.emulators import ROOT
from devtools.teamkit_rules import (
    BEGIN,
    END,
    RULES,
    MergeError,
    deployed_declaration,
    indexes_text,
    merge_indexes,
    merge_rules,
    rules_block,
    standalone_rules,
    teamkit_indexes,
)
from teamkit import scoped

APP = ROOT / "tests" / "rules" / "app"
APP_RULES = (APP / "firestore.rules").read_text()
PREFIX = "teamkit_"
APP_INDEX = {
    "collectionGroup": "projects",
    "queryScope": "COLLECTION",
    "fields": [
        {"fieldPath": "ownerUid", "order": "ASCENDING"},
        {"fieldPath": "updatedAt", "order": "DESCENDING"},
    ],
}
APP_OVERRIDE = {"collectionGroup": "sessions", "fieldPath": "expireAt", "ttl": True, "indexes": []}


def test_the_committed_rules_are_the_template_rendered_with_the_default_names() -> None:
    assert RULES.read_text() == standalone_rules(), "run scripts/teamkit-rules generate"


def test_a_prefix_renames_every_collection_the_rules_name_and_nothing_else() -> None:
    default, prefixed = rules_block(""), rules_block(PREFIX)

    assert "match /teamkit_users/{uid}" in prefixed
    assert "match /{path=**}/teamkit_members/{memberUid}" in prefixed
    assert "documents/teamkit_teams/$(teamId)/teamkit_members/$(request.auth.uid)" in prefixed
    assert "match /users/" not in prefixed and "/members/" not in prefixed
    assert prefixed.replace(PREFIX, "") == default


def test_merging_adds_the_block_at_the_end_of_the_apps_service_and_keeps_the_apps_rules() -> None:
    merged = merge_rules(APP_RULES, PREFIX)

    before, block_and_after = merged.split(f"  {BEGIN}\n")
    assert before == APP_RULES[: APP_RULES.rindex("}")]
    assert block_and_after == f"{rules_block(PREFIX)}  {END}\n}}\n"


def test_merging_again_changes_nothing() -> None:
    once = merge_rules(APP_RULES, PREFIX)

    assert merge_rules(once, PREFIX) == once


def test_a_newer_teamkit_replaces_its_block_and_only_its_block() -> None:
    merged = merge_rules(APP_RULES, PREFIX)
    outdated = merged.replace("match /teamkit_mail/{mailId}", "match /teamkit_oldMail/{mailId}")
    app_edited = outdated.replace("match /projects/{projectId}", "match /projects/{id}")

    assert merge_rules(app_edited, PREFIX) == merged.replace(
        "match /projects/{projectId}", "match /projects/{id}"
    )


def test_a_closing_brace_on_a_line_with_other_code_still_takes_the_block() -> None:
    app = "rules_version = '2';\nservice cloud.firestore { match /a/{b} { allow read: if false; } }"

    merged = merge_rules(app, "")

    assert merged.startswith(app[: app.rindex("}")] + "\n" + f"  {BEGIN}\n")
    assert merged.endswith(f"  {END}\n}}")


@pytest.mark.parametrize(
    ("app", "problem"),
    [
        ("service cloud.firestore {\n}\n", "rules_version = '2'"),
        ("rules_version = '2';\n", "no `service cloud.firestore"),
        ("rules_version = '2';\nservice cloud.firestore {\n  match /a/{b} {\n}\n", "never closed"),
        (f"rules_version = '2';\nservice cloud.firestore {{\n  {BEGIN}\n}}\n", "no `// END"),
    ],
)
def test_rules_that_cannot_take_the_block_are_refused_with_the_reason(
    app: str, problem: str
) -> None:
    with pytest.raises(MergeError, match=problem.replace("(", r"\(")):
        merge_rules(app, "")


def _app_indexes() -> dict[str, Any]:
    """An app's own entries, one index teamkit's merge added before, and an override of one of
    teamkit's fields that an older teamkit declared differently."""
    ours = teamkit_indexes(PREFIX)
    outdated_override = {**ours["fieldOverrides"][0], "indexes": []}
    return {
        "indexes": [APP_INDEX, ours["indexes"][0]],
        "fieldOverrides": [outdated_override, APP_OVERRIDE],
    }


def test_merging_indexes_keeps_the_apps_own_and_adds_or_replaces_teamkits() -> None:
    ours = teamkit_indexes(PREFIX)

    merged = merge_indexes(_app_indexes(), PREFIX)

    assert merged["indexes"] == [APP_INDEX, *ours["indexes"]]
    assert merged["fieldOverrides"] == [
        ours["fieldOverrides"][0],
        APP_OVERRIDE,
        *ours["fieldOverrides"][1:],
    ]


def test_merged_indexes_name_teamkits_collections_under_the_prefix_ttl_policies_included() -> None:
    merged = merge_indexes({}, PREFIX)

    groups = {entry["collectionGroup"] for key in merged for entry in merged[key]}
    assert groups and all(group.startswith(PREFIX) for group in groups)
    ttl = {e["collectionGroup"] for e in merged["fieldOverrides"] if e.get("ttl")}
    assert {"teamkit_inviteTokens", "teamkit_rateLimits", "teamkit_requestRecords"} <= ttl


def test_merging_indexes_again_changes_nothing() -> None:
    once = merge_indexes(_app_indexes(), PREFIX)

    assert merge_indexes(once, PREFIX) == once


def test_the_command_merges_both_files_in_place_and_a_second_run_changes_nothing(
    tmp_path: Path,
) -> None:
    rules, indexes = tmp_path / "app.rules", tmp_path / "firestore.indexes.json"
    rules.write_text(APP_RULES)
    indexes.write_text(indexes_text({"indexes": [APP_INDEX], "fieldOverrides": []}))

    def run(*args: str) -> str:
        command = [str(ROOT / "scripts" / "teamkit-rules"), *args, "--prefix", PREFIX]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    first = run("merge", str(rules)) + run("merge-indexes", str(indexes))
    after_first = rules.read_text(), indexes.read_text()
    second = run("merge", str(rules)) + run("merge-indexes", str(indexes))

    assert first.count("teamkit's part written") == 2
    assert second.count("already up to date") == 2
    assert (rules.read_text(), indexes.read_text()) == after_first
    assert rules.read_text() == merge_rules(APP_RULES, PREFIX)
    assert json.loads(indexes.read_text())["indexes"][0] == APP_INDEX


def test_the_command_refuses_a_file_it_cannot_merge_with_a_message(tmp_path: Path) -> None:
    rules = tmp_path / "app.rules"
    rules.write_text("service cloud.firestore {\n}\n")

    answer = subprocess.run(
        [sys.executable, "-m", "devtools.teamkit_rules", "merge", str(rules)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT / 'functions'}:{ROOT}"},
    )

    assert answer.returncode == 2
    assert "rules_version = '2'" in answer.stderr
    assert rules.read_text() == "service cloud.firestore {\n}\n"


def test_the_firebase_cli_accepts_the_merged_indexes(tmp_path: Path) -> None:
    merged = tmp_path / "firestore.indexes.json"
    merged.write_text(indexes_text(merge_indexes(_app_indexes(), PREFIX)))
    node = shutil.which("node")
    assert node is not None, "Node.js runs the Firebase CLI; install it (scripts/setup)"
    script = (
        "const {FirestoreApi} = require('firebase-tools/lib/firestore/api');"
        "const api = new FirestoreApi();"
        f"api.validateSpec(api.upgradeOldSpec(require({json.dumps(str(merged))})));"
    )

    result = subprocess.run(
        [node, "-e", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "teamkit-rules"), *args],
        check=False,
        capture_output=True,
        text=True,
    )


def test_the_merges_take_the_declaration_of_the_functions_the_app_deploys(
    tmp_path: Path,
) -> None:
    """An app copies teamkit's functions into a directory of its own and declares its
    collections there: the rules and indexes follow that copy, not the checkout's."""
    functions = tmp_path / "teamkit"
    functions.mkdir()
    declaration = json.loads(scoped.DECLARATION_FILE.read_text())
    app_collections = json.loads((APP / "teamkit.scoped.json").read_text())["collections"]
    declaration["collections"]["notes"] = app_collections["notes"]  # the app adds a collection
    (functions / "teamkit.scoped.json").write_text(json.dumps(declaration))
    rules, indexes = tmp_path / "app.rules", tmp_path / "firestore.indexes.json"
    rules.write_text(APP_RULES)
    indexes.write_text(indexes_text({}))

    for command, file in (("merge", rules), ("merge-indexes", indexes)):
        answer = _run(command, str(file), "--prefix", PREFIX, "--functions", str(functions))
        assert answer.returncode == 0, answer.stderr

    app_declaration = deployed_declaration(functions)
    assert "match /notes/{documentId}" in rules.read_text()  # an app collection: unprefixed
    assert "match /notes/" not in merge_rules(APP_RULES, PREFIX)
    assert rules.read_text() == merge_rules(APP_RULES, PREFIX, app_declaration)
    assert json.loads(indexes.read_text()) == merge_indexes({}, PREFIX, app_declaration)


def test_a_missing_or_invalid_declaration_is_refused_with_its_path(tmp_path: Path) -> None:
    rules = tmp_path / "app.rules"
    rules.write_text(APP_RULES)
    (tmp_path / "invalid").mkdir()
    (tmp_path / "invalid" / "teamkit.scoped.json").write_text('{"collections": {"notes": {}}}')

    missing = _run("merge", str(rules), "--functions", str(tmp_path / "missing"))
    invalid = _run("merge", str(rules), "--functions", str(tmp_path / "invalid"))

    assert missing.returncode == invalid.returncode == 2
    assert f"{tmp_path / 'missing' / 'teamkit.scoped.json'}: no such file" in missing.stderr
    expected = f"{tmp_path / 'invalid' / 'teamkit.scoped.json'} is not a valid declaration"
    assert expected in invalid.stderr
    assert "collections.notes.teamField" in invalid.stderr
    assert rules.read_text() == APP_RULES
