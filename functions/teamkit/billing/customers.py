"""One Stripe customer per team, created on first need.

Two checkouts at once must not leave the team with two customers: the customer is created with
an idempotency key derived from the team (Stripe answers every request with the same key, for
24 hours, with the same customer), and then claimed in a transaction where the first claim wins.
Should two customers still exist (a key expired between a failed claim and its retry, or a
fake Stripe without idempotency), the loser is deleted again.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import StripeCustomer, Team, TeamBilling
from teamkit.errors import TeamsError
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.billing.gateway import StripeGateway
    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)


def customer_idempotency_key(team: Team) -> str:
    """Same team and name, same key. The name is part of the request, and Stripe refuses a
    reused key with other parameters, so a renamed team gets a key of its own."""
    name_digest = hashlib.sha256(team.name.encode()).hexdigest()[:12]
    return f"teamkit-customer-{team.id}-{name_digest}"


def ensure_customer(db: Client, team: Team, *, gateway: StripeGateway) -> str:
    """The team's customer id, creating and recording the customer if it has none yet."""
    existing = team.billing.customer_id
    if existing:
        return existing
    now = utcnow()
    created = gateway.create_customer(
        team_id=team.id, name=team.name, idempotency_key=customer_idempotency_key(team)
    )
    team_ref = paths.team(db, team.id)

    def claim(transaction: Transaction) -> str:
        stored = Team.from_snapshot(transaction.get(team_ref)).billing
        if stored.customer_id:
            return stored.customer_id
        transaction.update(
            team_ref, TeamBilling.update(customer_id=created, customer_created_at=now)
        )
        customer = StripeCustomer(team_id=team.id, created_at=now)
        transaction.set(paths.stripe_customer(db, created), customer.to_document())
        return created

    winner = run_in_transaction(db, claim)
    if winner != created:
        logger.warning(
            "team %s: customer %s lost the race to %s; deleting it", team.id, created, winner
        )
        try:
            gateway.delete_customer(created)
        except TeamsError as error:
            logger.error("team %s: duplicate customer %s not deleted: %s", team.id, created, error)
    else:
        logger.info("team %s: Stripe customer %s created", team.id, created)
    return winner
