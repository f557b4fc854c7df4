"""The billing Cloud Functions on events and schedules (docs/billing.md): they build the settings
and the Stripe gateway for the use cases. Cheap to import: Firestore and stripe load on call."""

from __future__ import annotations

from typing import Any


def sync_billing_with_team_event(team_id: str, event_id: str, data: dict[str, Any] | None) -> str:
    """`syncBilling`: seat sync after membership (and billing) changes, cancellation after the
    team's deletion. Returns what was done; raises only what the trigger should retry (Stripe or
    Firestore unreachable)."""
    from teamkit import db
    from teamkit.billing.cancel import Cancellation, cancel_subscription_of_deleted_team
    from teamkit.billing.config import billing_settings, default_gateway
    from teamkit.billing.seat_sync import SEAT_EVENTS, sync_seats
    from teamkit.errors import Unavailable
    from teamkit.event_types import EventType
    from teamkit.events import read_event

    event = read_event(data, f"{team_id}/{event_id}")
    if event is not None and event.type is EventType.TEAM_DELETED:
        cancelled = cancel_subscription_of_deleted_team(
            db.client(), team_id, gateway=default_gateway
        )
        if cancelled is Cancellation.RETRY_LATER:
            raise Unavailable(f"team {team_id}: subscription not cancelled yet; retrying")
        return cancelled.value
    if event is not None and event.type in SEAT_EVENTS:
        return sync_seats(
            db.client(), team_id, event_id, gateway=default_gateway, settings=billing_settings()
        ).value
    return "ignored"


def retry_failed_cancellations() -> int:
    """`retryBillingCancellations`: cancel again the subscriptions of deleted teams whose
    cancellation failed; returns how many teams it tried."""
    from teamkit import db
    from teamkit.billing.cancel import retry_pending_cancellations
    from teamkit.billing.config import default_gateway

    return len(retry_pending_cancellations(db.client(), gateway=default_gateway))
