"""Entry points of the billing Cloud Functions that are not plain API endpoints: the Stripe
webhook and the trigger on team events. Cheap to import (`main.py` imports it at load time):
Firestore, pydantic and stripe load on first call."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from flask import Response

from teamkit.errors import MethodNotAllowed, TeamsError
from teamkit.http import json_response, read_body

if TYPE_CHECKING:
    from flask import Request

logger = logging.getLogger(__name__)

WEBHOOK_BODY_LIMIT = 1024 * 1024
"""Stripe events are larger than API requests (an invoice with many lines); 1 MiB is ample."""


def serve_stripe_webhook(request: Request) -> Response:
    """Answer one delivery to `stripeWebhook`, in the contract's JSON error format."""
    from teamkit import db
    from teamkit.billing.config import billing_settings
    from teamkit.billing.gateway import default_gateway
    from teamkit.billing.webhook import handle_webhook

    try:
        if request.method != "POST":
            raise MethodNotAllowed("stripeWebhook accepts POST only.")
        payload = read_body(request, limit=WEBHOOK_BODY_LIMIT)
        answer = handle_webhook(
            db.client(),
            payload,
            request.headers.get("Stripe-Signature"),
            settings=billing_settings(),
            gateway=default_gateway,
        )
    except TeamsError as error:
        logger.info("stripeWebhook answered %s: %s", error.status.value, error.message)
        return json_response(error.http_status, error.to_json(), error=error)
    except Exception:
        logger.exception("stripeWebhook failed")
        internal = TeamsError("Internal error.").to_json()
        return json_response(500, internal)
    return json_response(200, answer)


def handle_team_event(team_id: str, event_id: str, data: dict[str, Any] | None) -> str:
    """The billing side of a team event: seat sync after membership (and billing) changes,
    cancellation after the team's deletion. Returns what was done; raises only what the
    trigger should retry (Stripe or Firestore unreachable)."""
    from teamkit import db
    from teamkit.billing.cancel import Cancellation, cancel_subscription_of_deleted_team
    from teamkit.billing.config import billing_settings
    from teamkit.billing.gateway import default_gateway
    from teamkit.billing.seat_sync import SEAT_EVENTS, sync_seats
    from teamkit.errors import Unavailable
    from teamkit.events import EventType

    event_type = (data or {}).get("type")
    if event_type == EventType.TEAM_DELETED:
        cancelled = cancel_subscription_of_deleted_team(
            db.client(), team_id, gateway=default_gateway
        )
        if cancelled is Cancellation.RETRY_LATER:
            raise Unavailable(f"team {team_id}: subscription not cancelled yet; retrying")
        return cancelled.value
    if event_type in SEAT_EVENTS:
        return sync_seats(
            db.client(), team_id, event_id, gateway=default_gateway, settings=billing_settings()
        ).value
    return "ignored"


def retry_cancellations() -> int:
    """The scheduled retry of cancellations that failed when their team was deleted; returns
    how many teams it tried."""
    from teamkit import db
    from teamkit.billing.cancel import retry_pending_cancellations

    return len(retry_pending_cancellations(db.client()))
