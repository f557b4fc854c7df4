"""`ENFORCE_APP_CHECK`: off by default (the param, the settings, the emulators), and when on the
boundary refuses a call without a valid `X-Firebase-AppCheck` token before it reads anything,
with 401 `APP_CHECK_FAILED`; the webhook, which Stripe calls, is exempt. The Auth emulator has no
App Check, so these run in this process with a stub in place of
`firebase_admin.app_check.verify_token` and no emulator at all."""

from __future__ import annotations

import json
from typing import Any

import pytest
from firebase_admin import app_check
from flask import Request
from werkzeug.test import EnvironBuilder

from devtools.emulators import DEVELOPMENT_PARAMS
from teamkit import auth, config
from teamkit.http import ALLOWED_HEADERS, APP_CHECK_HEADER, serve
from tests.support.in_process import WEBHOOK
from tests.test_deployment import example_env, manifest

APP = object()
"""Stands in for the Firebase app the verifier is given."""


@pytest.fixture
def verified(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Enforcement on, and a stub verifier that accepts `good` and records what it was asked."""
    calls: list[tuple[str, object]] = []

    def verify_token(token: str, app: object = None) -> dict[str, Any]:
        calls.append((token, app))
        if token != "good":
            raise ValueError("Verifying App Check token failed.")
        return {"sub": "1:123:web:abc"}

    monkeypatch.setattr(app_check, "verify_token", verify_token)
    monkeypatch.setattr(auth, "_app", lambda: APP)
    monkeypatch.setattr(config, "settings", lambda: config.Settings(enforce_app_check=True))
    return calls


def post(name: str, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    environ = EnvironBuilder(
        method="POST", path=f"/{name}", headers=list(headers.items()), data=b"{}"
    )
    response = serve(name, Request(environ.get_environ()))
    return response.status_code, json.loads(response.get_data())


def test_enforcement_is_off_by_default_in_the_param_the_settings_and_the_emulators() -> None:
    declared = {param["name"]: param for param in manifest()["params"]}

    assert declared["ENFORCE_APP_CHECK"]["default"] is False
    assert config.Settings().enforce_app_check is False
    assert "ENFORCE_APP_CHECK" not in DEVELOPMENT_PARAMS
    assert example_env()["ENFORCE_APP_CHECK"] == "false"


@pytest.mark.parametrize(
    ("headers", "message"),
    [({}, "Send a Firebase App Check token"), ({APP_CHECK_HEADER: "forged"}, "invalid")],
)
def test_a_call_without_a_valid_token_is_refused_before_anything_else(
    verified: list[tuple[str, object]], headers: dict[str, str], message: str
) -> None:
    status, body = post("getTeamSummary", {"Authorization": "Bearer whatever", **headers})

    assert status == 401
    assert body["error"]["status"] == "UNAUTHENTICATED"
    assert body["error"]["reason"] == "APP_CHECK_FAILED"
    assert message in body["error"]["message"]
    assert verified == ([("forged", APP)] if headers else [])


def test_a_valid_token_lets_the_call_go_on_to_the_id_token(
    verified: list[tuple[str, object]],
) -> None:
    status, body = post("getTeamSummary", {APP_CHECK_HEADER: "good"})

    assert verified == [("good", APP)]
    assert (status, body["error"]["reason"]) == (401, "SIGN_IN_REQUIRED")


def test_the_stripe_webhook_needs_no_app_check_token(verified: list[tuple[str, object]]) -> None:
    _, body = post(WEBHOOK, {})

    assert body["error"]["reason"] != "APP_CHECK_FAILED"
    assert verified == []


def test_browsers_may_send_the_header() -> None:
    assert APP_CHECK_HEADER in ALLOWED_HEADERS.split(", ")
