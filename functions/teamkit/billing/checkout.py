"""Start a subscription for a team through Stripe Checkout (owner or billing role).

For a seat-based price the quantity is the team's member count (the seat sync keeps it there
afterwards). A team whose subscription still exists changes plans or fixes payment in the
billing portal instead: a second subscription would bill it twice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from teamkit.billing.access import team_for_billing
from teamkit.billing.customers import ensure_customer
from teamkit.billing.errors import StripeObjectMissing
from teamkit.errors import FailedPrecondition, InvalidArgument, PlanSeatLimit
from teamkit.roles import Action

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.billing.config import BillingSettings
    from teamkit.billing.gateway import GatewayFactory

logger = logging.getLogger(__name__)


def create_checkout_session(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    price_id: str,
    success_url: str,
    cancel_url: str,
    gateway: GatewayFactory,
    settings: BillingSettings,
) -> str:
    """The URL of a new subscription-mode Checkout Session for the team."""
    team = team_for_billing(db, caller, team_id, Action.MANAGE_BILLING)
    billing = team.billing
    if billing.live:
        raise FailedPrecondition(
            f"The team already has a subscription ({billing.status}); change the plan or the "
            "payment method in the billing portal."
        )
    if settings.allowed_price_ids and price_id not in settings.allowed_price_ids:
        raise InvalidArgument(f"The price {price_id} is not offered.")
    stripe = gateway()
    try:
        price = stripe.retrieve_price(price_id)
    except StripeObjectMissing:
        raise InvalidArgument(f"There is no price {price_id}.") from None
    if not price.active or not price.recurring:
        raise InvalidArgument(f"The price {price_id} is not an active recurring price.")
    if price.seat_limit is not None and team.seats_used > price.seat_limit:
        raise PlanSeatLimit(
            f"The plan allows {price.seat_limit} members and pending invites; the team has "
            f"{team.seats_used}."
        )
    seat_based = settings.is_seat_based(price.id, price.metadata)
    quantity = max(1, team.member_count) if seat_based else 1
    customer_id = ensure_customer(db, team, gateway=stripe)
    url = stripe.create_checkout_session(
        team_id=team.id,
        customer_id=customer_id,
        price_id=price.id,
        quantity=quantity,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    logger.info(
        "team %s: checkout for %s x%d started by %s", team.id, price.id, quantity, caller.uid
    )
    return url
