"""The Cloud Functions of notifications declared in `main.py`: each builds the client and the
settings, then runs its use cases. Cheap to import: everything heavy loads when a function runs.

`retryMail` lives here, not in `teamkit.mail.triggers`, because it runs unfinished fan-outs
again before the mail sweep: notifications use mail, and mail knows nothing of notifications.
"""

from __future__ import annotations


def fan_out_team_event(team_id: str, event_id: str) -> None:
    """`onTeamEvent`: fan the event out. Errors propagate, so that the platform delivers the
    event again (the fan-out is idempotent)."""
    from teamkit import db
    from teamkit.mail.config import mail_settings
    from teamkit.notifications.notify_team_event import notify_team_event

    notify_team_event(db.client(), team_id, event_id, settings=mail_settings())


def catch_up_and_retry_mail() -> None:
    """`retryMail`: queue the invitations whose fan-out never completed, then deliver every
    mail whose retry is due."""
    from teamkit import db
    from teamkit.mail.config import mail_settings
    from teamkit.mail.sweep import retry_due_mail
    from teamkit.notifications.catch_up import catch_up_invite_events

    client, settings = db.client(), mail_settings()
    catch_up_invite_events(client, settings=settings)
    retry_due_mail(client, settings=settings)
