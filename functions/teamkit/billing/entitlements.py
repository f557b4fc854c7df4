"""What a team may do in each subscription status: the entitlement policy in one place.

Policy: a team whose subscription is `past_due`, `unpaid`, `paused` or `canceled` is *lapsed*;
while lapsed it may not grow past `FREE_SEATS` members plus pending invites (new invites,
reviving an expired invite and adding an existing user are refused with 412). Nothing is taken
away: members stay, pending invites can still be accepted (their seat was counted when they were
sent), and removing members, leaving and every read keep working, so a team can always shrink
back under the free allowance or fix its payment. A team that never subscribed, or whose
subscription is `incomplete`/`incomplete_expired` (a checkout that never completed), is not
limited by billing at all: billing is optional for a deployment, and `seatLimit` still applies
(`teamkit.membership.core.check_seats`).
"""

from __future__ import annotations

from teamkit.billing.errors import SubscriptionLapsed
from teamkit.documents import S, Team, TeamBilling

LAPSED = frozenset({S.PAST_DUE, S.UNPAID, S.PAUSED, S.CANCELED})
"""Statuses in which a team may not grow past the free seats."""

SEAT_SYNCED = frozenset({S.TRIALING, S.ACTIVE, S.PAST_DUE, S.UNPAID})
"""Statuses in which the quantity of a seat-based subscription follows the member count."""


def is_lapsed(billing: TeamBilling) -> bool:
    """Whether the team's subscription is in a status that limits it to the free seats."""
    return billing.subscription_status in LAPSED


def check_free_seats(team: Team, adding: int, *, free_seats: int) -> None:
    """`SubscriptionLapsed` when the team's subscription has lapsed and `adding` more members or
    invites would take it past `free_seats` (the `FREE_SEATS` param, from the caller's
    settings)."""
    billing = team.billing
    if adding > 0 and is_lapsed(billing) and team.seats_used + adding > free_seats:
        raise SubscriptionLapsed(
            f"The team's subscription is {billing.status}: it may have at most {free_seats} "
            f"members and pending invites until billing is fixed (it has {team.seats_used}); "
            "update the payment method or plan in the billing portal, or remove someone first."
        )
