"""The smallest end-to-end path: a signed-in user creates a team over HTTP."""

from __future__ import annotations

from google.cloud import firestore

from teamkit import paths
from tests.support.builders import Builders
from tests.support.http import Api


def test_a_signed_in_user_creates_a_team_over_http(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    alice = build.new_user()

    reply = api.call("createTeam", alice, {"name": "Acme"})

    assert reply.status == 201, reply.body
    assert paths.member(db, reply.body["teamId"], alice.uid).get().get("role") == "owner"
