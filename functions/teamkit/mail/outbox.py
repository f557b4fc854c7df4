"""The `mail/` outbox: documents in the Firebase "Trigger Email" format (`to`, `message` or
`template`, `delivery`), queued once per id, and read back into the mail a transport sends.

A mail's id is derived from what caused it (an event and a recipient), and it is created with
`create()` semantics: queueing the same mail again leaves the existing document, and so its
delivery state, alone. That is what makes a replayed event send nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.mail.transports import OutgoingMail, PermanentMailError

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.mail.config import MailSettings
    from teamkit.mail.rendering import RenderedMail

logger = logging.getLogger(__name__)


class DeliveryState(StrEnum):
    """`delivery.state`, as the Trigger Email extension spells it."""

    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    SUCCESS = "SUCCESS"
    ERROR = "ERROR"


def mail_id_for(cause: str, recipient: str) -> str:
    """The id of the mail `cause` (an event id) sends to `recipient` (a uid or an address);
    hashed so that addresses do not show up in document ids and logs."""
    return f"{cause}-{hashlib.sha256(recipient.encode()).hexdigest()[:16]}"


def mail_document(
    *,
    to: str,
    message: RenderedMail,
    context: dict[str, Any],
    now: datetime,
    settings: MailSettings,
) -> dict[str, Any]:
    """A new mail document. `delivery.retryAt` lets the sweep deliver it should its trigger
    never run; `context` says what caused it (ignored by the extension); Firestore's TTL policy
    deletes it at `expireAt` (the extension's own TTL field has that name too)."""
    return {
        "to": to,
        "message": message.to_document(),
        "context": context,
        "createdAt": now,
        "expireAt": now + settings.retention,
        "delivery": {
            "state": DeliveryState.PENDING.value,
            "attempts": 0,
            "retries": 0,
            "startTime": None,
            "endTime": None,
            "leaseExpireTime": None,
            "retryAt": now + settings.lease,
            "error": None,
        },
    }


def queue_mail(db: Client, mail_id: str, document: dict[str, Any]) -> bool:
    """Create `mail/{mail_id}`; False when it already exists (then it is left untouched)."""
    from google.api_core.exceptions import AlreadyExists

    try:
        paths.mail_message(db, mail_id).create(document)
    except AlreadyExists:
        logger.info("mail %s was already queued; left as it is", mail_id)
        return False
    logger.info("mail %s queued", mail_id)
    return True


def outgoing_mail(mail_id: str, data: dict[str, Any]) -> OutgoingMail:
    """The mail a document describes: its `message`, or its `template` rendered."""
    from teamkit.mail.rendering import UnknownTemplate, render

    raw_to = data.get("to")
    to = (raw_to,) if isinstance(raw_to, str) else tuple(raw_to or ())
    if not to or not all(isinstance(address, str) and "@" in address for address in to):
        raise PermanentMailError(f"The mail has no valid recipient (to: {raw_to!r}).")
    message = data.get("message")
    template = data.get("template")
    if isinstance(message, dict) and (message.get("text") or message.get("html")):
        subject, text, html = message.get("subject"), message.get("text"), message.get("html")
    elif isinstance(template, dict) and template.get("name"):
        try:
            rendered = render(str(template["name"]), template.get("data") or {})
        except UnknownTemplate as error:
            raise PermanentMailError(str(error)) from error
        except Exception as error:  # a template missing data (StrictUndefined) and the like
            raise PermanentMailError(f"The template could not be rendered: {error}") from error
        subject, text, html = rendered.subject, rendered.text, rendered.html
    else:
        raise PermanentMailError("The mail has neither a message (text or html) nor a template.")
    if not subject:
        raise PermanentMailError("The mail has no subject.")
    return OutgoingMail(mail_id, to, str(subject), text or None, html or None)
