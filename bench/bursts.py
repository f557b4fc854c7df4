"""`scripts/bench --bursts [--calls N]`: bursts of concurrent calls
into one team through the Functions emulator, with real ID tokens: N invites (`inviteMember`),
N joins through one invite link (`joinByLink`), N role changes (`changeMemberRoles`), each burst
released at once behind a barrier. Every call changes the same team document, so the burst is
the contention docs/scaling.md is about: reported are how many calls succeeded, the wall time,
p50/p99 per call, the commits per second into the one team, and whether the team's counters
equal the documents they count afterwards. Left out of a plain `scripts/bench` for its memory.

Each burst follows a burst of the same size that the function refuses at once (a team that
does not exist), so that the Functions emulator has started a worker per concurrent request
beforehand and the figures are contention, not cold starts. Memory: the emulator keeps each
worker (about 60 MB), so 100 concurrent calls on three functions hold about 18 GB.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
from google.cloud import firestore
from requests.adapters import HTTPAdapter

from bench.latency import percentile
from bench.machine import load
from bench.services import Services, running_services
from devtools.auth_emulator import AuthEmulator
from teamkit import paths
from teamkit.joining.links import create_invite_link
from teamkit.roles import Role
from teamkit.teams.create_team import create_team

CALLS = 100
TIMEOUT = 300  # seconds per call: the warm-up burst starts a worker per request


@dataclass(frozen=True)
class Burst:
    """One burst of `calls` concurrent calls of `function` into one team."""

    function: str
    calls: int
    statuses: dict[int, int]
    expected_status: int
    wall_seconds: float
    milliseconds: tuple[float, ...]
    counters: str  # the team's counters afterwards, e.g. "pendingInviteCount 100"
    counters_exact: bool

    @property
    def succeeded(self) -> int:
        return self.statuses.get(self.expected_status, 0)

    @property
    def per_second(self) -> float:
        return self.succeeded / self.wall_seconds


def _race(url: str, requests_: list[tuple[str, dict[str, Any]]]) -> tuple[list[int], list[float]]:
    """POST each (token, body) to `url` at the same moment; statuses and milliseconds."""
    session = requests.Session()
    session.mount("http://", HTTPAdapter(pool_maxsize=len(requests_)))
    barrier = threading.Barrier(len(requests_))

    def call(token: str, body: dict[str, Any]) -> tuple[int, float]:
        barrier.wait()
        started = time.perf_counter()
        response = session.post(
            url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
        )
        return response.status_code, (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(max_workers=len(requests_)) as pool:
        results = list(pool.map(lambda request: call(*request), requests_))
    return [status for status, _ in results], [ms for _, ms in results]


def _burst(
    services: Services,
    function: str,
    requests_: list[tuple[str, dict[str, Any]]],
    expected_status: int,
    counters: Callable[[], tuple[str, bool]],
) -> Burst:
    url = services.suite.function_url(function)
    _race(url, [(token, {"teamId": "warm-up"}) for token, _ in requests_])  # start the workers
    started = time.perf_counter()
    statuses, milliseconds = _race(url, requests_)
    wall = time.perf_counter() - started
    described, exact = counters()
    return Burst(
        function,
        len(requests_),
        dict(Counter(statuses)),
        expected_status,
        wall,
        tuple(milliseconds),
        described,
        exact,
    )


def _team_counters(
    db: firestore.Client, team_id: str, *fields: str, admins: int | None = None
) -> tuple[str, bool]:
    """The named counters of the team, and whether all three counters equal the documents (and
    the team has exactly `admins` admins, when given)."""
    team = paths.team(db, team_id).get().to_dict() or {}
    members = [m.to_dict() or {} for m in paths.members(db, team_id).stream()]
    counted_admins = sum(m["role"] == "admin" for m in members)
    pending = paths.invites(db, team_id).where(
        filter=firestore.FieldFilter("status", "==", "pending")
    )
    exact = (
        team["memberCount"] == len(members)
        and team["ownerCount"] == sum(m["role"] == "owner" for m in members)
        and team["pendingInviteCount"] == len(list(pending.stream()))
        and admins in (None, counted_admins)
    )
    described = [f"`{name}` {team[name]}" for name in fields]
    if admins is not None:
        described.append(f"{counted_admins} admins")
    return ", ".join(described), exact


def measure_bursts(services: Services, calls: int) -> list[Burst]:
    """The three bursts, each into a fresh team."""
    db = services.db
    accounts = AuthEmulator(services.suite)
    owner = accounts.create_user(None, name="Owner")
    owner_token = accounts.id_token(owner)

    invite_team = create_team(db, owner.caller, "Invites").team_id
    invites = [
        (owner_token, {"teamId": invite_team, "email": f"burst{i}@example.com", "role": "member"})
        for i in range(calls)
    ]
    bursts = [
        _burst(
            services,
            "inviteMember",
            invites,
            201,
            lambda: _team_counters(db, invite_team, "pendingInviteCount"),
        )
    ]

    join_team = create_team(db, owner.caller, "Joins").team_id
    link = create_invite_link(db, owner.caller, join_team, role=Role.MEMBER)
    joiners = [accounts.create_user(None) for _ in range(calls)]
    joins = [(accounts.id_token(user), {"token": link.token}) for user in joiners]
    bursts.append(
        _burst(
            services,
            "joinByLink",
            joins,
            200,
            lambda: _team_counters(db, join_team, "memberCount"),
        )
    )

    changes = [  # the joiners are members of `join_team` now: promote each of them at once
        (owner_token, {"teamId": join_team, "changes": {user.uid: Role.ADMIN.value}})
        for user in joiners
    ]
    bursts.append(
        _burst(
            services,
            "changeMemberRoles",
            changes,
            200,
            lambda: _team_counters(db, join_team, "memberCount", admins=calls),
        )
    )
    return bursts


def section(bursts: list[Burst], calls: int) -> str:
    rows = [
        f"| `{b.function}` | {b.succeeded}/{b.calls}"
        + (
            ""
            if b.succeeded == b.calls
            else " (" + ", ".join(f"{s}x{n}" for s, n in sorted(b.statuses.items())) + ")"
        )
        + f" | {b.wall_seconds:.1f} s | {percentile(b.milliseconds, 50):.0f} ms"
        f" | {percentile(b.milliseconds, 99):.0f} ms | {b.per_second:.1f}"
        f" | {b.counters} ({'exact' if b.counters_exact else '**WRONG**'}) |"
        for b in bursts
    ]
    return "\n".join(
        [
            f"## Bursts into one team ({calls} concurrent calls)",
            "",
            f"Measured by `bench/bursts.py` (`scripts/bench --bursts --calls {calls}`); load "
            f"average {load()} at the end. Each burst of {calls} calls is released at once "
            "behind a barrier after a warm-up burst that started the Functions emulator's "
            "workers; every call changes the same team document (docs/scaling.md). Transactions "
            "retry contention within the request's time budget (`teamkit.transactions`).",
            "",
            "| function | succeeded | wall time | p50 | p99 | commits/s into the team "
            "| counters afterwards |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )


def bursts_section(calls: int) -> str:
    """Measure the bursts on services of their own and render their section."""
    with running_services(f"bench-bursts-{os.getpid()}") as services:
        return section(measure_bursts(services, calls), calls)
