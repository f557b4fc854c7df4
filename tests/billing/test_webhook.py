"""stripeWebhook over HTTP with signed test events: the signature, the allow-list, the ledger
(each event once, older events never over newer state) and what each event writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from google.cloud import firestore

from devtools.fakes.stripe_events import (
    checkout_object,
    invoice_object,
    sign,
    stripe_event,
    subscription_object,
)
from teamkit import paths
from teamkit.billing.config import BillingSettings
from teamkit.billing.errors import BillingNotConfigured
from teamkit.billing.gateway import StripeGateway
from teamkit.billing.webhook import receive_stripe_event
from tests.support.billing import FLAT_PRICE, SEAT_PRICE, Billing, deliver
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.state import events_of


def billing_of(db: firestore.Client, team_id: str) -> dict[str, Any]:
    return dict(paths.team(db, team_id).get().get("billing") or {})


def markers(db: firestore.Client) -> dict[str, dict[str, Any]]:
    return {m.id: m.to_dict() or {} for m in db.collection(paths.STRIPE_EVENTS).stream()}


@pytest.fixture
def team(build: Builders, billing: Billing) -> tuple[str, str]:
    """A team of three with a Stripe customer: (team id, customer id)."""
    team_id, _ = build.new_team()
    build.add_member(team_id)
    build.add_member(team_id)
    return team_id, billing.customer_of(team_id)


def test_a_subscription_update_writes_the_teams_billing_and_a_billing_changed_event(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    event = stripe_event(
        "customer.subscription.updated",
        subscription_object("sub_a", customer, quantity=3, period_end=1_900_000_000),
    )

    reply = deliver(api, event)

    assert reply.status == 200, reply.body
    assert reply.body == {"received": True, "eventId": event["id"], "outcome": "applied"}
    billing = billing_of(db, team_id)
    assert billing["customerId"] == customer and billing["subscriptionId"] == "sub_a"
    assert billing["status"] == "active" and billing["priceId"] == SEAT_PRICE
    assert billing["quantity"] == 3 and billing["seatBased"] is True
    assert billing["currentPeriodEnd"].timestamp() == 1_900_000_000
    assert billing["cancelAtPeriodEnd"] is False and billing["updatedAt"] is not None
    assert billing["planName"] == "Team plan"
    (changed,) = events_of(db, team_id, "billing_changed")
    assert changed["actorUid"] is None and changed["change"] == "subscription_started"
    assert changed["status"] == "active" and changed["stripeEventId"] == event["id"]
    assert markers(db)[event["id"]]["outcome"] == "applied"


def test_a_replayed_event_has_no_second_effect(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    event = stripe_event("customer.subscription.created", subscription_object("sub_a", customer))
    deliver(api, event)
    state = billing_of(db, team_id)

    again = deliver(api, event)

    assert again.status == 200 and again.body["outcome"] == "duplicate"
    assert billing_of(db, team_id) == state
    assert len(events_of(db, team_id, "billing_changed")) == 1


def test_an_older_update_delivered_after_a_newer_one_leaves_the_newer_state(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    newer = stripe_event(
        "customer.subscription.updated",
        subscription_object("sub_a", customer, status="past_due", quantity=5),
        created=1_800_000_200,
    )
    older = stripe_event(
        "customer.subscription.updated",
        subscription_object("sub_a", customer, status="active", quantity=3),
        created=1_800_000_100,
    )
    deliver(api, newer)

    reply = deliver(api, older)

    assert reply.status == 200 and reply.body["outcome"] == "stale"
    billing = billing_of(db, team_id)
    assert billing["status"] == "past_due" and billing["quantity"] == 5
    assert billing["lastEventId"] == newer["id"]
    assert markers(db)[older["id"]]["outcome"] == "stale"
    assert len(events_of(db, team_id, "billing_changed")) == 1


def test_a_late_update_cannot_revive_a_deleted_subscription(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    created = 1_800_000_000
    deleted = subscription_object("sub_a", customer, status="canceled")
    deliver(api, stripe_event("customer.subscription.deleted", deleted, created=created))

    late = subscription_object("sub_a", customer, status="active")
    reply = deliver(api, stripe_event("customer.subscription.updated", late, created=created))

    assert reply.body["outcome"] == "stale"
    assert billing_of(db, team_id)["status"] == "canceled"


def test_an_event_of_an_older_subscription_leaves_the_current_one(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    current = subscription_object("sub_new", customer, created=1_800_000_000)
    deliver(api, stripe_event("customer.subscription.created", current))

    old = subscription_object("sub_old", customer, status="canceled", created=1_700_000_000)
    reply = deliver(api, stripe_event("customer.subscription.deleted", old))

    assert reply.body["outcome"] == "ignored"
    billing = billing_of(db, team_id)
    assert billing["subscriptionId"] == "sub_new" and billing["status"] == "active"


def test_an_unhandled_event_type_is_acknowledged_and_ignored(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    before = billing_of(db, team_id)
    event = stripe_event("customer.updated", {"id": customer, "object": "customer"})

    reply = deliver(api, event)

    assert reply.status == 200 and reply.body["outcome"] == "unhandled_type"
    assert billing_of(db, team_id) == before
    assert markers(db) == {}


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "garbage",
        "t=1700000000,v1=0000",
        "wrong secret",
    ],
)
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_written(
    api: Api, db: firestore.Client, team: tuple[str, str], signature: str | None
) -> None:
    team_id, customer = team
    before = billing_of(db, team_id)
    event = stripe_event("customer.subscription.updated", subscription_object("sub_a", customer))
    body = json.dumps(event).encode()
    if signature == "wrong secret":
        signature = sign(body, "whsec_test_another_secret")

    reply = deliver(api, body, signature=signature)

    assert reply.status == 400, reply.body
    assert reply.error_status == "INVALID_ARGUMENT"
    assert billing_of(db, team_id) == before
    assert markers(db) == {}
    assert events_of(db, team_id, "billing_changed") == []


def test_a_body_altered_after_signing_is_refused(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    _, customer = team
    event = stripe_event("customer.subscription.updated", subscription_object("sub_a", customer))
    body = json.dumps(event).encode()
    signature = sign(body)

    reply = deliver(api, body.replace(b'"active"', b'"canceled"'), signature=signature)

    assert reply.status == 400 and markers(db) == {}


def test_an_unknown_customer_is_acknowledged_and_nothing_is_written(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, _ = team
    before = billing_of(db, team_id)
    event = stripe_event(
        "customer.subscription.updated", subscription_object("sub_x", "cus_nobody_knows")
    )

    reply = deliver(api, event)

    assert reply.status == 200 and reply.body["outcome"] == "unknown_customer"
    assert billing_of(db, team_id) == before
    assert markers(db) == {}


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"id": "evt_1", "type": "invoice.paid"}', b'{"data": {"object": 1}}'],
)
def test_a_signed_but_malformed_body_is_a_400_not_a_500(
    api: Api, db: firestore.Client, body: bytes
) -> None:
    reply = deliver(api, body)

    assert reply.status == 400 and reply.error_status == "INVALID_ARGUMENT"
    assert markers(db) == {}


def test_a_subscription_event_without_a_customer_is_a_400(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    _, customer = team
    obj = subscription_object("sub_a", customer)
    del obj["status"]

    reply = deliver(api, stripe_event("customer.subscription.updated", obj))

    assert reply.status == 400 and markers(db) == {}


def test_the_webhook_answers_only_post(api: Api) -> None:
    reply = api.call("stripeWebhook", method="GET")

    assert reply.status == 405 and reply.error_status == "METHOD_NOT_ALLOWED"


def test_a_completed_checkout_records_the_subscription_before_its_details_arrive(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    session = checkout_object("cs_1", customer, "sub_a", team_id, created=1_800_000_000)

    reply = deliver(api, stripe_event("checkout.session.completed", session))
    after_checkout = billing_of(db, team_id)
    created = subscription_object("sub_a", customer, created=1_800_000_001)
    deliver(api, stripe_event("customer.subscription.created", created))

    assert reply.body["outcome"] == "applied"
    assert after_checkout["subscriptionId"] == "sub_a" and after_checkout["status"] is None
    assert after_checkout["checkoutSessionId"] == "cs_1"
    billing = billing_of(db, team_id)
    assert billing["status"] == "active" and billing["checkoutSessionId"] == "cs_1"


def test_a_failed_payment_is_recorded_and_notified_and_its_recovery_too(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    deliver(
        api, stripe_event("customer.subscription.created", subscription_object("sub_a", customer))
    )

    failed = deliver(
        api,
        stripe_event(
            "invoice.payment_failed",
            invoice_object("in_0001", customer, "sub_a", status="open"),
            created=1_800_000_100,
        ),
    )
    failing = billing_of(db, team_id)
    paid = deliver(
        api,
        stripe_event(
            "invoice.paid",
            invoice_object("in_0001", customer, "sub_a", status="paid"),
            created=1_800_000_200,
        ),
    )

    assert failed.body["outcome"] == "applied" and paid.body["outcome"] == "applied"
    assert failing["paymentFailed"] is True and failing["latestInvoice"]["id"] == "in_0001"
    assert "hostedInvoiceUrl" not in failing["latestInvoice"]  # members can read the team
    billing = billing_of(db, team_id)
    assert billing["paymentFailed"] is False and billing["latestInvoice"]["paid"] is True
    changes = [e["change"] for e in events_of(db, team_id, "billing_changed")]
    assert changes == ["subscription_started", "payment_failed", "payment_recovered"]


def test_a_plans_seat_limit_becomes_the_teams_and_is_lifted_when_the_subscription_ends(
    api: Api, db: firestore.Client, team: tuple[str, str]
) -> None:
    team_id, customer = team
    flat = subscription_object("sub_a", customer, price_id=FLAT_PRICE, price_metadata={})
    deliver(api, stripe_event("customer.subscription.created", flat, created=1_800_000_000))
    limited = paths.team(db, team_id).get().to_dict() or {}

    ended = subscription_object(
        "sub_a", customer, price_id=FLAT_PRICE, status="canceled", price_metadata={}
    )
    deliver(api, stripe_event("customer.subscription.deleted", ended, created=1_800_000_100))

    assert limited["seatLimit"] == 10 and limited["billing"]["seatLimit"] == 10
    assert (
        limited["billing"]["seatBased"] is False and limited["billing"]["planName"] == "Flat plan"
    )
    team_doc = paths.team(db, team_id).get().to_dict() or {}
    assert team_doc["seatLimit"] is None and team_doc["billing"]["status"] == "canceled"
    changes = [e["change"] for e in events_of(db, team_id, "billing_changed")]
    assert changes == ["subscription_started", "subscription_ended"]


def test_without_a_webhook_secret_nothing_is_verified_or_written(db: firestore.Client) -> None:
    body = b'{"id": "evt_1"}'

    with pytest.raises(BillingNotConfigured):
        receive_stripe_event(
            db, body, sign(body), settings=BillingSettings(), gateway=lambda: StripeGateway("")
        )

    assert markers(db) == {}
