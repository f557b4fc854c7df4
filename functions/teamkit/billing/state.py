"""The typed view of a team's `billing` map (docs/billing.md), stored under the camelCase names
of its attributes (`subscription_id` -> `subscriptionId`) that the SDK and the docs read. The
ledger replaces the whole map in its transaction (`to_document`); writers outside a transaction
(cancellation, seat sync) `update` single fields, never overwriting what the webhook wrote."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, ValidationError

from teamkit.documents import BillingFields


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


class BillingState(BillingFields):
    """What the team's billing map holds; a missing or mistyped field reads as its default."""

    model_config = ConfigDict(extra="ignore", strict=True, validate_by_name=True)

    seat_sync: dict[str, Any] | None = None
    """Kept as written (`teamkit.documents.SeatSyncState` describes it)."""

    @classmethod
    def from_document(cls, document: Mapping[str, Any] | BillingFields | None) -> BillingState:
        """The view of a stored map, or of a team's (`Team.billing`; None or `{}`: a team that
        never touched billing)."""
        if isinstance(document, BillingFields):
            document = document.model_dump(by_alias=True, exclude_unset=True)
        document = document or {}
        try:
            return cls.model_validate(document, by_name=False)
        except ValidationError as error:
            mistyped = {problem["loc"][0] for problem in error.errors()}
        valid = {k: v for k, v in document.items() if k not in mistyped}
        return cls.model_validate(valid, by_name=False)

    def to_document(self) -> dict[str, Any]:
        """The whole map, every field present."""
        return self.model_dump(by_alias=True)

    @classmethod
    def update(cls, **changes: Any) -> dict[str, Any]:
        """A Firestore update of single fields of the team's map (`billing.<fieldName>`)."""
        if unknown := changes.keys() - cls.model_fields.keys():
            raise TypeError(f"not fields of the billing map: {sorted(unknown)}")
        return {f"billing.{cls.model_fields[name].alias}": v for name, v in changes.items()}

    def replace(self, **changes: Any) -> BillingState:
        """This map with some fields changed (`dataclasses.replace` of a model)."""
        self.update(**changes)  # TypeError for a name that is no field
        return self.model_copy(update=changes)

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
