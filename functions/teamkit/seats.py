"""Seat accounting: members plus pending invites may not exceed a team's `seatLimit`, and a
team whose subscription has lapsed may not grow past the free seats (see
`teamkit.billing.entitlements` for the policy)."""

from __future__ import annotations

from teamkit.billing.entitlements import is_lapsed, status_of
from teamkit.errors import FailedPrecondition, Reason, SeatLimitReached
from teamkit.records import Team


class SubscriptionLapsed(FailedPrecondition):
    """The team's subscription is past due, unpaid, paused or canceled, and the change would
    take it past the free seats."""

    reason = Reason.SUBSCRIPTION_LAPSED


def check_seats(team: Team, adding: int, *, free_seats: int | None = None) -> None:
    """`SeatLimitReached` unless the team has room for `adding` more members or invites;
    `SubscriptionLapsed` when a lapsed subscription keeps it to `free_seats` (default: the
    `FREE_SEATS` param)."""
    if team.seat_limit is not None and team.seats_used + adding > team.seat_limit:
        free = max(0, team.seat_limit - team.seats_used)
        raise SeatLimitReached(
            f"The team has {free} of {team.seat_limit} seats free (members and pending invites "
            "count); raise the seat limit or remove someone first."
        )
    if adding > 0 and is_lapsed(team.billing):
        if free_seats is None:
            from teamkit.billing.config import billing_settings

            free_seats = billing_settings().free_seats
        if team.seats_used + adding > free_seats:
            status = status_of(team.billing)
            raise SubscriptionLapsed(
                f"The team's subscription is {status.value if status else 'inactive'}: it may "
                f"have at most {free_seats} members and pending invites until billing is fixed "
                f"(it has {team.seats_used}); update the payment method or plan in the billing "
                "portal, or remove someone first."
            )
