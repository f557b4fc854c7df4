"""The emails of team events: the invitation (to an address that may have no account yet, with
the invite's token) and the membership email (to the member an event is about, within the
team's cap, `limits`). The fan-out (`teamkit.notifications`) decides who gets which; this module
renders and queues it. Mail ids derive from the event and the recipient, and a mail is created
only if it does not exist, so a replayed event queues nothing twice.

The invite token reaches the mail through `eventSecrets/{eventId}` (server only), written with
the event; the fan-out deletes that secret in the commit that closes the event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.event_types import EventType
from teamkit.mail.limits import queue_limited_mail
from teamkit.mail.outbox import MailContext, mail_document, mail_id_for, queue_mail
from teamkit.tokens import accept_link

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference

    from teamkit.mail.config import MailSettings
    from teamkit.mail.rendering import MailTemplate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventMail:
    """The email of one team event: its template and the values the event fills it with."""

    team_id: str
    event_id: str
    event_type: EventType
    template: MailTemplate
    values: dict[str, Any]

    def document(
        self, to: str, recipient_uid: str | None, settings: MailSettings, now: datetime, **more: Any
    ) -> dict[str, Any]:
        """The mail document, rendered; its `context` names the event (and the member)."""
        from teamkit.mail.rendering import render

        values = {**self.values, "product": settings.sender_name or "teamkit", **more}
        context = MailContext(
            eventId=self.event_id,
            teamId=self.team_id,
            type=self.event_type,
            template=self.template.value,
            recipientUid=recipient_uid,
        )
        message = render(self.template, values)
        return mail_document(to=to, message=message, context=context, now=now, settings=settings)


def queue_invite_mail(
    db: Client,
    mail: EventMail,
    *,
    to: str,
    expires_at: datetime | None,
    settings: MailSettings,
    now: datetime,
) -> tuple[str | None, DocumentReference | None]:
    """Queue the invitation with its accept link; returns the mail id (None when no token is
    left to send) and the secret to delete once the mail exists (None when already gone)."""
    mail_id = mail_id_for(mail.event_id, to)
    secret_ref = paths.event_secret(db, mail.event_id)
    secret = secret_ref.get()
    if not secret.exists:
        if not paths.mail_message(db, mail_id).get().exists:
            logger.error(
                "event %s: the invite token is gone and no mail was queued; resend the invite",
                mail.event_id,
            )
            return None, None
        return mail_id, None  # a previous run queued the mail and dropped the secret
    secret_data = secret.to_dict() or {}
    token = secret_data.get("token")
    event_path = paths.event(db, mail.team_id, mail.event_id).path
    if not token or secret_data.get("eventPath", event_path) != event_path:
        logger.error("event %s: its secret holds no token for it; no mail", mail.event_id)
        return None, None
    document = mail.document(
        to,
        None,
        settings,
        now,
        accept_url=accept_link(settings.accept_url, str(token), to),
        expires_at=_format_time(expires_at or secret_data.get("expiresAt")),
        recipient_email=to,
    )
    queue_mail(db, mail_id, document)
    return mail_id, secret_ref


def queue_member_mail(
    db: Client, mail: EventMail, *, to: str, uid: str, settings: MailSettings, now: datetime
) -> str | None:
    """Queue the email of member `uid`, unless the team's membership mail to `to` is over its
    cap (the in-app notification stands); the mail id, or None when dropped."""
    mail_id = mail_id_for(mail.event_id, uid)
    document = mail.document(to, uid, settings, now)
    if not queue_limited_mail(db, mail.team_id, to, mail_id, document, now=now):
        logger.info(
            "event %s: %s is over the membership mail cap; mail dropped", mail.event_id, uid
        )
        return None
    return mail_id


def _format_time(value: datetime | None) -> str:
    if value is None:
        return "it expires"
    return f"{value.day} {value:%B %Y, %H:%M} UTC"
