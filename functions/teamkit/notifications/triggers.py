"""Entry point of `onTeamEvent` declared in `main.py` (cheap to import: everything heavy loads
when the function runs)."""

from __future__ import annotations


def on_team_event(team_id: str, event_id: str) -> None:
    """`onTeamEvent`: fan the event out. Errors propagate, so that the platform delivers the
    event again (the fan-out is idempotent)."""
    from teamkit import db
    from teamkit.notifications.notify_team_event import notify_team_event

    notify_team_event(db.client(), team_id, event_id)
