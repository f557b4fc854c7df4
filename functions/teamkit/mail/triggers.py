"""The Cloud Functions of mail declared in `main.py` (cheap to import: everything heavy loads
when it runs)."""

from __future__ import annotations


def send_queued_mail(mail_id: str) -> None:
    """`onMailQueued`: deliver the mail just created. Delivery problems are recorded on the
    mail document, not raised; only a Firestore failure fails the function, and then the sweep
    delivers the mail later."""
    from teamkit import db
    from teamkit.mail.config import mail_settings
    from teamkit.mail.delivery import deliver_mail

    deliver_mail(db.client(), mail_id, settings=mail_settings())


def retry_mail() -> None:
    """`retryMail`, second: deliver every mail whose retry is due (`main.py` says why two)."""
    from teamkit import db
    from teamkit.mail.config import mail_settings
    from teamkit.mail.sweep import retry_due_mail

    retry_due_mail(db.client(), settings=mail_settings())
