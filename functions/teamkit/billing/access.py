"""Check first: the team, read with the caller's membership, if their role allows a billing
action. Billing use cases call Stripe only after this passes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamkit.access import load_access
from teamkit.documents import Team
from teamkit.roles import Action
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


def team_for_billing(db: Client, caller: Caller, team_id: str, action: Action) -> Team:
    """The active team, or `NotFound` / `PermissionDenied` (owner and billing manage billing;
    owner, admin and billing read it: `teamkit.roles.PERMISSIONS`)."""

    def read(transaction: Transaction) -> Team:
        access, _ = load_access(transaction, db, caller, team_id)
        access.check(action)
        return access.team

    return run_in_transaction(db, read)
