"""End to end with localstripe's own signed webhooks: what happens in Stripe reaches the team
through `stripeWebhook`, with nobody building events by hand."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from teamkit import paths
from tests.support.billing import FLAT_PRICE, SEAT_PRICE, Billing
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.state import events_of
from tests.support.waiting import eventually


def billing_of(db: firestore.Client, team_id: str) -> dict[str, Any]:
    return dict(paths.team(db, team_id).get().get("billing") or {})


def test_a_new_subscription_reaches_the_team(
    db: firestore.Client, live_webhooks: Billing, build: Builders
) -> None:
    team_id, _ = build.new_team()
    build.add_member(team_id)

    subscription_id = live_webhooks.subscribe(team_id, SEAT_PRICE, quantity=2)

    def recorded() -> dict[str, Any]:
        billing = billing_of(db, team_id)
        assert billing.get("subscriptionId") == subscription_id
        return billing

    billing = eventually(recorded, timeout=30)
    assert billing["status"] == "active" and billing["quantity"] == 2
    assert billing["priceId"] == SEAT_PRICE and billing["seatBased"] is True
    assert billing["currentPeriodEnd"] is not None
    (changed,) = events_of(db, team_id, "billing_changed")
    assert changed["change"] == "subscription_started"
    marker = paths.stripe_event(db, billing["lastEventId"]).get().to_dict() or {}
    assert marker["type"] == "customer.subscription.created" and marker["outcome"] == "applied"


def test_a_flat_plans_product_seat_limit_reaches_the_team(
    db: firestore.Client, live_webhooks: Billing, build: Builders
) -> None:
    team_id, _ = build.new_team()

    live_webhooks.subscribe(team_id, FLAT_PRICE)

    def limited() -> None:
        assert paths.team(db, team_id).get().get("seatLimit") == 10

    eventually(limited, timeout=30)


@pytest.mark.triggers
def test_deleting_the_team_ends_the_subscription_everywhere(
    api: Api, db: firestore.Client, live_webhooks: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()
    subscription_id = live_webhooks.subscribe(team_id, SEAT_PRICE)
    eventually(lambda: _assert_status(db, team_id, "active"), timeout=30)

    reply = api.call("deleteTeam", owner, {"teamId": team_id})

    assert reply.status == 200
    eventually(lambda: _assert_status(db, team_id, "canceled"), timeout=30)
    assert live_webhooks.subscription(subscription_id)["status"] == "canceled"
    # The team is gone: its members were told by team_deleted; no billing_changed follows.
    assert [e["change"] for e in events_of(db, team_id, "billing_changed")] == [
        "subscription_started"
    ]


def _assert_status(db: firestore.Client, team_id: str, status: str) -> None:
    assert billing_of(db, team_id).get("status") == status
