"""Billing's errors: each a subclass of a core error, so `teamkit.errors.HTTP_STATUS` stays the
one table that decides the HTTP answer."""

from __future__ import annotations

from teamkit.errors import FailedPrecondition, InvalidArgument, NotFound, Reason


class SubscriptionLapsed(FailedPrecondition):
    """The team's subscription is past due, unpaid, paused or canceled, and the change would
    take it past the free seats (docs/billing.md)."""

    reason = Reason.SUBSCRIPTION_LAPSED


class BillingNotConfigured(FailedPrecondition):
    """This deployment has no Stripe key or webhook secret (see docs/billing.md)."""

    reason = Reason.BILLING_NOT_CONFIGURED


class StripeRejected(InvalidArgument):
    """Stripe refused the request as invalid (an unknown price, a bad URL, ...)."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class StripeObjectMissing(NotFound):
    """Stripe does not know the object (a deleted subscription, an unknown price, ...)."""


class MalformedStripeObject(InvalidArgument):
    """A Stripe payload (webhook event or API answer) lacks a field we rely on."""


class BadSignature(InvalidArgument):
    """The `Stripe-Signature` header is missing or does not match the body."""
