"""Configuration of billing: the Stripe secrets and the billing params, read once into plain
`BillingSettings` (use cases receive settings; tests build their own), and the one Stripe gateway
of a function instance, built from them.

The secrets are Firebase `SecretParam`s, bound to the functions that call Stripe (the HTTP
functions' endpoint entries and the triggers in `main.py`).
`TEAMKIT_STRIPE_API_BASE` is deliberately *not* a param: it exists only so that tests and
`scripts/dev` can point the same Stripe client at a local fake, and the Functions emulator lets
declared params (with their defaults) override the process environment, but not plain variables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from firebase_functions import params

from teamkit.config import DEFAULT_SETTINGS, FREE_SEATS
from teamkit.once import once

if TYPE_CHECKING:
    from teamkit.billing.gateway import StripeGateway
    from teamkit.documents import TeamBilling

STRIPE_SECRET_KEY = params.SecretParam(
    "STRIPE_SECRET_KEY",
    description="Stripe secret API key (sk_live_... or a restricted rk_live_... key).",
)
STRIPE_WEBHOOK_SECRET = params.SecretParam(
    "STRIPE_WEBHOOK_SECRET",
    description="Signing secret (whsec_...) of the Stripe webhook endpoint for stripeWebhook.",
)
STRIPE_SEAT_PRICE_IDS = params.ListParam(
    "STRIPE_SEAT_PRICE_IDS",
    default=[],
    description=(
        "Price ids billed per member: their subscription quantity follows the team's member "
        "count. A price whose metadata has seatBased=true counts too."
    ),
)
STRIPE_ALLOWED_PRICE_IDS = params.ListParam(
    "STRIPE_ALLOWED_PRICE_IDS",
    default=[],
    description=(
        "Price ids createCheckoutSession accepts; empty accepts any active recurring price "
        "of the account."
    ),
)
API_BASE_VARIABLE = "TEAMKIT_STRIPE_API_BASE"


@dataclass(frozen=True)
class BillingSettings:
    """What billing needs to know about the deployment."""

    secret_key: str = ""
    webhook_secret: str = ""
    api_base: str | None = None
    seat_price_ids: frozenset[str] = field(default_factory=frozenset)
    allowed_price_ids: frozenset[str] = field(default_factory=frozenset)
    free_seats: int = DEFAULT_SETTINGS.free_seats
    """The `FREE_SEATS` param (declared with the core's, `teamkit.config`), for the overview."""
    recent_invoices: int = 10

    def is_seat_based(self, price_id: str | None, metadata: dict[str, str]) -> bool:
        """Whether a price is billed per member (listed in the param, or says so itself)."""
        return (price_id is not None and price_id in self.seat_price_ids) or (
            metadata.get("seatBased", "").strip().lower() == "true"
        )

    def pays_per_seat(self, billing: TeamBilling) -> bool:
        """Whether the team's stored plan is billed per member."""
        return billing.seat_based or billing.price_id in self.seat_price_ids


@once
def billing_settings() -> BillingSettings:
    """The deployment's billing settings, from the params and secrets of this instance."""
    return BillingSettings(
        secret_key=STRIPE_SECRET_KEY.value.strip(),
        webhook_secret=STRIPE_WEBHOOK_SECRET.value.strip(),
        api_base=os.environ.get(API_BASE_VARIABLE, "").strip() or None,
        seat_price_ids=_ids(STRIPE_SEAT_PRICE_IDS.value),
        allowed_price_ids=_ids(STRIPE_ALLOWED_PRICE_IDS.value),
        free_seats=max(0, FREE_SEATS.value),
    )


@once
def default_gateway() -> StripeGateway:
    """The process-wide gateway of this function instance (one HTTP connection pool), from
    the same settings; `BillingNotConfigured` without a secret key. Built on first use, so a
    function that never calls Stripe never loads its library."""
    from teamkit.billing.gateway import StripeGateway

    settings = billing_settings()
    return StripeGateway(settings.secret_key, api_base=settings.api_base)


def _ids(values: list[str]) -> frozenset[str]:
    return frozenset(value.strip() for value in values if value.strip())
