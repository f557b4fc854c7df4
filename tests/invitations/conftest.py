"""Helpers for invitation tests: the raw token of the latest send, as the mail would carry it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from google.cloud import firestore

from teamkit import paths


@pytest.fixture
def token_for(db: firestore.Client) -> Callable[[str, str], str]:
    """`token_for(team_id, invite_id)`: the raw token of the invite's latest send (read from
    the server-only event secret, as the mail trigger does)."""

    def find(team_id: str, invite_id: str) -> str:
        secrets = [
            s.to_dict() or {}
            for s in db.collection(paths.EVENT_SECRETS).stream()
            if s.get("teamId") == team_id and s.get("inviteId") == invite_id
        ]
        assert secrets, "no token was issued for this invite"
        latest = max(secrets, key=lambda s: s["expiresAt"])
        return str(latest["token"])

    return find
