"""The Stripe webhook: verify the signature on the raw body, allow-list the event types, find the
team through `stripeCustomers/`, and hand the event to the ledger.

Every answer a sender can provoke is a 2xx or a 4xx: a bad, missing or expired signature is 400
and writes nothing; an unhandled type, an unknown customer, a replay or a stale event is 200
(Stripe must not retry those). Only our own trouble (Firestore or Stripe unreachable,
contention) is 5xx, which Stripe retries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.billing.config import BillingSettings
from teamkit.billing.errors import (
    BadSignature,
    BillingNotConfigured,
    MalformedStripeObject,
    StripeObjectMissing,
)
from teamkit.billing.ledger import (
    HANDLED_EVENTS,
    E,
    Effect,
    Outcome,
    checkout_effect,
    invoice_effect,
    record_stripe_event,
    subscription_effect,
)
from teamkit.billing.stripe_objects import (
    PriceInfo,
    StripeEvent,
    SubscriptionInfo,
    checkout_session_from,
    customer_of,
    event_from,
    invoice_from,
    subscription_from,
)
from teamkit.clock import utcnow
from teamkit.documents import TERMINAL, Team
from teamkit.errors import InvalidArgument

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.billing.gateway import GatewayFactory

logger = logging.getLogger(__name__)


SIGNATURE_TOLERANCE = 300
"""Seconds a signature stays good (Stripe's libraries' default): an older delivery is refused,
so a captured request cannot be replayed later."""


def verify_signature(payload: bytes, header: str | None, secret: str) -> None:
    """`BadSignature` unless Stripe signed `payload` with `secret` in the last five minutes.

    Stripe's scheme, as its library checks it: the header's `t` and `v1` entries, HMAC-SHA256
    of `{t}.{payload}` compared in constant time with each `v1`. Written with the standard
    library because importing `stripe` would be most of the webhook's cold start;
    `tests/billing/test_webhook_signature.py` holds it to the library's own check."""
    try:
        text = payload.decode("utf-8")
        entries = [entry.split("=", 2) for entry in (header or "").split(",")]
        timestamp = int(next(entry[1] for entry in entries if entry[0] == "t"))
        signatures = [entry[1].encode() for entry in entries if entry[0] == "v1"]
    except (UnicodeDecodeError, StopIteration, IndexError, ValueError) as error:
        raise BadSignature("The Stripe-Signature header is malformed.") from error
    signed = f"{timestamp}.{text}".encode()
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest().encode()
    if not any(hmac.compare_digest(expected, signature) for signature in signatures):
        raise BadSignature("The Stripe-Signature header does not match the body.")
    if timestamp < time.time() - SIGNATURE_TOLERANCE:
        raise BadSignature("The Stripe-Signature is too old: a delivery is good for 5 minutes.")


def receive_stripe_event(
    db: Client,
    payload: bytes,
    signature: str | None,
    *,
    settings: BillingSettings,
    gateway: GatewayFactory,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Verify and handle one delivery; returns the JSON answer (`received`, `outcome`)."""
    if not settings.webhook_secret:
        raise BillingNotConfigured("Billing is not set up on this deployment (no webhook secret).")
    verify_signature(payload, signature, settings.webhook_secret)
    try:
        body = json.loads(payload)
    except ValueError as error:
        raise InvalidArgument("The webhook body is not JSON.") from error
    event = event_from(body)
    if not paths.is_document_id(event.id):
        raise MalformedStripeObject("The Stripe event id is not one Stripe would send.")
    now = now or utcnow()
    outcome, reason, team_id = _apply(db, event, settings=settings, gateway=gateway, now=now)
    logger.info(
        "stripe event %s (%s) for team %s: %s%s",
        event.id,
        event.type,
        team_id,
        outcome.value,
        f" ({reason})" if reason else "",
    )
    return {"received": True, "eventId": event.id, "outcome": outcome.value}


def _apply(
    db: Client,
    event: StripeEvent,
    *,
    settings: BillingSettings,
    gateway: GatewayFactory,
    now: datetime,
) -> tuple[Outcome, str, str | None]:
    if event.type not in HANDLED_EVENTS:
        return Outcome.UNHANDLED_TYPE, "not an event teamkit handles", None
    customer_id = customer_of(event.object)
    team_id = team_of_customer(db, customer_id)
    if team_id is None:
        logger.warning(
            "stripe event %s (%s) is about customer %s, which is no team's; ignored",
            event.id,
            event.type,
            customer_id,
        )
        return Outcome.UNKNOWN_CUSTOMER, f"customer {customer_id} is no team's", None
    if paths.stripe_event(db, event.id).get().exists:
        # Cheap early exit for replays; the ledger transaction checks again.
        return Outcome.DUPLICATE, "already handled", team_id
    decide = _decision(event, settings=settings, gateway=gateway, now=now)
    effect = record_stripe_event(db, event, team_id, decide, now=now)
    return effect.outcome, effect.reason, team_id


def team_of_customer(db: Client, customer_id: str | None) -> str | None:
    """The team a Stripe customer belongs to, from `stripeCustomers/{customerId}`."""
    if not customer_id or not paths.is_document_id(customer_id):
        return None
    snapshot = paths.stripe_customer(db, customer_id).get()
    team_id = snapshot.get("teamId") if snapshot.exists else None
    return team_id if isinstance(team_id, str) and team_id else None


def _decision(
    event: StripeEvent, *, settings: BillingSettings, gateway: GatewayFactory, now: datetime
) -> Callable[[Team], Effect]:
    if event.type == E.CHECKOUT_COMPLETED:
        session = checkout_session_from(event.object)
        return lambda team: checkout_effect(team, session, event, now=now)
    if event.type in (E.INVOICE_PAID, E.INVOICE_PAYMENT_FAILED):
        invoice = invoice_from(event.object)
        return lambda team: invoice_effect(team, invoice, event, now=now)
    subscription = subscription_from(event.object)
    price = full_price(subscription, event, gateway)
    return lambda team: subscription_effect(
        team, subscription, event, price=price, settings=settings, now=now
    )


def full_price(
    subscription: SubscriptionInfo, event: StripeEvent, gateway: GatewayFactory
) -> PriceInfo | None:
    """The subscription's price with its product (for the plan's name and a seat limit kept
    in product metadata). Webhook payloads carry the price but not the product; when the price
    cannot be read the payload's copy is used."""
    plan = subscription.price
    if plan is None or event.type == E.SUBSCRIPTION_DELETED or subscription.status in TERMINAL:
        return None
    try:
        return gateway().retrieve_price(plan.id)
    except (StripeObjectMissing, BillingNotConfigured) as error:
        logger.info("price %s of subscription %s not read: %s", plan.id, subscription.id, error)
        return None
