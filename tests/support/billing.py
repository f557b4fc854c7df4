"""Billing as tests see it: the test catalogue in localstripe (plans mirrored as Prices by the
recorder), subscribing a team for real, and signed deliveries to `stripeWebhook`. The `billing`
fixture (tests/support/billing_fixtures.py) hands out a `Billing`; events and signatures come
from `devtools.fakes.stripe_events`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from google.cloud import firestore

from devtools.fakes.stripe_events import sign
from devtools.fakes.stripe_fake import SEAT_PRICE, StripeFake
from devtools.fakes.stripe_recorder import price_json
from tests.support.http import Api, Reply

__all__ = ["FLAT_PRICE", "ONE_TIME_PRICE", "SEAT_PRICE", "Billing", "deliver"]

FLAT_PRICE = "price_teamkit_flat_monthly"
"""A flat price whose product carries `metadata.seatLimit=10`."""
ONE_TIME_PRICE = "price_teamkit_setup_fee"
"""Not recurring: not something to subscribe to."""


@dataclass(frozen=True)
class Billing:
    """The Stripe fakes of one test, with the catalogue installed."""

    fake: StripeFake
    db: firestore.Client

    @classmethod
    def with_catalogue(cls, fake: StripeFake, db: firestore.Client) -> Billing:
        """Install the test catalogue (seat, flat and one-time prices) into emptied fakes."""
        fake.add_seat_plan(SEAT_PRICE)
        fake.add_plan(
            FLAT_PRICE, name="Flat plan", amount=4900, product_metadata={"seatLimit": "10"}
        )
        fake.recorder.prices[ONE_TIME_PRICE] = price_json(ONE_TIME_PRICE, interval=None)
        return cls(fake, db)

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
