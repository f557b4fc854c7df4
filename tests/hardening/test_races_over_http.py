"""Races over HTTP: fifty requests through the Functions emulator, with real ID tokens, that each
try to take one of a team's two owners away. Every answer is a contract status, never a 5xx, and
the team keeps exactly one owner (tests/concurrency races the same at the domain level)."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable

import pytest
from google.cloud import firestore
from requests.adapters import HTTPAdapter

from devtools.auth_emulator import AuthEmulator
from devtools.emulators import Suite
from teamkit import paths
from teamkit.event_types import EventType
from teamkit.roles import Role
from tests.hardening import tally
from tests.support.builders import Builders
from tests.support.contract import Answer, assert_keeps_contract
from tests.support.http import Api, Reply
from tests.support.racing import race
from tests.support.state import assert_counts_match, events_of, role_of

REQUESTS = 50
COLD_STARTS = 180
"""Seconds a racing request may take: the Functions emulator starts a process for each request
that finds every worker busy, up to fifty of them on a loaded two-core machine."""
SEED = 50
KINDS = ("remove", "demote", "leave")
OWNER_LOSSES = (EventType.MEMBER_REMOVED, EventType.MEMBER_LEFT, EventType.ROLE_CHANGED)


def as_answer(reply: Reply) -> Answer:
    data = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
    return Answer(reply.status, dict(reply.headers), data.encode())


def changed_something(reply: Reply) -> bool:
    """A 200 that changed the team (a demotion of someone already demoted changes nothing)."""
    return reply.status == 200 and (
        not isinstance(reply.body, dict) or reply.body.get("members") != []
    )


@pytest.fixture
def racing_api(suite: Suite, accounts: AuthEmulator) -> Api:
    """An HTTP client with a connection for each of the racing requests."""
    api = Api(suite, accounts)
    api.session.mount("http://", HTTPAdapter(pool_maxsize=REQUESTS))
    return api


def test_fifty_http_requests_against_two_owners_leave_exactly_one(
    racing_api: Api, build: Builders, db: firestore.Client
) -> None:
    api = racing_api
    team_id, first = build.new_team()
    second = build.add_member(team_id, Role.OWNER)
    owners = [first, second]
    tokens = [api.token(first), api.token(second)]
    rng = random.Random(SEED)

    def attempt(actor: int, kind: str) -> Callable[[], Reply]:
        target = owners[1 - actor]
        call, body = {
            "remove": ("removeMember", {"teamId": team_id, "uid": target.uid}),
            "demote": ("changeMemberRoles", {"teamId": team_id, "changes": {target.uid: "admin"}}),
            "leave": ("leaveTeam", {"teamId": team_id}),
        }[kind]
        return lambda: api.call(call, body=body, token=tokens[actor], timeout=COLD_STARTS)

    for name in ("removeMember", "changeMemberRoles", "leaveTeam"):  # cold starts, not races
        api.call(name, body={"teamId": "warm-up"}, token=tokens[0])
    calls = [attempt(rng.randrange(2), rng.choice(KINDS)) for _ in range(REQUESTS)]

    replies: list[Reply] = race(calls)

    for reply in replies:
        assert_keeps_contract(as_answer(reply))
    statuses = Counter(reply.status for reply in replies)
    assert set(statuses) <= {200, 403, 404, 409, 412}, statuses
    assert statuses[200] >= 1
    remaining = [user for user in owners if role_of(db, team_id, user.uid) is Role.OWNER]
    assert len(remaining) == 1
    assert paths.team(db, team_id).get().get("ownerCount") == 1
    assert_counts_match(db, team_id)
    owner_losses = [e for e in events_of(db, team_id) if e["type"] in OWNER_LOSSES]
    assert len(owner_losses) == sum(map(changed_something, replies))  # one event per change
    tally.note("HTTP owner race", ", ".join(f"{s}x{n}" for s, n in sorted(statuses.items())))
