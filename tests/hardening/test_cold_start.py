"""A cold start under a burst (docs/hardening.md R3.12): the first requests of a fresh function
instance arrive at once and every lazily built client (the Firebase app, Firestore, the
settings) is built for the first time by many threads together. Every valid token must still be
accepted: a race in building them once answered `401 The ID token is invalid or expired.`,
and clients sign people out on 401."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from firebase_admin import auth
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from devtools.emulators import ROOT, Suite
from teamkit import paths
from teamkit.auth import verify_bearer
from teamkit.errors import Unavailable
from teamkit.once import once
from tests.support.builders import Builders
from tests.support.http import Api

BURST = 50


def test_the_first_fifty_calls_of_a_fresh_process_all_succeed_and_build_each_client_once(
    suite: Suite, accounts: AuthEmulator, db: firestore.Client
) -> None:
    users = [accounts.create_user() for _ in range(BURST)]
    calls = [
        {"token": accounts.id_token(user), "body": {"name": f"Team {number}"}}
        for number, user in enumerate(users)
    ]
    env = {
        **os.environ,
        **suite.client_env(),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "functions"), str(ROOT)]),
    }

    finished = subprocess.run(
        [sys.executable, "-m", "tests.support.cold_start_burst"],
        input=json.dumps({"function": "createTeam", "calls": calls}),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=True,
    )

    answered = json.loads(finished.stdout)
    failed = [answer for answer in answered["answers"] if answer["status"] != 201]
    assert failed == [], failed
    assert answered["built"] == {"firebaseApps": 1, "firestoreClients": 1}
    owners = sorted(team.get("createdBy") for team in paths.teams(db).stream())
    assert owners == sorted(user.uid for user in users)


def test_an_error_that_is_not_about_the_token_never_answers_401(
    api: Api, build: Builders, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = api.token(build.new_user())

    def misconfigured(*args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError("Failed to ascertain project ID from the credential or the environment.")

    monkeypatch.setattr(auth, "verify_id_token", misconfigured)

    with pytest.raises(ValueError, match="project ID"):
        verify_bearer(f"Bearer {token}")


def test_keys_that_cannot_be_fetched_answer_503_unavailable(
    api: Api, build: Builders, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = api.token(build.new_user())

    def keys_unreachable(*args: object, **kwargs: object) -> dict[str, object]:
        raise auth.CertificateFetchError("connection refused", cause=None)

    monkeypatch.setattr(auth, "verify_id_token", keys_unreachable)

    with pytest.raises(Unavailable) as raised:
        verify_bearer(f"Bearer {token}")
    assert raised.value.http_status == 503


def test_a_builder_that_fails_caches_nothing_and_runs_again() -> None:
    attempts: list[int] = []

    @once
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("first try")
        return len(attempts)

    with pytest.raises(ConnectionError):
        flaky()

    assert flaky() == 2
    assert flaky() == 2
    assert len(attempts) == 2
