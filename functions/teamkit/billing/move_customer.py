"""Move billing from a user to a team: the Stripe customer that Stripe's Firebase extension
("Run Payments with Stripe") keeps for a user becomes the customer of one team the user owns.

Stripe cannot move a subscription to another customer, so the customer itself is reused: its
payment method, its active subscription and its invoices stay as they are, nothing is bought
again, and only the quantity of a per-seat plan follows the team's member count afterwards
(prorated, as any seat change). The move:

1. tags the customer and its subscription with `metadata.teamId` in Stripe (idempotency keys
   derived from the customer and the team, so a retry sends the same request);
2. in one transaction: fills the team's billing map exactly as the webhook ledger would from the
   subscription (`ledger.subscription_effect`), maps the customer to the team
   (`stripeCustomers/{customerId}`, which routes the webhook's later events to the team), marks
   the extension's `customers/{uid}` document as moved (`teamkitTeamId`, `teamkitMovedAt`) and
   records a `billing_changed` event (`change: customer_moved`) in the team's log;
3. syncs the seat quantity like any billing event.

A second run finds the mark and changes nothing; a run interrupted between the steps resumes.
`plan_customer_move` is the dry run: it reads everything and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.billing.gateway import StripeGateway
from teamkit.billing.ledger import Keep, subscription_effect
from teamkit.billing.seat_sync import sync_seats
from teamkit.billing.stripe_objects import (
    StripeEvent,
    SubscriptionInfo,
    subscription_from,
)
from teamkit.billing.webhook import full_price
from teamkit.clock import utcnow
from teamkit.documents import LIVE, Member, Team, TeamBilling
from teamkit.errors import FailedPrecondition, NotFound, PermissionDenied
from teamkit.events import BillingChanged, record_event
from teamkit.roles import Role
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.billing.config import BillingSettings
    from teamkit.transactions import Transaction

EXTENSION_CUSTOMERS = "customers"
"""The extension's default `CUSTOMERS_COLLECTION`; pass yours if you configured another."""
MOVED_TO = "teamkitTeamId"
MOVED_AT = "teamkitMovedAt"


@dataclass(frozen=True)
class CustomerMove:
    """What the move changes (the dry run prints it) or changed."""

    uid: str
    team_id: str
    team_name: str
    customer_id: str
    subscription: SubscriptionInfo | None
    member_count: int
    done: bool = False
    """Already moved to this team: a run changes nothing."""

    def describe(self) -> str:
        if self.done:
            return f"Stripe customer {self.customer_id} already belongs to team {self.team_id}."
        lines = [
            f"Stripe customer {self.customer_id} of user {self.uid} becomes the customer of "
            f"team {self.team_name!r} ({self.team_id}); its payment method stays.",
        ]
        if self.subscription is None:
            lines.append("It has no live subscription: the team starts without one.")
        else:
            sub = self.subscription
            lines.append(
                f"Subscription {sub.id} ({sub.status}, quantity {sub.quantity}) becomes the "
                f"team's; a per-seat plan then follows the team's {self.member_count} members."
            )
        lines.append(f"{EXTENSION_CUSTOMERS}/{self.uid} is marked as moved ({MOVED_TO}).")
        return "\n".join(lines)


def plan_customer_move(
    db: Client,
    uid: str,
    team_id: str,
    *,
    gateway: StripeGateway,
    collection: str = EXTENSION_CUSTOMERS,
) -> CustomerMove:
    """Check that `uid` may move their customer to `team_id` and say what would change."""
    team, customer_id, done = _checked(db, uid, team_id, collection, _reader(db))
    return CustomerMove(
        uid=uid,
        team_id=team_id,
        team_name=team.name,
        customer_id=customer_id,
        subscription=None if done else _live_subscription(gateway, customer_id),
        member_count=team.member_count,
        done=done,
    )


