"""Helpers for billing tests: a small catalogue in localstripe (plans) mirrored as Prices by the
recorder, subscribing a team for real in localstripe, and signed webhook deliveries."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from google.cloud import firestore

from devtools.emulators import Suite
from teamkit.billing.ledger import HANDLED_EVENTS
from tests.support.billing_fixtures import TEST_WEBHOOK_SECRET, StripeFake
from tests.support.http import Api, Reply
from tests.support.stripe_recorder import price_json

SEAT_PRICE = "price_teamkit_seats_monthly"
"""Billed per member (`metadata.seatBased=true`)."""
FLAT_PRICE = "price_teamkit_flat_monthly"
"""A flat price whose product carries `metadata.seatLimit=10`."""
ONE_TIME_PRICE = "price_teamkit_setup_fee"
"""Not recurring: not something to subscribe to."""


@dataclass(frozen=True)
class Billing:
    """The Stripe fakes of one test, with the catalogue installed."""

    fake: StripeFake
    db: firestore.Client

    @property
    def recorder(self) -> Any:
        return self.fake.recorder

    def direct(self) -> Any:
        """A Stripe client talking to localstripe itself (test set-up, not recorded)."""
        return self.fake.direct()

    def customer_of(self, team_id: str) -> str:
        """The team's customer, created through teamkit's own code."""
        return self.fake.customer_of(self.db, team_id)

    def subscribe(self, team_id: str, price_id: str = SEAT_PRICE, quantity: int = 1) -> str:
        """Subscribe the team in localstripe as Checkout would (a card, then a subscription);
        returns the subscription id."""
        return str(self.fake.subscribe_team(self.db, team_id, price_id, quantity)["id"])

    def subscription(self, subscription_id: str) -> dict[str, Any]:
        """The subscription as localstripe holds it now."""
        return dict(self.direct().v1.subscriptions.retrieve(subscription_id).to_dict())

    def customers(self) -> list[dict[str, Any]]:
        return [c.to_dict() for c in self.direct().v1.customers.list(params={"limit": 100}).data]


@pytest.fixture
def billing(fresh_stripe: StripeFake, db: firestore.Client) -> Billing:
    """Empty fakes with the test catalogue; localstripe's webhooks switched off."""
    fresh_stripe.register_webhook(None, events=[])
    fresh_stripe.add_seat_plan(SEAT_PRICE)
    client = fresh_stripe.direct()
    flat = client.v1.products.create(params={"name": "Flat plan", "metadata": {"seatLimit": "10"}})
    client.v1.plans.create(
        params={
            "id": FLAT_PRICE,
            "product": flat.id,
            "amount": 4900,
            "currency": "eur",
            "interval": "month",
        }
    )
    fresh_stripe.recorder.prices.update(
        {
            FLAT_PRICE: price_json(
                FLAT_PRICE,
                product_id=flat.id,
                product_name="Flat plan",
                unit_amount=4900,
                product_metadata={"seatLimit": "10"},
            ),
            ONE_TIME_PRICE: price_json(ONE_TIME_PRICE, interval=None),
        }
    )
    return Billing(fresh_stripe, db)


@pytest.fixture
def live_webhooks(billing: Billing, suite: Suite) -> Iterator[Billing]:
    """localstripe sends its signed events (of the types teamkit handles) to `stripeWebhook`
    for the length of this test."""
    billing.fake.register_webhook(
        suite.function_url("stripeWebhook"), events=sorted(HANDLED_EVENTS)
    )
    yield billing
    billing.fake.register_webhook(None, events=[])


# --- signed webhook deliveries ---------------------------------------------------------------

_sequence = iter(range(1, 1_000_000))


def stripe_event(
    event_type: str, obj: dict[str, Any], *, created: int | None = None, event_id: str = ""
) -> dict[str, Any]:
    """A Stripe event envelope around `obj`."""
    return {
        "id": event_id or f"evt_test_{int(time.time())}_{next(_sequence)}",
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "api_version": "2025-03-31.basil",
        "data": {"object": obj},
    }


def subscription_object(
    subscription_id: str,
    customer_id: str,
    *,
    status: str = "active",
    price_id: str = SEAT_PRICE,
    quantity: int = 3,
    created: int = 1_700_000_000,
    period_end: int = 1_900_000_000,
    cancel_at_period_end: bool = False,
    price_metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A subscription as current API versions send it (the period on the item)."""
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": customer_id,
        "status": status,
        "created": created,
        "cancel_at_period_end": cancel_at_period_end,
        "cancel_at": period_end if cancel_at_period_end else None,
        "metadata": {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_{subscription_id}",
                    "object": "subscription_item",
                    "quantity": quantity,
                    "current_period_end": period_end,
                    "price": {
                        "id": price_id,
                        "object": "price",
                        "product": "prod_unknown_to_the_recorder",
                        "metadata": price_metadata
                        if price_metadata is not None
                        else {"seatBased": "true"},
                        "recurring": {"interval": "month"},
                    },
                }
            ],
        },
    }


def invoice_object(
    invoice_id: str, customer_id: str, subscription_id: str, *, status: str
) -> dict[str, Any]:
    return {
        "id": invoice_id,
        "object": "invoice",
        "customer": customer_id,
        "number": f"TK-{invoice_id[-4:]}",
        "status": status,
        "amount_due": 2400,
        "amount_paid": 2400 if status == "paid" else 0,
        "total": 2400,
        "currency": "eur",
        "hosted_invoice_url": f"https://invoice.stripe.test/{invoice_id}",
        "parent": {
            "type": "subscription_details",
            "subscription_details": {"subscription": subscription_id},
        },
    }


def checkout_object(
    session_id: str, customer_id: str, subscription_id: str, team_id: str, *, created: int
) -> dict[str, Any]:
    return {
        "id": session_id,
        "object": "checkout.session",
        "mode": "subscription",
        "customer": customer_id,
        "subscription": subscription_id,
        "client_reference_id": team_id,
        "metadata": {"teamId": team_id},
        "created": created,
    }


def sign(body: bytes, secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A `Stripe-Signature` header for `body`, as Stripe computes it."""
    import stripe

    return str(stripe.WebhookSignature.generate_signature_header(body.decode(), secret, timestamp))


def deliver(api: Api, event: dict[str, Any] | bytes, *, signature: str | None = "sign") -> Reply:
    """POST an event to `stripeWebhook`, signed with the test secret unless told otherwise
    (`signature=None` sends no header)."""
    body = event if isinstance(event, bytes) else json.dumps(event).encode()
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        headers["Stripe-Signature"] = sign(body)
    elif signature is not None:
        headers["Stripe-Signature"] = signature
    return api.call("stripeWebhook", data=body, headers=headers)
