"""Subscription statuses and what a team may do in each: the entitlement policy in one place.

Policy: a team whose subscription is `past_due`, `unpaid`, `paused` or `canceled` is *lapsed*;
while lapsed it may not grow past `FREE_SEATS` members plus pending invites (new invites,
reviving an expired invite and adding an existing user are refused with 412). Nothing is taken
away: members stay, pending invites can still be accepted (their seat was counted when they were
sent), and removing members, leaving and every read keep working, so a team can always shrink
back under the free allowance or fix its payment. A team that never subscribed, or whose
subscription is `incomplete`/`incomplete_expired` (a checkout that never completed), is not
limited by billing at all: billing is optional for a deployment, and `seatLimit` still applies.
"""

from __future__ import annotations

from collections.abc import Mapping
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

LAPSED = frozenset({S.PAST_DUE, S.UNPAID, S.PAUSED, S.CANCELED})
"""Statuses in which a team may not grow past the free seats."""

LIVE = frozenset({S.TRIALING, S.ACTIVE, S.PAST_DUE, S.UNPAID, S.PAUSED})
"""Statuses of a subscription that still exists for the customer: a new checkout is refused
(change plans or fix payment in the portal), and deleting the team cancels it."""

SEAT_SYNCED = frozenset({S.TRIALING, S.ACTIVE, S.PAST_DUE, S.UNPAID})
"""Statuses in which the quantity of a seat-based subscription follows the member count."""

TERMINAL = frozenset({S.CANCELED, S.INCOMPLETE_EXPIRED})
"""Statuses a subscription never leaves."""


def status_of(billing: Mapping[str, Any]) -> SubscriptionStatus | None:
    """The status stored in a team's `billing` map (None: no subscription, or unknown)."""
    value = billing.get("status")
    try:
        return SubscriptionStatus(value) if isinstance(value, str) else None
    except ValueError:
        return None


def is_lapsed(billing: Mapping[str, Any]) -> bool:
    """Whether the team's subscription is in a status that limits it to the free seats."""
    return status_of(billing) in LAPSED
