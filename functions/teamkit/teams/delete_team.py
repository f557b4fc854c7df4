"""Delete a team (owners only): it is marked deleted (`membership.core.close_team`), its pending
invites revoked, its subscription cancelled, and its items in the scoped collections kept or
deleted as declared (`teamkit.scoped`); every use case treats it as not found."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import scoped
from teamkit.access import load_access
from teamkit.billing.cancel import cancel_subscription_of_deleted_team
from teamkit.clock import utcnow
from teamkit.membership.core import Closure, close_team, revoke_all_invites
from teamkit.roles import Action
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.billing.gateway import GatewayFactory
    from teamkit.documents import Team
    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)


def delete_team(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    gateway: GatewayFactory | None = None,
    now: datetime | None = None,
) -> Team:
    """Mark the team deleted and revoke what hangs off it; returns the team as it was. With a
    Stripe `gateway` its subscription is cancelled at once, else by the `syncBilling` trigger."""
    now = now or utcnow()

    def mark_deleted(transaction: Transaction) -> Team:
        access, _ = load_access(transaction, db, caller, team_id)
        access.check(Action.DELETE_TEAM)
        close_team(transaction, db, Closure(access.team, caller, now))
        return access.team

    team = run_in_transaction(db, mark_deleted)
    if gateway is not None:  # after the commit, never raising: a failure leaves cancelPending
        cancel_subscription_of_deleted_team(
            db, team_id, gateway=gateway, billing=team.billing, now=now
        )
    revoked = revoke_all_invites(db, team_id, now=now)
    scoped.settle(db, scoped.Change(closed_teams=(team_id,)))
    logger.info("team %s deleted by %s; %d pending invites revoked", team_id, caller.uid, revoked)
    return team
