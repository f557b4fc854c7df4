"""The Cloud Functions of notifications declared in `main.py`: each builds the client and the
settings, then runs its use cases. Cheap to import: everything heavy loads when a function runs.
"""

from __future__ import annotations


def fan_out_team_event(team_id: str, event_id: str) -> None:
    """`onTeamEvent`: fan the event out. Errors propagate, so that the platform delivers the
    event again (the fan-out is idempotent)."""
    from teamkit import db
    from teamkit.mail.config import mail_settings
    from teamkit.notifications.notify_team_event import notify_team_event

    notify_team_event(db.client(), team_id, event_id, settings=mail_settings())


def catch_up_fan_outs() -> None:
    """`retryMail`, first: queue the invitations whose fan-out never completed."""
    from teamkit import db
    from teamkit.mail.config import mail_settings
    from teamkit.notifications.catch_up import catch_up_invite_events

    catch_up_invite_events(db.client(), settings=mail_settings())
