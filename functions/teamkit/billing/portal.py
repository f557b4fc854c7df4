"""Open the Stripe billing portal for a team (owner or billing role): payment methods,
invoices, plan changes and cancellation, all on Stripe's side; the webhook brings the results
back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamkit.billing.access import team_for_billing
from teamkit.billing.customers import ensure_customer
from teamkit.roles import Action

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.billing.gateway import GatewayFactory


def create_billing_portal_session(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    return_url: str,
    gateway: GatewayFactory,
) -> str:
    """The URL of a billing portal session for the team's customer (created if need be)."""
    team = team_for_billing(db, caller, team_id, Action.MANAGE_BILLING)
    stripe = gateway()
    customer_id = ensure_customer(db, team, gateway=stripe)
    return stripe.create_portal_session(customer_id=customer_id, return_url=return_url)
