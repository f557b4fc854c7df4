"""What a team pays for (owner, admin and billing roles): plan, status, seats used against
seats paid, the period, a pending cancellation, and the recent invoices from Stripe.

Plan and status come from the team document the webhook keeps (the same state entitlements are
decided on); invoices are read from Stripe on each call. When Stripe cannot be reached the rest
is still answered, with `invoices: null`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
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
    from teamkit.documents import Team

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Overview:
    """The team (its billing map answers the plan and the subscription), its seats, whether its
    subscription has lapsed, and the recent invoices (None: Stripe could not be read)."""

    team: Team
    seats: dict[str, Any]
    lapsed: bool
    invoices: list[dict[str, Any]] | None


def get_billing_overview(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    gateway: GatewayFactory,
    settings: BillingSettings,
) -> Overview:
    """The overview, for an owner, admin or billing member."""
    team = team_for_billing(db, caller, team_id, Action.READ_BILLING)
    billing = team.billing
    invoices: list[dict[str, Any]] | None = []
    if billing.customer_id:
        try:
            found = gateway().list_invoices(billing.customer_id, limit=settings.recent_invoices)
            invoices = [invoice_from(invoice).to_json() for invoice in found]
        except TeamsError as error:
            logger.warning("team %s: invoices not read from Stripe: %s", team.id, error)
            invoices = None
    seat_based = settings.pays_per_seat(billing)
    seats = {
        "used": team.member_count,
        "pendingInvites": team.pending_invite_count,
        "paid": billing.quantity if seat_based else None,
        "seatBased": seat_based,
        "limit": team.seat_limit,
        "freeSeats": settings.free_seats,
    }
    return Overview(team, seats, is_lapsed(billing), invoices)
