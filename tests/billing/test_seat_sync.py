"""Seat sync: a seat-based subscription's quantity follows the member count, for real in
localstripe, once per triggering event, and only when it differs."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from devtools.fakes.stripe_events import stripe_event
from teamkit import paths
from teamkit.billing.config import BillingSettings
from teamkit.billing.seat_sync import SeatSync, seat_idempotency_key, sync_seats
from teamkit.errors import Unavailable
from tests.support.billing import FLAT_PRICE, SEAT_PRICE, Billing, deliver
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.waiting import eventually


def subscribed_team(
    api: Api, billing: Billing, build: Builders, price: str = SEAT_PRICE, members: int = 1
) -> tuple[str, str]:
    """A team with `members` members and a live localstripe subscription (quantity 1) that
    the webhook has recorded: (team id, subscription id)."""
    team_id, _ = build.new_team()
    for _ in range(members - 1):
        build.add_member(team_id)
    subscription_id = billing.subscribe(team_id, price, quantity=1)
    event = stripe_event("customer.subscription.created", billing.subscription(subscription_id))
    assert deliver(api, event).body["outcome"] == "applied"
    return team_id, subscription_id


def quantity_of(billing: Billing, subscription_id: str) -> int:
    subscription: dict[str, Any] = billing.subscription(subscription_id)
    return int(subscription["items"]["data"][0]["quantity"])


def sync(
    db: firestore.Client, billing: Billing, team_id: str, event_id: str, **kw: Any
) -> SeatSync:
    return sync_seats(
        db,
        team_id,
        event_id,
        gateway=billing.fake.gateway,
        settings=kw.pop("settings", BillingSettings()),
        **kw,
    )


def test_the_quantity_follows_the_member_count(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id = subscribed_team(api, billing, build, members=3)

    outcome = sync(db, billing, team_id, "evt_member_added")

    assert outcome is SeatSync.UPDATED
    assert quantity_of(billing, subscription_id) == 3
    (update,) = billing.recorder.requests("POST", f"/v1/subscriptions/{subscription_id}")
    assert update.form["items[0][quantity]"] == "3"
    assert update.form["items[0][id]"].startswith("si_")
    assert "proration_behavior" not in update.form  # Stripe's default: create_prorations
    assert update.idempotency_key == seat_idempotency_key(team_id, "evt_member_added", 3)
    seat_sync = paths.team(db, team_id).get().get("billing")["seatSync"]
    assert seat_sync["state"] == "updated" and seat_sync["quantity"] == 3
    assert seat_sync["previousQuantity"] == 1 and seat_sync["eventId"] == "evt_member_added"


def test_nothing_is_sent_when_the_quantity_already_matches(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id = subscribed_team(api, billing, build, members=1)

    outcome = sync(db, billing, team_id, "evt_1")

    assert outcome is SeatSync.UNCHANGED
    assert billing.recorder.requests("POST", f"/v1/subscriptions/{subscription_id}") == []


def test_a_redelivered_event_sends_the_same_idempotency_key(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id = subscribed_team(api, billing, build, members=2)
    # Stripe would answer the second call from its idempotency cache; localstripe ignores keys,
    # so the quantity is put back to make the retry send again.
    sync(db, billing, team_id, "evt_twice")
    item_id = billing.subscription(subscription_id)["items"]["data"][0]["id"]
    billing.direct().v1.subscriptions.update(
        subscription_id, params={"items": [{"id": item_id, "quantity": 1}]}
    )

    sync(db, billing, team_id, "evt_twice")

    updates = billing.recorder.requests("POST", f"/v1/subscriptions/{subscription_id}")
    assert len(updates) == 2
    assert updates[0].idempotency_key == updates[1].idempotency_key


def test_a_flat_price_is_left_alone(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, _ = subscribed_team(api, billing, build, price=FLAT_PRICE, members=3)
    billing.recorder.reset()

    outcome = sync(db, billing, team_id, "evt_1")

    assert outcome is SeatSync.NOT_SEAT_BASED
    assert billing.recorder.requests() == []


def test_a_price_listed_in_the_seat_price_param_is_synced(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id = subscribed_team(api, billing, build, price=FLAT_PRICE, members=2)

    outcome = sync(
        db,
        billing,
        team_id,
        "evt_1",
        settings=BillingSettings(seat_price_ids=frozenset({FLAT_PRICE})),
    )

    assert outcome is SeatSync.UPDATED and quantity_of(billing, subscription_id) == 2


def test_a_team_without_a_subscription_costs_no_stripe_call(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, _ = build.new_team()

    assert sync(db, billing, team_id, "evt_1") is SeatSync.NO_SUBSCRIPTION
    assert billing.recorder.requests() == []


def test_a_stripe_outage_is_recorded_and_raised(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id = subscribed_team(api, billing, build, members=2)
    billing.recorder.fail("POST", f"/v1/subscriptions/{subscription_id}", status=503)

    with pytest.raises(Unavailable):
        sync(db, billing, team_id, "evt_1")

    assert quantity_of(billing, subscription_id) == 1
    seat_sync = paths.team(db, team_id).get().get("billing")["seatSync"]
    assert seat_sync["state"] == "failed" and seat_sync["error"]


@pytest.mark.triggers
def test_adding_and_removing_members_over_http_moves_the_subscription(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id = subscribed_team(api, billing, build, members=1)
    first, second = build.new_user(), build.new_user()
    operator = build.operator

    api.call("addExistingMember", operator, {"teamId": team_id, "uid": first.uid})
    api.call("addExistingMember", operator, {"teamId": team_id, "uid": second.uid})

    def three_seats() -> None:
        assert quantity_of(billing, subscription_id) == 3

    eventually(three_seats, timeout=60)
    api.call("removeMember", operator, {"teamId": team_id, "uid": first.uid})

    def two_seats() -> None:
        assert quantity_of(billing, subscription_id) == 2

    eventually(two_seats, timeout=60)
