"""Calling the HTTP functions in the Functions emulator, as a signed-in user or otherwise."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

from devtools.auth_emulator import AuthEmulator, TestUser
from devtools.emulators import Suite
from tests.support.responses import assert_answer_matches_model


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: requests.structures.CaseInsensitiveDict[str]

    @property
    def error_status(self) -> str | None:
        """The contract status of an error answer (`INVALID_ARGUMENT`, ...)."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return self.body["error"].get("status")
        return None


class Api:
    """`api.call("createTeam", alice, {"name": "Acme"})`."""

    def __init__(self, suite: Suite, accounts: AuthEmulator) -> None:
        self.suite = suite
        self.accounts = accounts
        self.session = requests.Session()

    def token(self, user: TestUser) -> str:
        """A fresh ID token (signing in again picks up changed claims and verification)."""
        return self.accounts.id_token(user)

    def call(
        self,
        name: str,
        user: TestUser | None = None,
        body: Any = None,
        *,
        token: str | None = None,
        method: str = "POST",
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
        timeout: float = 60,
    ) -> Reply:
        """Call the function `name`; `body` is sent as JSON unless raw `data` is given."""
        sent_headers = {"Content-Type": "application/json", **(headers or {})}
        if token is None and user is not None:
            token = self.token(user)
        if token is not None:
            sent_headers["Authorization"] = f"Bearer {token}"
        if data is None and body is not None:
            data = json.dumps(body).encode()
        response = self.session.request(
            method, self.suite.function_url(name), data=data, headers=sent_headers, timeout=timeout
        )
        try:
            parsed: Any = response.json()
        except ValueError:
            parsed = response.text
        if method == "POST":
            assert_answer_matches_model(name, response.status_code, parsed)
        return Reply(response.status_code, parsed, response.headers)
