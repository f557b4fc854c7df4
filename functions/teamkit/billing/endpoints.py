"""The HTTP functions of billing (docs/billing.md): Checkout, the billing portal, the overview,
and Stripe's webhook, which is an endpoint like the others, signed instead of signed in."""

from __future__ import annotations

from typing import Annotated, Literal

from google.cloud.firestore import Client
from pydantic import StringConstraints, WithJsonSchema

from teamkit.auth import Caller
from teamkit.billing.checkout import create_checkout_session
from teamkit.billing.config import (
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    billing_settings,
    default_gateway,
)
from teamkit.billing.overview import get_billing_overview
from teamkit.billing.portal import create_billing_portal_session
from teamkit.billing.webhook import receive_stripe_event
from teamkit.documents import TeamBilling
from teamkit.endpoints import (
    WEBHOOK_BODY_LIMIT,
    Answer,
    Endpoint,
    Payload,
    Repeat,
    Repeatable,
    TeamBody,
    Url,
    Visitor,
    mirrored,
    mirrors,
)

# \A...\Z: `$` would also match before a final newline (see teamkit.endpoints.DocumentId); the
# JSON schema says the same in ECMA-262 syntax.
PriceId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255, pattern=r"\A[A-Za-z0-9_\-.:]+\Z"),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[A-Za-z0-9_\-.:]+$"}
    ),
]


class CheckoutBody(TeamBody, Repeatable):
    priceId: PriceId
    successUrl: Url
    cancelUrl: Url


class PortalBody(TeamBody):
    returnUrl: Url


class OverviewBody(TeamBody):
    pass


class SessionUrl(Answer):
    """A Stripe-hosted page to send the user to."""

    url: str


@mirrors(TeamBilling, "price_id", "product_id", "interval", name="plan_name")
class Plan(Answer):
    priceId: str
    """Set whenever the team has a plan."""


class Seats(Answer):
    used: int
    pendingInvites: int
    paid: int | None
    seatBased: bool
    limit: int | None
    freeSeats: int


class Invoice(Answer):
    id: str
    number: str | None
    status: str | None
    amount: int | None
    amountDue: int | None
    amountPaid: int | None
    currency: str | None
    hostedInvoiceUrl: str | None
    created: int | None


@mirrors(
    TeamBilling,
    "customer_id",
    "subscription_id",
    "status",
    "current_period_end",
    "cancel_at_period_end",
    "cancel_at",
    "payment_failed",
    "updated_at",
)
class BillingOverview(Answer):
    """`invoices` is null when Stripe could not be read (the rest comes from Firestore)."""

    teamId: str
    plan: Plan | None
    seats: Seats
    lapsed: bool
    invoices: list[Invoice] | None


class StripeEventReceived(Answer):
    """The webhook's answer to Stripe: handled, already handled, or not about a team."""

    received: Literal[True]
    eventId: str
    outcome: str
    """What was done with it (`teamkit.billing.ledger.Outcome`)."""


def _create_checkout_session(db: Client, caller: Caller, body: CheckoutBody) -> Payload:
    url = create_checkout_session(
        db,
        caller,
        body.teamId,
        price_id=body.priceId,
        success_url=body.successUrl,
        cancel_url=body.cancelUrl,
        gateway=default_gateway,
        settings=billing_settings(),
    )
    return {"url": url}


def _create_billing_portal_session(db: Client, caller: Caller, body: PortalBody) -> Payload:
    url = create_billing_portal_session(
        db, caller, body.teamId, return_url=body.returnUrl, gateway=default_gateway
    )
    return {"url": url}


def _get_billing_overview(db: Client, caller: Caller, body: OverviewBody) -> Payload:
    overview = get_billing_overview(
        db, caller, body.teamId, gateway=default_gateway, settings=billing_settings()
    )
    billing = overview.team.billing
    return {
        "teamId": overview.team.id,
        **mirrored(BillingOverview, billing),
        "plan": mirrored(Plan, billing) if billing.price_id else None,
        "seats": overview.seats,
        "lapsed": overview.lapsed,
        "invoices": overview.invoices,
    }


def _stripe_webhook(db: Client, visitor: Visitor, body: bytes) -> Payload:
    return receive_stripe_event(
        db, body, visitor.signature, settings=billing_settings(), gateway=default_gateway
    )


ENDPOINTS: dict[str, Endpoint] = {
    "createCheckoutSession": Endpoint(
        CheckoutBody,
        SessionUrl,
        _create_checkout_session,
        summary="Subscribe the team (Checkout)",
        repeat=Repeat.REQUEST_ID,
        secrets=(STRIPE_SECRET_KEY,),
    ),
    "createBillingPortalSession": Endpoint(
        PortalBody,
        SessionUrl,
        _create_billing_portal_session,
        summary="Open the Stripe billing portal",
        repeat=Repeat.SAFE,  # a short-lived session that creates nothing by itself
        secrets=(STRIPE_SECRET_KEY,),
    ),
    "getBillingOverview": Endpoint(
        OverviewBody,
        BillingOverview,
        _get_billing_overview,
        check_revoked=False,  # a read, like the Firestore reads a token allows until it expires
        summary="Plan, seats and invoices",
        repeat=Repeat.SAFE,
        secrets=(STRIPE_SECRET_KEY,),
    ),
    "stripeWebhook": Endpoint(
        None,  # the raw bytes: the signature covers them exactly
        StripeEventReceived,
        _stripe_webhook,
        public=True,  # Stripe has no ID token; it signs each delivery instead
        signature_header="Stripe-Signature",
        body_limit=WEBHOOK_BODY_LIMIT,
        summary="Stripe events (signed), handled once each",
        repeat=Repeat.SAFE,  # each event id is applied once (stripeEvents/)
        secrets=(STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET),
    ),
}
