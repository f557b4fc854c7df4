"""Choose the team the client shows: `users/{uid}.currentTeamId`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.errors import TeamNotFound
from teamkit.roles import Action
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


def switch_team(db: Client, caller: Caller, team_id: str) -> None:
    """Make `team_id` the caller's current team; they must belong to it, superAdmins too (the
    rules refuse a `currentTeamId` the user is not a member of, and so does this).

    A preference, not a change of membership, so it writes no team event.
    """

    def switch(transaction: Transaction) -> None:
        access, _ = load_access(transaction, db, caller, team_id)
        if access.membership is None:  # a superAdmin acts in any team but belongs to none
            raise TeamNotFound()
        access.check(Action.READ_TEAM)
        transaction.set(paths.user(db, caller.uid), {"currentTeamId": team_id}, merge=True)

    run_in_transaction(db, switch)
