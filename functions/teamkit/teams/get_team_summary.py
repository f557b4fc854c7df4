"""A team at a glance for one of its members: the counts, the seats, and the caller's own role
and powers, from one read of the team document and the caller's member document (the counters
on the team document are kept by every membership change, so no member or invite is read)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from teamkit.access import load_access
from teamkit.roles import Action, Role, powers
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.documents import Team
    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class TeamSummary:
    """The team as its counters tell it, and what the caller may do in it."""

    team: Team
    role: Role
    permissions: tuple[Action, ...]
    """In the order of `Action`."""

    @property
    def free_seats(self) -> int | None:
        """Seats left under the team's seat limit (None: no limit)."""
        limit = self.team.seat_limit
        return None if limit is None else max(0, limit - self.team.seats_used)


def get_team_summary(db: Client, caller: Caller, team_id: str) -> TeamSummary:
    """The summary, for any member (a superAdmin reads every team as an owner); `TeamNotFound`
    for everyone else."""

    def read(transaction: Transaction) -> TeamSummary:
        access, _ = load_access(transaction, db, caller, team_id)
        role = access.check(Action.READ_TEAM)
        granted = powers(role)
        return TeamSummary(access.team, role, tuple(a for a in Action if a in granted))

    return run_in_transaction(db, read)
