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

from bench.services import STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, LocalStripe
from devtools.localstripe import subscribe_customer
from teamkit import paths
from teamkit.billing.customers import ensure_customer
from teamkit.records import Team
from tests.support.stripe_recorder import price_json

SEAT_PRICE = "price_bench_seats_monthly"
_events = count(1)


def direct_client(fake: LocalStripe) -> stripe.StripeClient:
    """A client of localstripe itself, for set-up (not recorded, not teamkit's)."""
    return stripe.StripeClient(STRIPE_SECRET_KEY, base_addresses={"api": fake.localstripe_url})


def install_catalogue(fake: LocalStripe) -> None:
    """The per-seat plan (`metadata.seatBased=true`) the benchmarks subscribe teams to."""
    client = direct_client(fake)
    product = client.v1.products.create(params={"name": "Team plan"})
    client.v1.plans.create(
        params={
            "id": SEAT_PRICE,
            "product": product.id,
            "amount": 800,
            "currency": "eur",
            "interval": "month",
            "metadata": {"seatBased": "true"},
        }
    )
    fake.recorder.prices[SEAT_PRICE] = price_json(
        SEAT_PRICE, product_id=product.id, metadata={"seatBased": "true"}
    )


def subscribe(
    fake: LocalStripe, db: firestore.Client, team_id: str, quantity: int = 1
) -> dict[str, Any]:
    """Subscribe the team in localstripe as Checkout would (a card, then the subscription), its
    customer made by teamkit's own code; returns the subscription as Stripe holds it."""
    team = Team.from_snapshot(paths.team(db, team_id).get())
    customer_id = ensure_customer(db, team, gateway=fake.gateway())
    return subscribe_customer(direct_client(fake), customer_id, SEAT_PRICE, quantity)


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
        stripe.WebhookSignature.generate_signature_header(body.decode(), STRIPE_WEBHOOK_SECRET)
    )
