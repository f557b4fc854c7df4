"""The functions run with TEAMKIT_COLLECTION_PREFIX in an emulator suite of their own, given the
variable as the Firebase CLI gives it from functions/.env, both when it declares the functions
and when it runs them: the HTTP functions write under the prefix, and the Firestore triggers,
declared on the prefixed patterns, fire there (an invite's event fans out into `teamkit_mail`,
whose trigger sends the mail). Nothing lands in an app's `users`, `teams` or `mail`."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from devtools.fakes.sendgrid_fake import FakeSendGrid
from teamkit.paths import PREFIX_VARIABLE
from tests.support.http import Api

PREFIX = "teamkit_"
GUEST = "guest@example.com"


@pytest.fixture(scope="module")
def prefixed_suite(function_env: dict[str, str]) -> Iterator[Suite]:
    run = f"prefix-{os.getpid()}"
    process = EmulatorProcess(
        Suite(Ports.free(), project=f"demo-teamkit-{run}"),
        env={**function_env, PREFIX_VARIABLE: PREFIX},
        log_path=ROOT / ".run" / f"emulators-{run}.log",
        config_name=run,
    )
    suite = process.start()
    try:
        with pytest.MonkeyPatch.context() as environment:
            for name, value in suite.client_env().items():
                environment.setenv(name, value)
            yield suite
    finally:
        process.stop()


def test_functions_write_and_trigger_on_the_prefixed_collections_only(
    prefixed_suite: Suite, fake_sendgrid: FakeSendGrid
) -> None:
    accounts = AuthEmulator(prefixed_suite)
    api = Api(prefixed_suite, accounts)
    owner = accounts.create_user()
    db = firestore.Client(project=prefixed_suite.project)

    team_id = api.call("createTeam", owner, {"name": "Prefixed"}).body["teamId"]
    invited = api.call("inviteMember", owner, {"teamId": team_id, "email": GUEST, "role": "member"})
    deadline = time.monotonic() + 120
    while not fake_sendgrid.sent_to(GUEST) and time.monotonic() < deadline:
        time.sleep(0.5)

    assert invited.status == 201, invited.body
    assert fake_sendgrid.sent_to(GUEST), "the invite's mail never went out"
    assert db.document(f"{PREFIX}teams/{team_id}/{PREFIX}members/{owner.uid}").get().exists
    roots = {collection.id for collection in db.collections()}
    assert {"teamkit_teams", "teamkit_users", "teamkit_mail"} <= roots
    assert {name for name in roots if not name.startswith(PREFIX)} == set()
