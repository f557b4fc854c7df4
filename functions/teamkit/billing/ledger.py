"""The webhook ledger: how each Stripe event changes `teams/{teamId}.billing`, and the one
transaction that records the event id together with that change.

Stripe delivers at least once and in no particular order, so every effect is decided against
the state the team already holds:

- an event id already in `stripeEvents/` does nothing (checked in the same transaction that
  writes the effect, so two concurrent deliveries cannot both apply);
- a subscription event older (by `created`) than the one that wrote the stored state is stale;
  at the same second a `customer.subscription.created` never overrides a later-delivered event;
- `canceled` and `incomplete_expired` are final: no event brings that subscription back;
- an event about another subscription than the team's replaces it only when that subscription
  is newer and live (or the team's is over), so a late event of an old subscription cannot
  clobber the current one.

The decisions are pure functions of (stored billing, event) so they are tested without Stripe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.billing.config import BillingSettings
from teamkit.billing.stripe_objects import (
    CheckoutSessionInfo,
    InvoiceInfo,
    PriceInfo,
    StripeEvent,
    SubscriptionInfo,
)
from teamkit.documents import (
    LIVE,
    TERMINAL,
    Document,
    SubscriptionStatus,
    Team,
    TeamBilling,
    Timestamp,
)
from teamkit.events import BillingChanged, record_event
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)

MARKER_RETENTION = timedelta(days=90)
"""How long `stripeEvents/` markers are kept (`expireAt`, for a Firestore TTL policy); Stripe
stops retrying an event after 3 days."""


class StripeEventType(StrEnum):
    """The Stripe events the webhook handles (the endpoint subscribes to these)."""

    SUBSCRIPTION_CREATED = "customer.subscription.created"
    SUBSCRIPTION_UPDATED = "customer.subscription.updated"
    SUBSCRIPTION_DELETED = "customer.subscription.deleted"
    CHECKOUT_COMPLETED = "checkout.session.completed"
    INVOICE_PAID = "invoice.paid"
    INVOICE_PAYMENT_FAILED = "invoice.payment_failed"


E = StripeEventType
HANDLED_EVENTS = frozenset(StripeEventType)


class Outcome(StrEnum):
    """What the webhook did with an event (also stored on its `stripeEvents/` marker)."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    STALE = "stale"
    IGNORED = "ignored"
    UNHANDLED_TYPE = "unhandled_type"
    UNKNOWN_CUSTOMER = "unknown_customer"


class Keep:
    """Marker: leave the team's `seatLimit` as it is."""


KEEP = Keep()


@dataclass(frozen=True)
class Effect:
    """What one event does to one team: the new billing map, the team's new `seatLimit`, and
    the details of the `billing_changed` event to record (None: nothing worth notifying)."""

    outcome: Outcome
    reason: str = ""
    billing: TeamBilling | None = None
    seat_limit: int | None | Keep = KEEP
    change: BillingChanged | None = None


class StripeEventMarker(Document):
    """`stripeEvents/{eventId}` (server only): a Stripe event the webhook handled and what it did
    with it, written in the transaction of its effect; Firestore's TTL policy deletes it at
    `expireAt`."""

    type: str
    teamId: str
    created: int
    livemode: bool
    outcome: Outcome
    reason: str | None = None
    receivedAt: Timestamp
    expireAt: Timestamp


