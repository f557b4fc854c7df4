"""Helpers for end-to-end tests over HTTP."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.mail.limits import limit_ref


def unsigned_token(claims: dict[str, object]) -> str:
    """A JWT with no signature (`alg: none`), the shape of a forged token."""

    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


@pytest.fixture
def latest_token(db: firestore.Client) -> Callable[[str, str], str]:
    """`latest_token(team_id, invite_id)`: the raw token the invite email would carry."""

    def find(team_id: str, invite_id: str) -> str:
        secrets = [
            s.to_dict() or {}
            for s in paths.event_secrets(db).stream()
            if s.get("teamId") == team_id and s.get("inviteId") == invite_id
        ]
        return str(max(secrets, key=lambda s: s["expiresAt"])["token"])

    return find


@pytest.fixture
def age_invite(db: firestore.Client) -> Callable[[str, str, timedelta], None]:
    """`age_invite(team_id, invite_id, by)`: pretend the invite was last sent `by` ago (and its
    address mailed only then), so the mail limits let the next send through."""

    def age(team_id: str, invite_id: str, by: timedelta) -> None:
        sent = utcnow() - by
        invite = paths.invite(db, team_id, invite_id)
        invite.update({"lastSentAt": sent})
        email = invite.get().get("email")
        limit_ref(db, team_id, email).set({"invites": [sent]}, merge=True)

    return age
