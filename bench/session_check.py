"""The cost of ending stale sessions (docs/hardening.md R3.11): every function that changes state
refuses a deleted, disabled or signed-out account. Three ways, side by side in one run:

- **no check**: the same endpoint with `check_revoked=False` (the floor);
- **today's check** (before R3.11): `verify_id_token(check_revoked=True)`, one `getAccountInfo`
  call to Auth per request, then the unchecked endpoint;
- **the new check** (as deployed): the account's Auth record cached per instance for
  `ACCOUNT_CACHE_SECONDS`, plus the session marker read in the transaction's first read.

The request is `switchTeam`, the cheapest function that changes state, served in this process
by `teamkit.http.serve` (the entry point `main.py` calls), calls alternating round by round so
that load on the machine hits all three alike. Auth sits behind a delay proxy adding
`AUTH_ROUND_TRIP_MS` to every round trip, as the Identity Toolkit API does in production (the
local emulator answers in about a millisecond); Firestore is the local emulator for all three.
Document reads are counted on the wire (`bench.counting`).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from flask import Request
from werkzeug.test import EnvironBuilder

from bench.counting import CountingClient
from bench.delay_proxy import DelayProxy
from bench.latency import Latency
from bench.machine import load
from bench.services import Services
from devtools.auth_emulator import AuthEmulator
from teamkit import auth as teamkit_auth
from teamkit import db as teamkit_db
from teamkit.http import serve
from teamkit.membership import endpoints as membership_endpoints
from teamkit.routes import ROUTES
from teamkit.teams.create_team import create_team

FUNCTION = "switchTeam"
UNCHECKED = f"{FUNCTION} (no session check)"
AUTH_ROUND_TRIP_MS = 30.0
WAYS = ("new", "today", "none")


@dataclass(frozen=True)
class SessionCheckReport:
    """Milliseconds per call and document reads per call, each way."""

    calls: int
    new: Latency
    today: Latency
    none: Latency
    reads: dict[str, float]
    auth_round_trip_ms: float = AUTH_ROUND_TRIP_MS
    cache_seconds: float = teamkit_auth.ACCOUNT_CACHE_SECONDS
    load: str = ""  # the machine's load average at the end of the measurement

    def added_p50(self, latency: Latency) -> float:
        return latency.p50 - self.none.p50

    def added_reads(self, way: str) -> float:
        return self.reads[way] - self.reads["none"]


@contextmanager
def _unchecked_endpoint() -> Iterator[None]:
    """`switchTeam` without the check, under a name of its own, for this process only."""
    table = membership_endpoints.ENDPOINTS
    unchecked = dataclasses.replace(table[FUNCTION], check_revoked=False)
    with (
        mock.patch.dict(ROUTES, {UNCHECKED: ROUTES[FUNCTION]}),
        mock.patch.dict(table, {UNCHECKED: unchecked}),
    ):
        yield


@contextmanager
def _auth_behind(proxy: DelayProxy) -> Iterator[None]:
    """This process's Firebase app talks to Auth through `proxy` (firebase_admin reads the
    emulator's address when it builds an app's Auth client)."""
    import firebase_admin

    def rebuild() -> None:
        try:
            firebase_admin.delete_app(firebase_admin.get_app())
        except ValueError:
            pass  # no default app yet
        teamkit_auth._app.cache_clear()

    previous = os.environ["FIREBASE_AUTH_EMULATOR_HOST"]
    rebuild()
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = proxy.address
    try:
        yield
    finally:
        rebuild()
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = previous


@contextmanager
def _served_with(counting: CountingClient) -> Iterator[None]:
    """The endpoint reads through the counting client (`teamkit.db.client` is looked up on
    every request)."""
    original = teamkit_db.client
    teamkit_db.client = lambda: counting.client  # type: ignore[assignment]
    try:
        yield
    finally:
        teamkit_db.client = original


def _request(token: str, team_id: str, name: str) -> Request:
    environ = EnvironBuilder(
        method="POST",
        path=f"/{name}",
        headers=[("Authorization", f"Bearer {token}"), ("Content-Type", "application/json")],
        json={"teamId": team_id},
    ).get_environ()
    return Request(environ)


def measure_session_check(services: Services, calls: int = 100) -> SessionCheckReport:
    """`calls` warm calls each way (after two discarded rounds), alternating the order."""
    from firebase_admin import auth

    accounts = AuthEmulator(services.suite)
    user = accounts.create_user("session-check@bench.example.com", name="Session check")
    team_id = create_team(services.client(), user.caller, "Session check").team_id
    token = accounts.id_token(user)
    counting = CountingClient(services.suite.project)
    samples: dict[str, list[float]] = {way: [] for way in WAYS}
    reads: dict[str, int] = dict.fromkeys(WAYS, 0)

    def serve_checked(name: str) -> None:
        response = serve(name, _request(token, team_id, name))
        if response.status_code != 200:
            raise RuntimeError(f"{name} answered {response.status_code}: {response.get_data()!r}")

    def checked_as_before() -> None:
        auth.verify_id_token(token, app=teamkit_auth._app(), check_revoked=True)
        serve_checked(UNCHECKED)

    ways: dict[str, Callable[[], None]] = {
        "new": lambda: serve_checked(FUNCTION),
        "today": checked_as_before,
        "none": lambda: serve_checked(UNCHECKED),
    }
    with (
        DelayProxy(services.suite.auth_host, round_trip_ms=AUTH_ROUND_TRIP_MS) as proxy,
        _auth_behind(proxy),
        _served_with(counting),
        _unchecked_endpoint(),
    ):
        for round_number in range(calls + 2):
            shift = round_number % len(WAYS)
            for way in WAYS[shift:] + WAYS[:shift]:
                with counting.measure() as tally:
                    started = time.perf_counter()
                    ways[way]()
                    elapsed = (time.perf_counter() - started) * 1000
                if round_number >= 2:
                    samples[way].append(elapsed)
                    reads[way] += tally.cost().reads
    return SessionCheckReport(
        calls,
        Latency("new", tuple(samples["new"])),
        Latency("today", tuple(samples["today"])),
        Latency("none", tuple(samples["none"])),
        {way: reads[way] / calls for way in WAYS},
        load=load(),
    )
