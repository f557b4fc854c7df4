"""Entry points of the mail functions declared in `main.py` (cheap to import: everything heavy
loads when a function runs)."""

from __future__ import annotations


def on_mail_queued(mail_id: str) -> None:
    """`onMailQueued`: deliver the mail just created. Delivery problems are recorded on the
    mail document, not raised; only a Firestore failure fails the function, and then the sweep
    delivers the mail later."""
    from teamkit import db
    from teamkit.mail.delivery import deliver_mail

    deliver_mail(db.client(), mail_id)


def on_retry_schedule() -> None:
    """`retryMail`: queue the invitations whose fan-out never completed, then deliver every
    mail whose retry is due."""
    from teamkit import db
    from teamkit.mail.sweep import retry_due_mail
    from teamkit.notifications.catch_up import catch_up_invite_events

    client = db.client()
    catch_up_invite_events(client)
    retry_due_mail(client)
