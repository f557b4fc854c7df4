"""Seat accounting: members plus pending invites may not exceed a team's `seatLimit`. (Billing
adds its own limit for a lapsed subscription: `teamkit.billing.entitlements`.)"""

from __future__ import annotations

from teamkit.documents import Team
from teamkit.errors import SeatLimitReached


def check_seats(team: Team, adding: int) -> None:
    """`SeatLimitReached` unless the team has room for `adding` more members or invites."""
    if team.seat_limit is not None and team.seats_used + adding > team.seat_limit:
        free = max(0, team.seat_limit - team.seats_used)
        raise SeatLimitReached(
            f"The team has {free} of {team.seat_limit} seats free (members and pending invites "
            "count); raise the seat limit or remove someone first."
        )
