"""Security-rules cost: the documents the rules fetch with `get()` (each one a billed read) for the
client requests that involve a team, in the small and in the large benchmark team.

The HTTP functions and triggers use the server client, which bypasses the rules, so they pay no
rule lookups at all; rules cost arises only for reads and writes clients make themselves. The
full table is in docs/rules.md (`tests/rules/test_rules_cost.py`); these requests re-measure
the team-scoped ones against a team of 10,000, read from the emulator's rules coverage report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from google.cloud import firestore

from bench.seeding import SeededTeam
from bench.services import Services
from devtools.emulators import ROOT
from devtools.rules_client import Identity, Outcome, Query, RulesClient, RulesCoverage
from teamkit import paths

# Positions in the benchmark cast (bench.costs.cast).
OWNER, ADMIN, VIEWER, MEMBER = 0, 1, 5, 6


@dataclass(frozen=True)
class ClientRequest:
    """One request a client app makes, as the seat at `actor` of the team (None: a stranger)."""

    name: str
    actor: int | None
    send: Callable[[RulesClient, Identity, SeededTeam], Outcome]
    allowed: bool = True
    prepare: Callable[[firestore.Client, Identity], None] | None = None


def forget_current_team(db: firestore.Client, identity: Identity) -> None:
    """Clear the profile's current team, so that setting it is a change the rules check."""
    paths.user(db, identity.uid).update({"currentTeamId": None})


REQUESTS = (
    ClientRequest("get the team", VIEWER, lambda c, i, t: c.get(i, f"teams/{t.team_id}")),
    ClientRequest(
        "list the team's members (first 100)",
        MEMBER,
        lambda c, i, t: c.query(i, Query("members", parent=f"teams/{t.team_id}", limit=100)),
    ),
    ClientRequest(
        "get another member",
        VIEWER,
        lambda c, i, t: c.get(i, f"teams/{t.team_id}/members/{t.uid(OWNER)}"),
    ),
    ClientRequest(
        "list my teams (collection group)",
        MEMBER,
        lambda c, i, t: c.query(i, Query("members", group=True, where=(("uid", "==", i.uid),))),
    ),
    ClientRequest(
        "list the team's pending invites",
        ADMIN,
        lambda c, i, t: c.query(
            i,
            Query("invites", parent=f"teams/{t.team_id}", where=(("status", "==", "pending"),)),
        ),
    ),
    ClientRequest(
        "list the event log (newest 50)",
        OWNER,
        lambda c, i, t: c.query(
            i,
            Query("events", parent=f"teams/{t.team_id}", order_by=(("at", "desc"),), limit=50),
        ),
    ),
    ClientRequest(
        "set my current team",
        MEMBER,
        lambda c, i, t: c.update(i, f"users/{i.uid}", {"currentTeamId": t.team_id}),
        prepare=forget_current_team,
    ),
    ClientRequest(
        "get the team as a stranger (refused)",
        None,
        lambda c, i, t: c.get(i, f"teams/{t.team_id}"),
        allowed=False,
    ),
)


@dataclass(frozen=True)
class RulesRow:
    """Rule lookups of one request in the small and in the large team."""

    request: str
    small: int
    large: int

    @property
    def same(self) -> bool:
        return self.small == self.large


def measure_rule_lookups(services: Services, teams: dict[int, SeededTeam]) -> tuple[RulesRow, ...]:
    """Rule `get()` lookups of each request, per team size (smallest first)."""
    suite = services.suite
    client = RulesClient(suite.firestore_documents_url, suite.project)
    coverage = RulesCoverage(
        suite.firestore_host, suite.project, (ROOT / "firestore.rules").read_text()
    )
    small, large = sorted(teams)
    counts: dict[int, list[int]] = {}
    for size in (small, large):
        team = teams[size]
        counts[size] = []
        for request in REQUESTS:
            if request.actor is None:
                identity = Identity(f"stranger-{size}", f"stranger{size}@example.com")
            else:
                caller = team.seats[request.actor].caller
                identity = Identity(caller.uid, caller.email)
            if request.prepare is not None:
                request.prepare(services.client(), identity)
            coverage.reset()
            outcome = request.send(client, identity, team)
            if outcome.allowed is not request.allowed:
                raise RuntimeError(f"{request.name}: rules answered {outcome.status}")
            counts[size].append(len(coverage.documents_read()))
    return tuple(
        RulesRow(request.name, counts[small][n], counts[large][n])
        for n, request in enumerate(REQUESTS)
    )
