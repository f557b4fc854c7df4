"""The ledger's decisions and the payload parsers, as pure functions (no emulator, no Stripe):
ordering, final states, competing subscriptions, and the shapes Stripe and localstripe send."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from devtools.fakes.stripe_events import checkout_object, invoice_object, subscription_object
from teamkit.billing.config import BillingSettings
from teamkit.billing.errors import MalformedStripeObject
from teamkit.billing.ledger import (
    KEEP,
    Outcome,
    checkout_effect,
    invoice_effect,
    subscription_effect,
    subscription_verdict,
)
from teamkit.billing.stripe_objects import (
    PriceInfo,
    StripeEvent,
    checkout_session_from,
    event_from,
    invoice_from,
    price_from,
    subscription_from,
)
from teamkit.documents import Team, TeamBilling, TeamStatus
from tests.support.billing import SEAT_PRICE

NOW = datetime(2027, 1, 1, tzinfo=UTC)
UPDATED = "customer.subscription.updated"


def team(billing: dict[str, Any] | None = None, seat_limit: int | None = None) -> Team:
    return Team(
        id="t1",
        name="Acme",
        status=TeamStatus.ACTIVE,
        member_count=3,
        owner_count=1,
        pending_invite_count=0,
        seat_limit=seat_limit,
        allowed_domains=(),
        billing=TeamBilling.model_validate(billing or {}),
    )


def event(event_type: str, obj: dict[str, Any], created: int = 1_800_000_000) -> StripeEvent:
    return StripeEvent(
        id=f"evt_{created}_{event_type}", type=event_type, created=created, object=obj
    )


def applied(
    billing: dict[str, Any], obj: dict[str, Any], event_type: str = UPDATED, created: int = 1
) -> dict[str, Any]:
    """The billing map after a subscription event that must apply."""
    effect = subscription_effect(
        team(billing),
        subscription_from(obj),
        event(event_type, obj, created),
        price=None,
        settings=BillingSettings(),
        now=NOW,
    )
    assert effect.outcome is Outcome.APPLIED, effect.reason
    assert effect.billing is not None
    return effect.billing.to_document()


def verdict(billing: dict[str, Any], obj: dict[str, Any], event_type: str, created: int) -> Outcome:
    stored = TeamBilling.model_validate(billing)
    return subscription_verdict(stored, subscription_from(obj), event(event_type, obj, created))[0]


# --- ordering ----------------------------------------------------------------------------------


def test_a_newer_event_applies_and_an_older_one_is_stale() -> None:
    state = applied({}, subscription_object("sub_a", "cus_1", status="past_due"), created=200)

    assert verdict(state, subscription_object("sub_a", "cus_1"), UPDATED, 300) is Outcome.APPLIED
    assert verdict(state, subscription_object("sub_a", "cus_1"), UPDATED, 100) is Outcome.STALE


def test_at_the_same_second_a_later_delivered_update_wins_but_a_creation_never_does() -> None:
    state = applied({}, subscription_object("sub_a", "cus_1", status="active"), created=200)
    incomplete = subscription_object("sub_a", "cus_1", status="incomplete")

    assert verdict(state, incomplete, UPDATED, 200) is Outcome.APPLIED
    assert verdict(state, incomplete, "customer.subscription.created", 200) is Outcome.STALE


def test_a_canceled_subscription_stays_canceled_even_for_newer_events() -> None:
    deleted = subscription_object("sub_a", "cus_1", status="canceled")
    state = applied({}, deleted, "customer.subscription.deleted", created=200)

    late = subscription_object("sub_a", "cus_1", status="active")

    assert verdict(state, late, UPDATED, 900) is Outcome.STALE


def test_the_deleted_event_means_canceled_whatever_status_its_object_shows() -> None:
    obj = subscription_object("sub_a", "cus_1", status="active")

    state = applied({}, obj, "customer.subscription.deleted")

    assert state["status"] == "canceled" and state["seatLimit"] is None


# --- competing subscriptions ---------------------------------------------------------------------


def test_a_newer_live_subscription_replaces_an_ended_one_and_drops_its_leftovers() -> None:
    old = applied({}, subscription_object("sub_old", "cus_1", created=100, status="canceled"))
    old = {**old, "paymentFailed": True, "checkoutSessionId": "cs_1"}

    new = applied(old, subscription_object("sub_new", "cus_1", created=500))

    assert new["subscriptionId"] == "sub_new" and new["status"] == "active"
    assert new["paymentFailed"] is False and new["checkoutSessionId"] == "cs_1"


@pytest.mark.parametrize(
    ("status", "created", "expected"),
    [
        ("active", 100, Outcome.IGNORED),  # an older subscription
        ("canceled", 900, Outcome.IGNORED),  # newer, but over: the live one stays
        ("active", 900, Outcome.APPLIED),  # newer and live: the customer has two; newest wins
    ],
)
def test_another_subscription_replaces_a_live_one_only_when_newer_and_live(
    status: str, created: int, expected: Outcome
) -> None:
    current = applied({}, subscription_object("sub_cur", "cus_1", created=500))

    other = subscription_object("sub_other", "cus_1", status=status, created=created)

    assert verdict(current, other, UPDATED, 2_000) is expected


def test_a_checkout_records_a_new_subscription_and_late_events_of_the_old_one_lose() -> None:
    old = applied({}, subscription_object("sub_old", "cus_1", created=100, status="canceled"))
    session = checkout_session_from(checkout_object("cs_2", "cus_1", "sub_new", "t1", created=700))

    effect = checkout_effect(team(old), session, event("checkout.session.completed", {}), now=NOW)

    assert effect.outcome is Outcome.APPLIED and effect.billing is not None
    assert effect.billing.subscription_id == "sub_new" and effect.billing.status is None
    late_old = subscription_object("sub_old", "cus_1", created=100, status="active")
    assert verdict(effect.billing.to_document(), late_old, UPDATED, 9_000) is Outcome.IGNORED
    new = subscription_object("sub_new", "cus_1", created=701)
    checked_out = effect.billing.to_document()
    assert verdict(checked_out, new, "customer.subscription.created", 701) is Outcome.APPLIED


def test_a_checkout_never_displaces_a_live_subscription() -> None:
    live = applied({}, subscription_object("sub_live", "cus_1"))
    session = checkout_session_from(checkout_object("cs_2", "cus_1", "sub_2", "t1", created=700))

    effect = checkout_effect(team(live), session, event("checkout.session.completed", {}), now=NOW)

    assert effect.billing is not None and effect.billing.subscription_id == "sub_live"


def test_a_payment_checkout_is_ignored() -> None:
    session = checkout_session_from({"id": "cs_1", "mode": "payment", "customer": "cus_1"})

    effect = checkout_effect(team(), session, event("checkout.session.completed", {}), now=NOW)

    assert effect.outcome is Outcome.IGNORED and effect.billing is None


# --- invoices ----------------------------------------------------------------------------------


def test_an_invoice_of_another_subscription_is_ignored_and_an_older_one_is_stale() -> None:
    state = applied({}, subscription_object("sub_a", "cus_1"))
    state = {**state, "invoiceEventCreated": 500}
    other = invoice_from(invoice_object("in_1", "cus_1", "sub_b", status="open"))
    older = invoice_from(invoice_object("in_1", "cus_1", "sub_a", status="open"))

    assert (
        invoice_effect(
            team(state), other, event("invoice.payment_failed", {}, 600), now=NOW
        ).outcome
        is Outcome.IGNORED
    )
    assert (
        invoice_effect(
            team(state), older, event("invoice.payment_failed", {}, 400), now=NOW
        ).outcome
        is Outcome.STALE
    )


def test_a_routine_paid_invoice_writes_state_but_notifies_nobody() -> None:
    state = applied({}, subscription_object("sub_a", "cus_1"))
    paid = invoice_from(invoice_object("in_1", "cus_1", "sub_a", status="paid"))

    effect = invoice_effect(team(state), paid, event("invoice.paid", {}), now=NOW)

    assert effect.outcome is Outcome.APPLIED and effect.change is None
    assert effect.billing is not None and effect.billing.payment_failed is False


# --- seat limits -------------------------------------------------------------------------------


def limit_effect(
    billing: dict[str, Any], seat_limit: int | None, metadata: dict[str, str]
) -> object:
    obj = subscription_object("sub_a", "cus_1", price_metadata=metadata)
    return subscription_effect(
        team(billing, seat_limit=seat_limit),
        subscription_from(obj),
        event(UPDATED, obj),
        price=None,
        settings=BillingSettings(),
        now=NOW,
    ).seat_limit


def test_the_plans_seat_limit_is_written_to_the_team() -> None:
    assert limit_effect({}, None, {"seatLimit": "25"}) == 25


def test_a_limit_the_owner_set_by_hand_stays_when_the_plan_has_none() -> None:
    assert limit_effect({"seatLimit": None}, 7, {}) is KEEP


def test_a_limit_the_plan_had_set_is_lifted_when_the_plan_no_longer_has_one() -> None:
    assert limit_effect({"seatLimit": 25}, 25, {}) is None


@pytest.mark.parametrize("raw", ["", "0", "-3", "lots"])
def test_a_meaningless_seat_limit_is_no_limit(raw: str) -> None:
    assert price_from({"id": "p", "metadata": {"seatLimit": raw}}).seat_limit is None


def test_product_metadata_counts_when_the_price_has_no_limit() -> None:
    price = price_from(
        {"id": "p", "object": "price", "product": {"id": "prod", "metadata": {"seatLimit": "10"}}}
    )

    assert price.seat_limit == 10 and price.product_id == "prod"


# --- shapes --------------------------------------------------------------------------------------


def test_a_localstripe_plan_subscription_is_understood() -> None:
    localstripe = {
        "id": "sub_1",
        "customer": "cus_1",
        "status": "active",
        "created": 1_700_000_000,
        "current_period_end": 1_702_000_000,
        "quantity": 4,
        "items": {
            "data": [
                {
                    "id": "si_1",
                    "quantity": 4,
                    "plan": {
                        "id": SEAT_PRICE,
                        "object": "plan",
                        "interval": "month",
                        "amount": 800,
                        "product": "prod_1",
                        "metadata": {"seatBased": "true"},
                    },
                }
            ]
        },
    }

    subscription = subscription_from(localstripe)

    assert subscription.price == PriceInfo(
        id=SEAT_PRICE,
        product_id="prod_1",
        interval="month",
        unit_amount=800,
        metadata={"seatBased": "true"},
    )
    assert subscription.quantity == 4 and subscription.current_period_end == 1_702_000_000
    assert BillingSettings().is_seat_based(SEAT_PRICE, subscription.price.metadata)


def test_an_invoice_finds_its_subscription_in_old_and_new_api_versions() -> None:
    old = invoice_from({"id": "in_1", "subscription": "sub_1", "customer": "cus_1"})
    new = invoice_from(invoice_object("in_2", "cus_1", "sub_2", status="paid"))

    assert old.subscription_id == "sub_1" and new.subscription_id == "sub_2"


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"id": "evt_1", "type": "x", "created": "yesterday", "data": {"object": {}}},
        {"id": "evt_1", "type": "x", "created": 1, "data": {"object": "sub_1"}},
        {"type": "x", "created": 1, "data": {"object": {}}},
    ],
)
def test_a_malformed_event_is_refused_as_invalid(body: object) -> None:
    with pytest.raises(MalformedStripeObject):
        event_from(body)


def test_a_subscription_without_customer_or_status_is_refused() -> None:
    with pytest.raises(MalformedStripeObject):
        subscription_from({"id": "sub_1", "status": "active"})
    with pytest.raises(MalformedStripeObject):
        subscription_from({"id": "sub_1", "customer": "cus_1"})
