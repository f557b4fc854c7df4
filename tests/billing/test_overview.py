"""getBillingOverview: plan, status, seats used against seats paid, the period, and the recent
invoices, read from a subscription made for real in localstripe."""

from __future__ import annotations

from google.cloud import firestore

from devtools.fakes.stripe_events import stripe_event
from teamkit.roles import Role
from tests.support.billing import SEAT_PRICE, Billing, deliver
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api


def subscribe_and_tell_the_webhook(api: Api, billing: Billing, team_id: str, seats: int) -> str:
    """A real localstripe subscription, delivered to the webhook as Stripe would send it."""
    subscription_id = billing.subscribe(team_id, SEAT_PRICE, quantity=seats)
    subscription = billing.subscription(subscription_id)
    reply = deliver(api, stripe_event("customer.subscription.created", subscription))
    assert reply.body["outcome"] == "applied", reply.body
    return subscription_id


def test_an_admin_reads_plan_seats_period_and_invoices(
    api: Api, billing: Billing, role_team: RoleTeam
) -> None:
    subscription_id = subscribe_and_tell_the_webhook(api, billing, role_team.id, seats=5)
    subscription = billing.subscription(subscription_id)

    reply = api.call("getBillingOverview", role_team[Role.ADMIN], {"teamId": role_team.id})

    assert reply.status == 200, reply.body
    overview = reply.body
    assert overview["status"] == "active" and overview["subscriptionId"] == subscription_id
    assert overview["plan"] == {
        "priceId": SEAT_PRICE,
        "productId": subscription["plan"]["product"],
        "name": "Team plan",
        "interval": "month",
    }
    assert overview["seats"]["used"] == 5 and overview["seats"]["paid"] == 5
    assert overview["seats"]["seatBased"] is True and overview["seats"]["pendingInvites"] == 0
    assert overview["cancelAtPeriodEnd"] is False and overview["lapsed"] is False
    assert overview["currentPeriodEnd"].startswith("20")
    (invoice,) = overview["invoices"]
    assert invoice["amount"] == 4000 and invoice["currency"] == "eur"
    assert set(invoice) == {
        "id",
        "number",
        "status",
        "amount",
        "amountDue",
        "amountPaid",
        "currency",
        "hostedInvoiceUrl",
        "created",
    }
    listed = billing.recorder.requests("GET", "/v1/invoices")
    assert listed[-1].query == {"customer": overview["customerId"], "limit": "10"}


def test_a_team_that_never_subscribed_has_an_empty_overview_without_asking_stripe(
    api: Api, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()

    reply = api.call("getBillingOverview", owner, {"teamId": team_id})

    assert reply.status == 200
    assert reply.body["status"] is None and reply.body["plan"] is None
    assert reply.body["invoices"] == [] and reply.body["seats"]["used"] == 1
    assert billing.recorder.requests() == []


def test_when_stripe_is_down_the_overview_still_answers_without_invoices(
    api: Api, db: firestore.Client, billing: Billing, role_team: RoleTeam
) -> None:
    subscribe_and_tell_the_webhook(api, billing, role_team.id, seats=5)
    billing.recorder.fail("GET", "/v1/invoices", status=500)

    reply = api.call("getBillingOverview", role_team[Role.BILLING], {"teamId": role_team.id})

    assert reply.status == 200
    assert reply.body["invoices"] is None and reply.body["status"] == "active"
