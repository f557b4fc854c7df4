"""Keep a seat-based subscription's quantity equal to the team's member count.

Runs from a Firestore trigger on the team's events (membership changes, and billing changes,
which catch drift such as members who joined while checkout was open). It reads the team's
*current* member count, not the one at the event, so out-of-order or repeated deliveries
converge; it compares with the quantity Stripe holds right now (the team document may lag behind
Stripe's webhook) and calls Stripe only when they differ. The update's idempotency key is
derived from the triggering event and the target quantity, so a redelivered event cannot
change the subscription twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.billing.config import BillingSettings
from teamkit.billing.entitlements import SEAT_SYNCED
from teamkit.billing.stripe_objects import subscription_from
from teamkit.clock import utcnow
from teamkit.documents import SeatSyncState, Team, TeamBilling
from teamkit.errors import TeamsError, Unavailable
from teamkit.event_types import EventType

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.billing.gateway import GatewayFactory

logger = logging.getLogger(__name__)

SEAT_EVENTS = frozenset(
    {
        EventType.INVITE_ACCEPTED,
        EventType.MEMBER_ADDED,
        EventType.MEMBER_REMOVED,
        EventType.MEMBER_LEFT,
        EventType.BILLING_CHANGED,
    }
)
"""Event types after which the member count, or the subscription, may have changed."""


class SeatSync(StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    NOT_SEAT_BASED = "not_seat_based"
    NO_SUBSCRIPTION = "no_subscription"
    TEAM_GONE = "team_gone"
    FAILED = "failed"


def seat_idempotency_key(team_id: str, event_id: str, quantity: int) -> str:
    return f"teamkit-seats-{team_id}-{event_id}-{quantity}"


def sync_seats(
    db: Client,
    team_id: str,
    event_id: str,
    *,
    gateway: GatewayFactory,
    settings: BillingSettings,
    now: datetime | None = None,
) -> SeatSync:
    """Bring the subscription's quantity to the member count. Every failure is recorded on
    `billing.seatSync` and logged; transient ones (Stripe unreachable) also raise `Unavailable`
    so the trigger's execution shows as failed. The next membership or billing event syncs
    again from the current count, so a missed sync heals itself."""
    team, billing, skipped = _seat_based_team(db, team_id, settings)
    if team is None or billing.subscription_id is None:
        return skipped
    subscription_id = billing.subscription_id
    target = max(1, team.member_count)
    now = now or utcnow()
    try:
        client = gateway()
        subscription = subscription_from(client.retrieve_subscription(subscription_id))
        item = subscription.item_for(billing.price_id)
        if subscription.status not in SEAT_SYNCED or item is None:
            return SeatSync.NO_SUBSCRIPTION
        if item.quantity == target or item.id is None:
            return SeatSync.UNCHANGED
        client.set_item_quantity(
            subscription_id,
            item.id,
            target,
            idempotency_key=seat_idempotency_key(team_id, event_id, target),
        )
    except TeamsError as error:
        failed = SeatSyncState(state=SeatSync.FAILED, eventId=event_id, error=error.message, at=now)
        _record(db, team_id, failed)
        logger.error(
            "team %s: seats of %s not synced after event %s: %s",
            team_id,
            subscription_id,
            event_id,
            error.message,
        )
        if isinstance(error, Unavailable):
            raise
        return SeatSync.FAILED
    updated = SeatSyncState(
        state=SeatSync.UPDATED,
        quantity=target,
        previousQuantity=item.quantity,
        eventId=event_id,
        at=now,
    )
    _record(db, team_id, updated)
    logger.info(
        "team %s: seats of %s %d -> %d after event %s",
        team_id,
        subscription_id,
        item.quantity,
        target,
        event_id,
    )
    return SeatSync.UPDATED


def _seat_based_team(
    db: Client, team_id: str, settings: BillingSettings
) -> tuple[Team | None, TeamBilling, SeatSync]:
    """The team and its billing, if it is active and pays per seat; else why the sync has
    nothing to do."""
    snapshot = paths.team(db, team_id).get()
    team = Team.from_snapshot(snapshot) if snapshot.exists else None
    billing = team.billing if team else TeamBilling()
    if team is None or not team.active:
        return None, billing, SeatSync.TEAM_GONE
    if not billing.subscription_id or billing.subscription_status not in SEAT_SYNCED:
        return None, billing, SeatSync.NO_SUBSCRIPTION
    if not settings.pays_per_seat(billing):
        return None, billing, SeatSync.NOT_SEAT_BASED
    return team, billing, SeatSync.UPDATED


def _record(db: Client, team_id: str, outcome: SeatSyncState) -> None:
    """Write the outcome onto the team (`billing.seatSync`), where support can see it."""
    paths.team(db, team_id).update(TeamBilling.update(seat_sync=outcome.model_dump()))
