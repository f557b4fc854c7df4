"""Delete a team (owners only): it is marked deleted, its pending invites revoked, and its
subscription cancelled.

Member documents stay, so the event fan-out can still reach the team's owners and admins and
the log stays readable to support; every use case treats a deleted team as not found.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from google.cloud.firestore import FieldFilter

from teamkit import paths
from teamkit.access import load_access
from teamkit.batches import write_in_batches
from teamkit.billing.cancel import cancel_subscription_of_deleted_team, pending_cancellation
from teamkit.clock import utcnow
from teamkit.event_types import EventType
from teamkit.events import Plain, record_event
from teamkit.records import Invite, InviteStatus, Team
from teamkit.roles import Action
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentSnapshot, WriteBatch

    from teamkit.auth import Caller
    from teamkit.billing.gateway import GatewayFactory
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
        transaction.update(
            paths.team(db, team_id),
            {
                **access.team.deletion(caller.uid, now),
                **pending_cancellation(access.team.billing),
            },
        )
        record_event(
            transaction, db, access.team, Plain(type=EventType.TEAM_DELETED), actor=caller, at=now
        )
        return access.team

    team = run_in_transaction(db, mark_deleted)
    if gateway is not None:  # after the commit, never raising: a failure leaves cancelPending
        cancel_subscription_of_deleted_team(
            db, team_id, gateway=gateway, billing=team.billing, now=now
        )
    revoked = revoke_all_invites(db, team_id, now=now)
    logger.info("team %s deleted by %s; %d pending invites revoked", team_id, caller.uid, revoked)
    return team


def revoke_all_invites(db: Client, team_id: str, *, now: datetime) -> int:
    """Revoke every pending invite of a deleted team (idempotent)."""
    pending = (
        paths.invites(db, team_id)
        .where(filter=FieldFilter("status", "==", InviteStatus.PENDING.value))
        .stream()
    )

    def revoke(batch: WriteBatch, invite: DocumentSnapshot) -> None:
        batch.update(invite.reference, Invite.answered(InviteStatus.REVOKED, now))

    # Tokens stay until they expire (the expiry sweep deletes them), so an old link answers
    # "revoked" (412) rather than "unknown" (404), as for any other revoked invite.
    return write_in_batches(db, pending, revoke)
