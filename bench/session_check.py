"""The cost of ending stale sessions (docs/hardening.md): every function that changes state
asks Firebase Auth whether the caller's account still exists, is enabled and has not had its
sessions revoked (`verify_id_token(check_revoked=True)`, one `getAccountInfo` call).

Measured side by side in one run: the same request (`switchTeam`, the cheapest function that
changes state: one read and one write) served in this process by `teamkit.http.serve`, the
entry point `main.py` calls, once as deployed (with the check) and once through a copy of its
endpoint without the check, alternating call by call so that load on the machine hits both
alike; and the Auth look-up alone. In-process, so the Functions emulator's proxy (a constant
that both sides would pay) does not blur the difference.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Request
from werkzeug.test import EnvironBuilder

from bench.latency import Latency
from bench.machine import load
from bench.services import Services
from devtools.auth_emulator import AuthEmulator
from teamkit import db as teamkit_db
from teamkit.api import ENDPOINTS
from teamkit.auth import _app
from teamkit.http import serve
from teamkit.teams.create_team import create_team

FUNCTION = "switchTeam"
UNCHECKED = f"{FUNCTION} (no session check)"


@dataclass(frozen=True)
class SessionCheckReport:
    """Milliseconds per call with and without the check, and of the Auth look-up alone."""

    calls: int
    checked: Latency
    unchecked: Latency
    lookup: Latency
    load: str = ""  # the machine's load average at the end of the measurement

    @property
    def added_p50(self) -> float:
        return self.checked.p50 - self.unchecked.p50

    @property
    def ratio_p50(self) -> float:
        return self.checked.p50 / self.unchecked.p50


@contextmanager
def _unchecked_endpoint() -> Iterator[None]:
    """`switchTeam` without the check, under a name of its own, for this process only."""
    ENDPOINTS[UNCHECKED] = dataclasses.replace(ENDPOINTS[FUNCTION], check_revoked=False)
    try:
        yield
    finally:
        del ENDPOINTS[UNCHECKED]


def _request(token: str, team_id: str) -> Callable[[], Request]:
    def build() -> Request:
        environ = EnvironBuilder(
            method="POST",
            path=f"/{FUNCTION}",
            headers=[("Authorization", f"Bearer {token}"), ("Content-Type", "application/json")],
            json={"teamId": team_id},
        ).get_environ()
        return Request(environ)

    return build


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure_session_check(services: Services, calls: int = 100) -> SessionCheckReport:
    """`calls` warm calls each way (after two discarded ones), alternating which goes first."""
    from firebase_admin import auth

    teamkit_db.client.cache_clear()
    accounts = AuthEmulator(services.suite)
    user = accounts.create_user("session-check@bench.example.com", name="Session check")
    team_id = create_team(services.client(), user.caller, "Session check").team_id
    request = _request(accounts.id_token(user), team_id)
    samples: dict[str, list[float]] = {FUNCTION: [], UNCHECKED: [], "lookup": []}

    def call(name: str) -> float:
        built = request()
        started = time.perf_counter()
        response = serve(name, built)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{name} answered {response.status_code}: {response.get_data()!r}")
        return elapsed

    with _unchecked_endpoint():
        for round_number in range(calls + 2):
            order = (FUNCTION, UNCHECKED) if round_number % 2 == 0 else (UNCHECKED, FUNCTION)
            measured = {name: call(name) for name in order}
            lookup = _timed(lambda: auth.get_user(user.uid, app=_app()))
            if round_number >= 2:
                for name, elapsed in measured.items():
                    samples[name].append(elapsed)
                samples["lookup"].append(lookup)
    teamkit_db.client.cache_clear()
    return SessionCheckReport(
        calls,
        Latency(FUNCTION, tuple(samples[FUNCTION])),
        Latency(UNCHECKED, tuple(samples[UNCHECKED])),
        Latency("auth.get_user", tuple(samples["lookup"])),
        load(),
    )
