"""What a team pays for (owner, admin and billing roles): plan, status, seats used against
seats paid, the period, a pending cancellation, and the recent invoices from Stripe.

Plan and status come from the team document the webhook keeps (the same state entitlements are
decided on); invoices are read from Stripe on each call. When Stripe cannot be reached the rest
is still answered, with `invoices: null`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from teamkit.billing.access import team_for_billing
from teamkit.billing.entitlements import is_lapsed
from teamkit.billing.stripe_objects import invoice_from
from teamkit.errors import TeamsError
from teamkit.roles import Action

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.billing.config import BillingSettings
    from teamkit.billing.gateway import GatewayFactory

logger = logging.getLogger(__name__)


def get_billing_overview(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    gateway: GatewayFactory,
    settings: BillingSettings,
) -> dict[str, Any]:
    """The overview as JSON."""
    team = team_for_billing(db, caller, team_id, Action.READ_BILLING)
    billing = team.billing
    customer_id = billing.customer_id
    invoices: list[dict[str, Any]] | None = []
    if customer_id:
        try:
            found = gateway().list_invoices(customer_id, limit=settings.recent_invoices)
            invoices = [invoice_from(invoice).to_json() for invoice in found]
        except TeamsError as error:
            logger.warning("team %s: invoices not read from Stripe: %s", team.id, error)
            invoices = None
    seat_based = settings.pays_per_seat(billing)
    return {
        "teamId": team.id,
        "customerId": customer_id,
        "subscriptionId": billing.subscription_id,
        "status": billing.status,
        "plan": {
            "priceId": billing.price_id,
            "productId": billing.product_id,
            "name": billing.plan_name,
            "interval": billing.interval,
        }
        if billing.price_id
        else None,
        "seats": {
            "used": team.member_count,
            "pendingInvites": team.pending_invite_count,
            "paid": billing.quantity if seat_based else None,
            "seatBased": seat_based,
            "limit": team.seat_limit,
            "freeSeats": settings.free_seats,
        },
        "lapsed": is_lapsed(billing),
        "currentPeriodEnd": billing.current_period_end,
        "cancelAtPeriodEnd": billing.cancel_at_period_end,
        "cancelAt": billing.cancel_at,
        "paymentFailed": billing.payment_failed,
        "updatedAt": billing.updated_at,
        "invoices": invoices,
    }