def timestamp(epoch: int | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch else None


# --- subscriptions ---------------------------------------------------------------------------


APPLY: tuple[Outcome, str] = (Outcome.APPLIED, "")


def subscription_verdict(
    billing: TeamBilling, subscription: SubscriptionInfo, event: StripeEvent
) -> tuple[Outcome, str]:
    """Whether a subscription event may write the team's billing, and why not."""
    stored_id = billing.subscription_id
    if not stored_id:
        return APPLY
    if stored_id == subscription.id:
        return _same_subscription_verdict(billing, subscription, event)
    return _other_subscription_verdict(billing, subscription, event)


def _same_subscription_verdict(
    billing: TeamBilling, subscription: SubscriptionInfo, event: StripeEvent
) -> tuple[Outcome, str]:
    stored_status = billing.subscription_status
    if billing.ended and _status(subscription, event) not in TERMINAL:
        return Outcome.STALE, f"the subscription is already {stored_status}"
    stored_at = billing.event_created
    if stored_at is None or event.created > stored_at:
        return APPLY
    if event.created < stored_at:
        return Outcome.STALE, "an event created later has already been applied"
    if event.type == E.SUBSCRIPTION_CREATED and stored_status is not None:
        return Outcome.STALE, "the subscription's creation is older than its stored state"
    return APPLY


def _other_subscription_verdict(
    billing: TeamBilling, subscription: SubscriptionInfo, event: StripeEvent
) -> tuple[Outcome, str]:
    stored_created = billing.subscription_created or 0
    incoming_live = _status(subscription, event) in LIVE
    # A stored subscription without a status is one a checkout just started: treat it as live.
    stored_live = billing.live or billing.subscription_status is None
    newer = subscription.created > stored_created
    if (newer and (incoming_live or not stored_live)) or (
        subscription.created == stored_created and incoming_live and not stored_live
    ):
        if incoming_live and billing.live:
            logger.warning(
                "subscription %s replaced by newer live subscription %s (customer %s has two "
                "live subscriptions)",
                billing.subscription_id,
                subscription.id,
                subscription.customer_id,
            )
        return APPLY
    if subscription.created < stored_created:
        return Outcome.IGNORED, "an older subscription than the team's current one"
    return Outcome.IGNORED, "not the team's current subscription"


def _status(subscription: SubscriptionInfo, event: StripeEvent) -> str:
    """The subscription's status after the event (the deleted event means canceled)."""
    if event.type == E.SUBSCRIPTION_DELETED:
        return SubscriptionStatus.CANCELED.value
    return subscription.status


def subscription_effect(
    team: Team,
    subscription: SubscriptionInfo,
    event: StripeEvent,
    *,
    price: PriceInfo | None,
    settings: BillingSettings,
    now: datetime,
) -> Effect:
    """The effect of a `customer.subscription.*` event; `price` is the full price of the
    subscription's plan (with its product), when it could be read."""
    billing = team.billing
    outcome, reason = subscription_verdict(billing, subscription, event)
    if outcome is not Outcome.APPLIED:
        return Effect(outcome, reason)
    status = _status(subscription, event)
    plan = subscription.price.merged_with(price) if subscription.price else price
    ended = status in TERMINAL
    plan_seat_limit = None if ended or plan is None else plan.seat_limit
    replaced = billing.subscription_id != subscription.id
    new = (billing.subscription_fields_cleared() if replaced else billing).replace(
        customer_id=subscription.customer_id,
        subscription_id=subscription.id,
        subscription_created=subscription.created,
        status=status,
        price_id=plan.id if plan else None,
        product_id=plan.product_id if plan else None,
        plan_name=plan.name if plan else None,
        interval=plan.interval if plan else None,
        item_id=subscription.first_item.id if subscription.first_item else None,
        quantity=subscription.quantity,
        seat_based=bool(plan and settings.is_seat_based(plan.id, plan.metadata)),
        seat_limit=plan_seat_limit,
        current_period_end=timestamp(subscription.current_period_end),
        cancel_at_period_end=subscription.cancel_at_period_end,
        cancel_at=timestamp(subscription.cancel_at),
        event_created=event.created,
        last_event_id=event.id,
        last_event_type=event.type,
        updated_at=now,
    )
    return Effect(
        Outcome.APPLIED,
        billing=new,
        seat_limit=_team_seat_limit(team, billing.seat_limit, plan_seat_limit),
        change=_subscription_change(billing, new, event),
    )


def _team_seat_limit(
    team: Team, previous_plan_limit: int | None, plan_limit: int | None
) -> int | None | Keep:
    """The plan's seat limit becomes the team's; when the plan stops carrying one, a limit the
    plan had set is lifted (one an owner set by hand stays)."""
    if plan_limit is not None:
        return plan_limit if team.seat_limit != plan_limit else KEEP
    if previous_plan_limit is not None and team.seat_limit == previous_plan_limit:
        return None
    return KEEP


def _subscription_change(
    old: TeamBilling, new: TeamBilling, event: StripeEvent
) -> BillingChanged | None:
    status, previous_status = new.status, old.status
    if old.subscription_id != new.subscription_id:
        change = "subscription_ended" if new.ended else "subscription_started"
    elif status != previous_status:
        change = "subscription_ended" if new.ended else "status_changed"
    elif old.price_id != new.price_id:
        change = "plan_changed"
    elif old.cancel_at_period_end != new.cancel_at_period_end:
        change = "cancellation_scheduled" if new.cancel_at_period_end else "renewal_resumed"
    elif old.quantity != new.quantity:
        change = "seats_changed"
    else:
        return None
    return BillingChanged(
        change=change,
        status=status,
        previousStatus=previous_status,
        priceId=new.price_id,
        planName=new.plan_name,
        quantity=new.quantity,
        previousQuantity=old.quantity,
        cancelAtPeriodEnd=new.cancel_at_period_end,
        currentPeriodEnd=new.current_period_end,
        stripeEventId=event.id,
        stripeEventType=event.type,
    )


# --- checkout --------------------------------------------------------------------------------


def checkout_effect(
    team: Team, session: CheckoutSessionInfo, event: StripeEvent, *, now: datetime
) -> Effect:
    """`checkout.session.completed`: remember the session and, unless the team's subscription
    is already known or another one is live, the new subscription's id (its details follow
    with `customer.subscription.created`, whichever arrives first)."""
    billing = team.billing
    if session.mode != "subscription" or not session.subscription_id:
        return Effect(Outcome.IGNORED, "not a subscription checkout")
    stored_id = billing.subscription_id
    if stored_id == session.subscription_id or (stored_id and billing.live):
        if stored_id != session.subscription_id:
            logger.warning(
                "team %s completed checkout %s for subscription %s while %s is live",
                team.id,
                session.id,
                session.subscription_id,
                stored_id,
            )
        return Effect(
            Outcome.APPLIED,
            billing=billing.replace(checkout_session_id=session.id, updated_at=now),
        )
    stored_created = billing.subscription_created or 0
    if session.created is not None and stored_id and session.created < stored_created:
        return Effect(Outcome.STALE, "the team's subscription is newer than this checkout")
    return Effect(
        Outcome.APPLIED,
        billing=billing.subscription_fields_cleared().replace(
            customer_id=session.customer_id or billing.customer_id,
            subscription_id=session.subscription_id,
            subscription_created=session.created,
            checkout_session_id=session.id,
            updated_at=now,
        ),
    )


# --- invoices --------------------------------------------------------------------------------


def invoice_effect(
    team: Team, invoice: InvoiceInfo, event: StripeEvent, *, now: datetime
) -> Effect:
    """`invoice.paid` / `invoice.payment_failed` of the team's subscription: the latest
    invoice's state and whether a payment is failing. The subscription's own status (past_due,
    unpaid) arrives with `customer.subscription.updated`."""
    billing = team.billing
    stored_id = billing.subscription_id
    if invoice.subscription_id is None:
        return Effect(Outcome.IGNORED, "not a subscription invoice")
    if stored_id and invoice.subscription_id != stored_id:
        return Effect(Outcome.IGNORED, "an invoice of another subscription")
    stored_at = billing.invoice_event_created
    if stored_at is not None and event.created < stored_at:
        return Effect(Outcome.STALE, "a later invoice event has already been applied")
    paid = event.type == E.INVOICE_PAID
    new = billing.replace(
        latest_invoice={
            "id": invoice.id,
            "status": invoice.status or ("paid" if paid else "open"),
            "paid": paid,
        },
        invoice_event_created=event.created,
        payment_failed=not paid,
        updated_at=now,
    )
    change = None
    if not paid or billing.payment_failed:
        change = BillingChanged(
            change="payment_recovered" if paid else "payment_failed",
            status=billing.status,
            invoiceId=invoice.id,
            invoiceNumber=invoice.number,
            stripeEventId=event.id,
            stripeEventType=event.type,
        )
    return Effect(Outcome.APPLIED, billing=new, change=change)


# --- the transaction -------------------------------------------------------------------------


def record_stripe_event(
    db: Client,
    event: StripeEvent,
    team_id: str,
    decide: Callable[[Team], Effect],
    *,
    now: datetime,
) -> Effect:
    """Decide and write the effect of `event` on the team, and mark the event handled, in one
    transaction; an event already marked does nothing."""
    marker_ref = paths.stripe_event(db, event.id)
    team_ref = paths.team(db, team_id)

    def apply(transaction: Transaction) -> Effect:
        snapshots = transaction.get_all([marker_ref, team_ref])
        if snapshots[marker_ref.path].exists:
            return Effect(Outcome.DUPLICATE, "already handled")
        team_snapshot = snapshots[team_ref.path]
        if not team_snapshot.exists:
            return Effect(Outcome.UNKNOWN_CUSTOMER, f"team {team_id} does not exist")
        team = Team.from_snapshot(team_snapshot)
        effect = decide(team)
        marker = StripeEventMarker(
            type=event.type,
            teamId=team_id,
            created=event.created,
            livemode=event.livemode,
            outcome=effect.outcome,
            reason=effect.reason or None,
            receivedAt=now,
            expireAt=now + MARKER_RETENTION,
        )
        transaction.create(marker_ref, marker.model_dump())
        updates: dict[str, Any] = {}
        if effect.billing is not None:
            updates["billing"] = effect.billing.to_document()
        if not isinstance(effect.seat_limit, Keep):
            updates["seatLimit"] = effect.seat_limit
        change = effect.change if team.active else None
        if change is not None and not updates:
            updates = team.touched(now)  # an event commits with a write of its team
        if updates:
            transaction.update(team_ref, updates)
        if change is not None:
            record_event(transaction, db, team, change, actor=None, at=now)
        return effect

    return run_in_transaction(db, apply)
