"""Ending sessions at a cost close to zero (docs/hardening.md R3.11): a function instance keeps
an account's Auth record (disabled, tokens valid after) for a few seconds, so a change no longer
asks Auth every time; what closes that window is the revocation marker (`sessions/{uid}`) that
`deleteAccount` and `endSessions` write and that every mutation's transaction reads with the
documents it already reads. These tests keep Auth in the dark (its revocation skipped) or its
record cached, so only the marker can refuse."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from firebase_admin import auth
from google.cloud import firestore

from devtools.emulators import Suite
from teamkit import auth as teamkit_auth
from teamkit import paths
from teamkit.auth import RecentAccounts, _app
from tests.support.builders import Builders
from tests.support.contract import Answer
from tests.support.http import Api
from tests.support.in_process import InProcess, RawRequest, in_process_functions


@pytest.fixture
def in_process(suite: Suite) -> Iterator[InProcess]:
    """The functions served in this process: its Auth-record cache is the one the test warms."""
    with in_process_functions(suite) as functions:
        yield functions


@pytest.fixture
def auth_never_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Auth keeps the account enabled, present and unrevoked: only the marker can refuse."""
    monkeypatch.setattr(teamkit_auth, "end_sessions", lambda uid: None)
    monkeypatch.setattr(teamkit_auth, "delete_account", lambda uid: None)


def call(in_process: InProcess, name: str, token: str, body: dict[str, Any]) -> Answer:
    headers = (("Authorization", f"Bearer {token}"), ("Content-Type", "application/json"))
    return in_process.call(name, RawRequest(headers=headers, data=json.dumps(body).encode()))


def assert_session_ended(answer: Answer) -> None:
    assert answer.status == 401, answer.data
    assert answer.json()["error"]["reason"] == "SESSION_ENDED", answer.data


@pytest.mark.usefixtures("auth_never_told")
def test_ending_my_sessions_refuses_my_older_token_at_once_though_auth_is_cached(
    in_process: InProcess, api: Api, build: Builders, db: firestore.Client
) -> None:
    pat = build.new_user()
    team_id, _ = build.new_team(owner=pat)
    token = api.token(pat)
    warm = call(in_process, "updateTeam", token, {"teamId": team_id, "name": "Warm"})
    assert warm.status == 200, warm.data

    ended = call(in_process, "endSessions", token, {})
    late = call(in_process, "updateTeam", token, {"teamId": team_id, "name": "Late"})

    assert ended.status == 200, ended.data
    assert_session_ended(late)
    assert paths.team(db, team_id).get().get("name") == "Warm"


@pytest.mark.usefixtures("auth_never_told")
def test_a_deleted_accounts_token_changes_nothing_though_auth_is_cached(
    in_process: InProcess, api: Api, build: Builders, db: firestore.Client
) -> None:
    pat = build.new_user()
    token = api.token(pat)
    created = call(in_process, "createTeam", token, {"name": "Before"})
    assert created.status == 201, created.data

    deleted = call(in_process, "deleteAccount", token, {})
    again = call(in_process, "createTeam", token, {"name": "Ghost"})

    assert deleted.status == 200, deleted.data
    assert_session_ended(again)
    assert [team.get("name") for team in paths.teams(db).stream()] == ["Before"]


def test_a_super_admin_ends_anyones_sessions_and_auth_revokes_them_too(
    api: Api, build: Builders
) -> None:
    pat = build.new_user()
    token = api.token(pat)
    time.sleep(1.1)  # Auth revokes by whole seconds: tokens issued before the revocation's second

    reply = api.call("endSessions", build.operator, body={"uid": pat.uid})

    assert reply.status == 200, reply.body
    assert auth.get_user(pat.uid, app=_app()).tokens_valid_after_timestamp > 0
    refused = api.call("createTeam", body={"name": "Late"}, token=token)
    assert refused.status == 401 and refused.body["error"]["reason"] == "SESSION_ENDED"


def test_nobody_else_ends_someone_elses_sessions(api: Api, build: Builders) -> None:
    pat, mallory = build.new_user(), build.new_user()
    token = api.token(pat)

    reply = api.call("endSessions", mallory, body={"uid": pat.uid})

    assert reply.status == 403, reply.body
    assert api.call("createTeam", body={"name": "Still mine"}, token=token).status == 201


def test_a_token_issued_after_the_end_acts_again(api: Api, build: Builders) -> None:
    pat = build.new_user()
    assert api.call("endSessions", pat, body={}).status == 200
    time.sleep(1.1)  # a token of the ending's own second counts as ended

    reply = api.call("createTeam", pat, body={"name": "Fresh start"})

    assert reply.status == 201, reply.body


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_auth_record_cache_forgets_after_its_time_to_live() -> None:
    clock = FakeClock()
    recent = RecentAccounts(ttl=5.0, size=10, clock=clock)
    recent.remember("pat", disabled=False, tokens_valid_after=0)

    clock.now = 4.9
    assert recent.get("pat") is not None
    clock.now = 5.1
    assert recent.get("pat") is None


def test_the_auth_record_cache_holds_a_bounded_number_of_accounts() -> None:
    recent = RecentAccounts(ttl=5.0, size=3, clock=FakeClock())

    for uid in ("a", "b", "c", "d"):
        recent.remember(uid, disabled=False, tokens_valid_after=0)

    assert [uid for uid in "abcd" if recent.get(uid) is not None] == ["b", "c", "d"]
