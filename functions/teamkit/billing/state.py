"""The typed view of a team's `billing` map (docs/billing.md), stored under the camelCase names
of its attributes (`subscription_id` -> `subscriptionId`) that the SDK and the docs read. The
ledger replaces the whole map in its transaction (`to_document`); writers outside a transaction
(cancellation, seat sync) `update` single fields, never overwriting what the webhook wrote."""

from __future__ import annotations

import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any


class SubscriptionStatus(StrEnum):
    """Stripe's subscription statuses."""

    INCOMPLETE = "incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired"
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    UNPAID = "unpaid"
    CANCELED = "canceled"
    PAUSED = "paused"


S = SubscriptionStatus

LIVE = frozenset({S.TRIALING, S.ACTIVE, S.PAST_DUE, S.UNPAID, S.PAUSED})
"""Statuses of a subscription that still exists for the customer: a new checkout is refused
(change plans or fix payment in the portal), and deleting the team cancels it."""

TERMINAL = frozenset({S.CANCELED, S.INCOMPLETE_EXPIRED})
"""Statuses a subscription never leaves."""


def field_name(attribute: str) -> str:
    """The Firestore name of an attribute: `cancel_at_period_end` -> `cancelAtPeriodEnd`."""
    head, *rest = attribute.split("_")
    return head + "".join(part.capitalize() for part in rest)


@dataclass(frozen=True)
class BillingState:
    """What the team's billing map holds; a missing or mistyped field reads as its default."""

    customer_id: str | None = None
    customer_created_at: datetime | None = None
    checkout_session_id: str | None = None
    subscription_id: str | None = None
    subscription_created: int | None = None
    status: str | None = None
    price_id: str | None = None
    product_id: str | None = None
    plan_name: str | None = None
    interval: str | None = None
    item_id: str | None = None
    quantity: int | None = None
    seat_based: bool = False
    seat_limit: int | None = None
    current_period_end: datetime | None = None
    cancel_at_period_end: bool = False
    cancel_at: datetime | None = None
    event_created: int | None = None
    last_event_id: str | None = None
    last_event_type: str | None = None
    latest_invoice: dict[str, Any] | None = None
    invoice_event_created: int | None = None
    payment_failed: bool = False
    cancel_requested_at: datetime | None = None
    cancel_pending: bool = False
    cancel_error: str | None = None
    cancel_failed_at: datetime | None = None
    seat_sync: dict[str, Any] | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any] | None) -> BillingState:
        """The view of a stored map (None or `{}`: a team that never touched billing)."""
        document = document or {}
        typed: dict[str, Any] = {
            name: value
            for name, kinds in _kinds().items()
            if isinstance(value := document.get(field_name(name)), kinds)
            and not (isinstance(value, bool) and bool not in kinds)
        }
        return cls(**typed)

    def to_document(self) -> dict[str, Any]:
        """The whole map, every field present."""
        return {field_name(f.name): getattr(self, f.name) for f in fields(self)}

    @staticmethod
    def update(**changes: Any) -> dict[str, Any]:
        """A Firestore update of single fields of the team's map (`billing.<fieldName>`)."""
        BillingState(**changes)  # TypeError for a name that is no field
        return {f"billing.{field_name(name)}": value for name, value in changes.items()}

    def subscription_fields_cleared(self) -> BillingState:
        """This map without the subscription it describes (another one replaces it): only the
        customer and the last checkout stay."""
        return BillingState(
            customer_id=self.customer_id,
            customer_created_at=self.customer_created_at,
            checkout_session_id=self.checkout_session_id,
            updated_at=self.updated_at,
        )

    @property
    def subscription_status(self) -> SubscriptionStatus | None:
        """The stored status (None: no subscription, or a status teamkit does not know)."""
        try:
            return SubscriptionStatus(self.status) if self.status else None
        except ValueError:
            return None

    @property
    def live(self) -> bool:
        return self.status in LIVE

    @property
    def ended(self) -> bool:
        return self.status in TERMINAL

    def owes_cancellation(self) -> bool:
        """Whether deleting the team must cancel a subscription."""
        return bool(self.subscription_id) and not self.ended


@functools.cache
def _kinds() -> dict[str, tuple[type, ...]]:
    """The runtime types each attribute accepts, from its annotation."""
    hints = typing.get_type_hints(BillingState).items()
    return {
        n: tuple(typing.get_origin(a) or a for a in typing.get_args(h) or (h,)) for n, h in hints
    }
