"""createCheckoutSession and createBillingPortalSession: the team's one customer, and the exact
requests sent to Stripe (localstripe has no Checkout or portal; the recorder answers them)."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.auth import Caller
from teamkit.billing.checkout import create_checkout_session
from teamkit.billing.config import BillingSettings
from teamkit.billing.customers import customer_idempotency_key
from teamkit.billing.errors import BillingNotConfigured
from teamkit.billing.gateway import StripeGateway
from teamkit.documents import Team
from teamkit.errors import InvalidArgument, Reason
from teamkit.roles import Role
from tests.support.billing import FLAT_PRICE, ONE_TIME_PRICE, SEAT_PRICE, Billing
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.racing import race
from tests.support.reasons import raises_reason

URLS = {"successUrl": "https://app.test/billing/done", "cancelUrl": "https://app.test/billing"}


def checkout_body(team_id: str, price_id: str = SEAT_PRICE) -> dict[str, str]:
    return {"teamId": team_id, "priceId": price_id, **URLS}


def test_an_owner_gets_a_checkout_url_for_as_many_seats_as_members(
    api: Api, db: firestore.Client, billing: Billing, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER]

    reply = api.call("createCheckoutSession", owner, checkout_body(role_team.id))

    assert reply.status == 200, reply.body
    assert reply.body["url"].startswith("https://checkout.stripe.test/c/pay/cs_test_")
    customer_id = paths.team(db, role_team.id).get().get("billing")["customerId"]
    (sent,) = billing.recorder.requests("POST", "/v1/checkout/sessions")
    assert sent.form == {
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": role_team.id,
        "line_items[0][price]": SEAT_PRICE,
        "line_items[0][quantity]": "5",
        "success_url": URLS["successUrl"],
        "cancel_url": URLS["cancelUrl"],
        "metadata[teamId]": role_team.id,
        "subscription_data[metadata][teamId]": role_team.id,
    }
    assert sent.headers["authorization"] == "Bearer sk_test_fake"


def test_a_flat_price_is_bought_once_whatever_the_team_size(
    api: Api, billing: Billing, role_team: RoleTeam
) -> None:
    reply = api.call(
        "createCheckoutSession", role_team[Role.BILLING], checkout_body(role_team.id, FLAT_PRICE)
    )

    assert reply.status == 200, reply.body
    (sent,) = billing.recorder.requests("POST", "/v1/checkout/sessions")
    assert sent.form["line_items[0][price]"] == FLAT_PRICE
    assert sent.form["line_items[0][quantity]"] == "1"


def test_the_first_checkout_creates_the_teams_customer_and_later_ones_reuse_it(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team(name="Acme")

    first = api.call("createCheckoutSession", owner, checkout_body(team_id))
    second = api.call("createCheckoutSession", owner, checkout_body(team_id))

    assert first.status == second.status == 200
    (customer,) = billing.customers()
    assert customer["metadata"] == {"teamId": team_id} and customer["name"] == "Acme"
    assert paths.team(db, team_id).get().get("billing")["customerId"] == customer["id"]
    lookup = paths.stripe_customer(db, customer["id"]).get().to_dict() or {}
    assert lookup["teamId"] == team_id
    (created,) = billing.recorder.requests("POST", "/v1/customers")
    team = Team.from_snapshot(paths.team(db, team_id).get())
    assert created.idempotency_key == customer_idempotency_key(team)
    sessions = billing.recorder.requests("POST", "/v1/checkout/sessions")
    assert {s.form["customer"] for s in sessions} == {customer["id"]}


def test_two_checkouts_at_once_leave_the_team_with_one_customer(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()
    settings = BillingSettings()

    def checkout() -> str:
        return create_checkout_session(
            db,
            owner.caller,
            team_id,
            price_id=SEAT_PRICE,
            success_url=URLS["successUrl"],
            cancel_url=URLS["cancelUrl"],
            gateway=billing.fake.gateway,
            settings=settings,
        )

    urls = race([checkout] * 4)

    assert all(isinstance(url, str) for url in urls), urls
    customer_id = paths.team(db, team_id).get().get("billing")["customerId"]
    # localstripe ignores idempotency keys, so racers did create customers; the losers were
    # deleted again, and every checkout went to the winner.
    assert [c["id"] for c in billing.customers()] == [customer_id]
    keys = {r.idempotency_key for r in billing.recorder.requests("POST", "/v1/customers")}
    assert len(keys) == 1
    sessions = billing.recorder.requests("POST", "/v1/checkout/sessions")
    assert {s.form["customer"] for s in sessions} == {customer_id}


@pytest.mark.parametrize(
    ("price", "status"),
    [("price_nobody_sells", 400), (ONE_TIME_PRICE, 400)],
)
def test_an_unknown_or_one_time_price_is_refused_before_any_checkout(
    api: Api, billing: Billing, build: Builders, price: str, status: int
) -> None:
    team_id, owner = build.new_team()

    reply = api.call("createCheckoutSession", owner, checkout_body(team_id, price))

    assert reply.status == status and reply.error_status == "INVALID_ARGUMENT"
    assert billing.recorder.requests("POST", "/v1/checkout/sessions") == []
    assert billing.recorder.requests("POST", "/v1/customers") == []


def test_a_price_outside_the_allowed_list_is_refused(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()

    with pytest.raises(InvalidArgument):
        create_checkout_session(
            db,
            owner.caller,
            team_id,
            price_id=FLAT_PRICE,
            success_url=URLS["successUrl"],
            cancel_url=URLS["cancelUrl"],
            gateway=billing.fake.gateway,
            settings=BillingSettings(allowed_price_ids=frozenset({SEAT_PRICE})),
        )

    assert billing.recorder.requests() == []


def test_a_team_over_the_plans_seat_limit_cannot_buy_it(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()
    paths.team(db, team_id).update({"memberCount": 11})

    reply = api.call("createCheckoutSession", owner, checkout_body(team_id, FLAT_PRICE))

    assert reply.status == 412 and "allows 10" in reply.body["error"]["message"]


def test_a_team_with_a_live_subscription_is_sent_to_the_portal_instead(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()
    paths.team(db, team_id).update({"billing": {"subscriptionId": "sub_1", "status": "past_due"}})

    reply = api.call("createCheckoutSession", owner, checkout_body(team_id))

    assert reply.status == 412 and "billing portal" in reply.body["error"]["message"]
    assert billing.recorder.requests() == []


@pytest.mark.parametrize(
    "body",
    [
        {"priceId": SEAT_PRICE, **URLS},
        {
            "teamId": "t",
            "priceId": SEAT_PRICE,
            "successUrl": "javascript:alert(1)",
            "cancelUrl": "https://a.test",
        },
        {"teamId": "t", "priceId": "", **URLS},
        {"teamId": "t", "priceId": SEAT_PRICE, **URLS, "quantity": 100},
    ],
)
def test_checkout_bodies_are_validated_strictly(
    api: Api, billing: Billing, build: Builders, body: dict[str, object]
) -> None:
    _, owner = build.new_team()

    reply = api.call("createCheckoutSession", owner, body)

    assert reply.status == 400 and reply.error_status == "INVALID_ARGUMENT"


def test_checkout_answers_503_when_stripe_is_down_and_writes_nothing(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()
    billing.recorder.fail("GET", r"/v1/prices/.*", status=500)

    reply = api.call("createCheckoutSession", owner, checkout_body(team_id))

    assert reply.status == 503 and reply.error_status == "UNAVAILABLE"
    assert paths.team(db, team_id).get().get("billing") == {}


def test_a_billing_member_opens_the_portal_for_the_teams_customer(
    api: Api, db: firestore.Client, billing: Billing, role_team: RoleTeam
) -> None:
    customer_id = billing.customer_of(role_team.id)

    reply = api.call(
        "createBillingPortalSession",
        role_team[Role.BILLING],
        {"teamId": role_team.id, "returnUrl": "https://app.test/settings"},
    )

    assert reply.status == 200, reply.body
    assert reply.body["url"].startswith("https://billing.stripe.test/p/session/")
    (sent,) = billing.recorder.requests("POST", "/v1/billing_portal/sessions")
    assert sent.form == {"customer": customer_id, "return_url": "https://app.test/settings"}


def test_the_portal_creates_the_customer_when_the_team_has_none(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()

    reply = api.call(
        "createBillingPortalSession", owner, {"teamId": team_id, "returnUrl": "https://a.test"}
    )

    assert reply.status == 200
    (customer,) = billing.customers()
    assert paths.team(db, team_id).get().get("billing")["customerId"] == customer["id"]


def test_a_super_admin_may_manage_any_teams_billing(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, _ = build.new_team()
    operator = Caller(uid="op", email="op@platform.test", super_admin=True)

    url = create_checkout_session(
        db,
        operator,
        team_id,
        price_id=SEAT_PRICE,
        success_url=URLS["successUrl"],
        cancel_url=URLS["cancelUrl"],
        gateway=billing.fake.gateway,
        settings=BillingSettings(),
    )

    assert url.startswith("https://checkout.stripe.test/")


def test_without_a_stripe_key_billing_answers_412_but_permissions_come_first(
    db: firestore.Client, billing: Billing, role_team: RoleTeam
) -> None:
    def unconfigured() -> StripeGateway:
        return StripeGateway("")

    def checkout(role: Role) -> str:
        return create_checkout_session(
            db,
            role_team[role].caller,
            role_team.id,
            price_id=SEAT_PRICE,
            success_url=URLS["successUrl"],
            cancel_url=URLS["cancelUrl"],
            gateway=unconfigured,
            settings=BillingSettings(),
        )

    with raises_reason(Reason.NOT_ALLOWED):
        checkout(Role.MEMBER)
    with pytest.raises(BillingNotConfigured):
        checkout(Role.OWNER)