def move_customer_to_team(
    db: Client,
    uid: str,
    team_id: str,
    *,
    gateway: StripeGateway,
    settings: BillingSettings,
    collection: str = EXTENSION_CUSTOMERS,
    now: datetime | None = None,
) -> CustomerMove:
    """Move `uid`'s Stripe customer (and its live subscription) to `team_id`; idempotent."""
    plan = plan_customer_move(db, uid, team_id, gateway=gateway, collection=collection)
    if plan.done:
        return plan
    now = now or utcnow()
    key = f"teamkit-move-{plan.customer_id}-{team_id}"
    gateway.tag_customer(plan.customer_id, team_id, idempotency_key=f"{key}-customer")
    if plan.subscription is not None:
        gateway.tag_subscription(
            plan.subscription.id, team_id, idempotency_key=f"{key}-subscription"
        )
    move_id = f"teamkit_move_{plan.customer_id}"
    event = StripeEvent(move_id, "customer.subscription.updated", int(now.timestamp()), {})
    price = full_price(plan.subscription, event, lambda: gateway) if plan.subscription else None

    def apply(transaction: Transaction) -> bool:
        team, customer_id, done = _checked(db, uid, team_id, collection, transaction.get)
        if done:
            return False
        billing = TeamBilling(customer_id=customer_id, customer_created_at=now)
        updates: dict[str, Any] = {}
        if plan.subscription is not None:
            effect = subscription_effect(
                team, plan.subscription, event, price=price, settings=settings, now=now
            )
            if effect.billing is not None:
                billing = effect.billing.replace(customer_created_at=now)
            if not isinstance(effect.seat_limit, Keep):
                updates["seatLimit"] = effect.seat_limit
        updates["billing"] = billing.to_document()
        transaction.update(paths.team(db, team_id), updates)
        transaction.set(
            paths.stripe_customer(db, customer_id),
            {"teamId": team_id, "createdAt": now, "movedFromUid": uid},
        )
        transaction.update(
            db.collection(collection).document(uid), {MOVED_TO: team_id, MOVED_AT: now}
        )
        record_event(
            transaction,
            db,
            team,
            BillingChanged(
                change="customer_moved",
                status=billing.status,
                priceId=billing.price_id,
                planName=billing.plan_name,
                quantity=billing.quantity,
                stripeEventId=move_id,
                stripeEventType="teamkit.customer_moved",
            ),
            actor=None,
            at=now,
            subject_uid=uid,
        )
        return True

    run_in_transaction(db, apply)
    sync_seats(db, team_id, move_id, gateway=lambda: gateway, settings=settings, now=now)
    return plan


Reader = Callable[["DocumentReference"], "DocumentSnapshot"]
"""A plain read, or a transaction's."""


def _reader(db: Client) -> Reader:
    return lambda ref: ref.get()


def _checked(
    db: Client, uid: str, team_id: str, collection: str, read: Reader
) -> tuple[Team, str, bool]:
    """The team, the user's customer id, and whether the move is already done; refuses a move
    the user may not make."""
    extension = read(db.collection(collection).document(uid)).to_dict() or {}
    customer_id = extension.get("stripeId")
    if not isinstance(customer_id, str) or not customer_id:
        raise NotFound(f"User {uid} has no Stripe customer in {collection}/{uid} (stripeId).")
    team_snapshot = read(paths.team(db, team_id))
    if not team_snapshot.exists:
        raise NotFound(f"Team {team_id} does not exist.")
    team = Team.from_snapshot(team_snapshot)
    moved_to = extension.get(MOVED_TO)
    if moved_to == team_id:
        return team, customer_id, True
    if moved_to:
        raise FailedPrecondition(
            f"The customer {customer_id} was already moved to team {moved_to}."
        )
    member = read(paths.member(db, team_id, uid))
    if not team.active or not member.exists or Member.from_snapshot(member).role != Role.OWNER:
        raise PermissionDenied(f"User {uid} is not an owner of team {team_id}.")
    owner = team.billing.customer_id
    if owner not in (None, customer_id):
        raise FailedPrecondition(f"Team {team_id} already has its own Stripe customer {owner}.")
    mapped_team = (read(paths.stripe_customer(db, customer_id)).to_dict() or {}).get("teamId")
    if mapped_team not in (None, team_id):
        raise FailedPrecondition(
            f"The customer {customer_id} already belongs to team {mapped_team}."
        )
    return team, customer_id, False


def _live_subscription(gateway: StripeGateway, customer_id: str) -> SubscriptionInfo | None:
    """The customer's one live subscription (None: none); several are refused, since a team
    holds one."""
    live = [
        subscription_from(s)
        for s in gateway.list_subscriptions(customer_id)
        if s.get("status") in LIVE
    ]
    if len(live) > 1:
        ids = ", ".join(s.id for s in live)
        raise FailedPrecondition(
            f"The customer has {len(live)} live subscriptions ({ids}); a team has one."
        )
    return live[0] if live else None
