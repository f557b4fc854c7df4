"""Stripe as the benchmarks need it: a per-seat price in localstripe (mirrored as a Price by the
recorder, since localstripe has no Prices API), real subscriptions of teams, and webhook
deliveries signed with the test secret, as Stripe would send them."""

from __future__ import annotations

import json
import time
from itertools import count
from typing import Any

import stripe
from google.cloud import firestore

from tests.support.billing_fixtures import TEST_WEBHOOK_SECRET, StripeFake

SEAT_PRICE = "price_bench_seats_monthly"
_events = count(1)


def install_catalogue(fake: StripeFake) -> None:
    """The per-seat plan (`metadata.seatBased=true`) the benchmarks subscribe teams to."""
    fake.add_seat_plan(SEAT_PRICE)


def subscribe(
    fake: StripeFake, db: firestore.Client, team_id: str, quantity: int = 1
) -> dict[str, Any]:
    """Subscribe the team in localstripe as Checkout would (a card, then the subscription), its
    customer made by teamkit's own code; returns the subscription as Stripe holds it."""
    return fake.subscribe_team(db, team_id, SEAT_PRICE, quantity)


def event_body(event_type: str, obj: dict[str, Any], *, created: int | None = None) -> bytes:
    """A Stripe event envelope around `obj`, as JSON."""
    event = {
        "id": f"evt_bench_{int(time.time())}_{next(_events)}",
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "api_version": "2025-03-31.basil",
        "data": {"object": obj},
    }
    return json.dumps(event).encode()


def signature(body: bytes) -> str:
    """The `Stripe-Signature` header Stripe would send with `body`."""
    return str(
        stripe.WebhookSignature.generate_signature_header(body.decode(), TEST_WEBHOOK_SECRET)
    )
