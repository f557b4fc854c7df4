"""Create a team: the caller becomes its first owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import Team, Via
from teamkit.errors import InvalidArgument
from teamkit.membership.core import Admission, Newcomer, admit
from teamkit.roles import Role
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class TeamCreated:
    team_id: str
    name: str


def check_team_name(raw: str) -> str:
    """The name trimmed, or `InvalidArgument` when it is empty or too long."""
    name = raw.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidArgument(f"A team name has 1 to {MAX_NAME_LENGTH} characters.")
    return name


def create_team(
    db: Client, caller: Caller, name: str, *, now: datetime | None = None
) -> TeamCreated:
    """Create a team named `name` with the caller as its only member and owner."""
    name = check_team_name(name)
    now = now or utcnow()
    team_ref = paths.teams(db).document()
    team = Team(
        id=team_ref.id,
        name=name,
        created_at=now,
        created_by=caller.uid,
    )

    def create(transaction: Transaction) -> TeamCreated:
        profile_ref = paths.user(db, caller.uid)
        snapshots = {profile_ref.path: transaction.get(profile_ref)}
        admission = Admission(team, Newcomer.of(caller), Role.OWNER, Via.CREATOR, caller, now)
        admit(transaction, db, admission, snapshots)
        return TeamCreated(team_id=team.id, name=name)

    return run_in_transaction(db, create)
