"""Helpers for invitation tests: the raw token of the latest send, as the mail would carry it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from google.cloud import firestore

from tests.support.state import latest_invite_token


@pytest.fixture
def token_for(db: firestore.Client) -> Callable[[str, str], str]:
    """`token_for(team_id, invite_id)`: the raw token of the invite's latest send (read from
    the server-only event secret, as the mail trigger does)."""

    def find(team_id: str, invite_id: str) -> str:
        return latest_invite_token(db, team_id, invite_id)

    return find
