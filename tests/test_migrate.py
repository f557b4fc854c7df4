"""`python -m teamkit.migrate` upgrades what the previous version wrote: the emulators load the
export `tests/fixtures/export-v1/` (that version's data, unprefixed) while the functions run
with `TEAMKIT_COLLECTION_PREFIX`, as after the upgrade's deploy. A dry run changes nothing; an
apply copies every document under the prefix, complete and read by its model, and the functions
serve it; a second apply changes nothing; `--delete-old` removes the old documents. The
migration runs with the triggers off, as it does before the prefixed functions are deployed
(docs/upgrading.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from google.cloud import firestore
from google.cloud.firestore import FieldFilter

from devtools.auth_emulator import AuthEmulator, TestUser
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from teamkit.migrate.migration import migrate, missing
from teamkit.migrate.registry import STORED, collection_path
from teamkit.paths import PREFIX_VARIABLE
from tests.support.http import Api
from tests.test_document_models import stored_documents

PREFIX = "teamkit_"
EXPORT = ROOT / "tests" / "fixtures" / "export-v1"
ALICE = TestUser(uid="", email="alice@example.com", display_name="Alice Owner", verified=True)
"""The seed's owner of Acme Inc (signing in needs only the address and the seed's password)."""


@pytest.fixture(scope="module")
def upgraded_suite(function_env: dict[str, str]) -> Iterator[Suite]:
    """The previous version's data, and this version's functions under the prefix."""
    run = f"migrate-{os.getpid()}"
    process = EmulatorProcess(
        Suite(Ports.free(), project=f"demo-teamkit-{run}"),
        env={**function_env, PREFIX_VARIABLE: PREFIX},
        log_path=ROOT / ".run" / f"emulators-{run}.log",
        config_name=run,
        import_from=EXPORT,
    )
    suite = process.start()
    try:
        with pytest.MonkeyPatch.context() as environment:
            for name, value in suite.client_env().items():
                environment.setenv(name, value)
            suite.set_background_triggers(False)
            yield suite
    finally:
        process.stop()


@pytest.fixture(scope="module")
def store(upgraded_suite: Suite) -> firestore.Client:
    return firestore.Client(project=upgraded_suite.project)


def everything(db: firestore.Client) -> dict[str, dict[str, Any]]:
    return dict(stored_documents(db))


def under(prefix: str, documents: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The documents whose every collection is one of teamkit's under `prefix`."""
    names = {tuple(prefix + base for base in bases) for bases in STORED}
    return {path: data for path, data in documents.items() if collection_path(path) in names}


def run_command(suite: Suite, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "teamkit.migrate", *args],
        check=False,
        cwd=ROOT / "functions",
        env={**os.environ, **suite.client_env(), PREFIX_VARIABLE: PREFIX},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_dry_run_says_what_it_would_copy_and_changes_nothing(
    upgraded_suite: Suite, store: firestore.Client
) -> None:
    before = everything(store)

    ran = run_command(upgraded_suite)

    assert ran.returncode == 0, ran.stderr
    assert "Dry run: nothing changed" in ran.stdout
    assert f"{len(under('', before))} changes" in ran.stdout
    assert "teams/members" in ran.stdout and "adds roleChangedAt" in ran.stdout
    assert everything(store) == before
    assert not under(PREFIX, before)


def test_apply_copies_every_document_under_the_prefix_complete_and_readable(
    store: firestore.Client,
) -> None:
    old = under("", everything(store))

    report = migrate(store, old_prefix="", new_prefix=PREFIX, apply=True)

    documents = everything(store)
    new = under(PREFIX, documents)
    assert report.changes == len(old) == len(new)
    assert under("", documents) == old  # kept until --delete-old
    for path, data in new.items():
        model = STORED[tuple(name.removeprefix(PREFIX) for name in collection_path(path))]
        written = model.model_validate(data).model_dump(by_alias=True)
        assert list(missing(data, written, ())) == [], path


def test_the_functions_serve_the_migrated_data(
    upgraded_suite: Suite, store: firestore.Client
) -> None:
    api = Api(upgraded_suite, AuthEmulator(upgraded_suite))
    teams = store.collection(f"{PREFIX}teams")
    acme = next(teams.where(filter=FieldFilter("name", "==", "Acme Inc")).stream())
    before = everything(store)

    summary = api.call("getTeamSummary", ALICE, {"teamId": acme.id})
    invited = api.call(
        "inviteMember", ALICE, {"teamId": acme.id, "email": "new@example.com", "role": "member"}
    )

    assert summary.status == 200, summary.body
    assert summary.body["memberCount"] == acme.get("memberCount")
    assert invited.status == 201, invited.body
    changed = {path for path, data in everything(store).items() if before.get(path) != data}
    assert changed and all(path.startswith(PREFIX) for path in changed), sorted(changed)
    invite = acme.reference.collection(f"{PREFIX}invites").document(invited.body["inviteId"])
    assert invite.get().exists


def test_a_second_apply_changes_nothing_and_delete_old_removes_the_old_names(
    upgraded_suite: Suite, store: firestore.Client
) -> None:
    again = run_command(upgraded_suite, "--apply")
    old = under("", everything(store))
    deleted = run_command(upgraded_suite, "--apply", "--delete-old")
    last = run_command(upgraded_suite, "--apply", "--delete-old")

    assert again.returncode == 0, again.stderr
    assert again.stdout.endswith("\n0 changes\n"), again.stdout
    assert deleted.returncode == 0, deleted.stderr
    assert f"\n{len(old)} changes\n" in deleted.stdout
    assert under("", everything(store)) == {}
    assert last.stdout.endswith("\n0 changes\n"), last.stdout


def test_documents_no_model_reads_are_reported_and_left_alone(
    upgraded_suite: Suite, store: firestore.Client
) -> None:
    store.document("teams/odd").set({"name": "Odd", "colour": "red"})
    store.document("teams/sparse").set({"name": "Sparse"})

    report = migrate(store, old_prefix="", new_prefix="", apply=True)
    ran = run_command(upgraded_suite, "--from-prefix", PREFIX)

    assert [problem.split(":")[0] for problem in report.unreadable] == ["teams/odd"]
    assert "colour" in report.unreadable[0]
    assert store.document("teams/odd").get().to_dict() == {"name": "Odd", "colour": "red"}
    assert report.collections["teams"].completed == 1
    assert store.document("teams/sparse").get().get("memberCount") == 0
    assert ran.returncode == 0 and "\n0 changes\n" in ran.stdout  # the migrated data
