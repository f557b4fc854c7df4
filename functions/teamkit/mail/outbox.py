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

from pydantic import Field, ValidationError

from teamkit import paths
from teamkit.documents import Document, Timestamp
from teamkit.event_types import EventType
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


class MailMessage(Document):
    """`message`: what to send, as it is."""

    subject: str | None = None
    text: str | None = None
    html: str | None = None


class TemplateCall(Document):
    """`template`: a template of `teamkit.mail.rendering` and its data, rendered when sent."""

    name: str
    data: dict[str, Any] = Field(default_factory=dict)


class MailContext(Document):
    """`context`: the event (and the member) a mail was queued for; the extension ignores it."""

    eventId: str
    teamId: str
    type: EventType
    template: str
    recipientUid: str | None = None


class MailDelivery(Document):
    """`delivery`: where sending the mail stands (the extension's fields, and `retryAt`, when
    the sweep may claim it). `info` is what the transport that sent it reported."""

    state: DeliveryState = DeliveryState.PENDING
    attempts: int = 0
    retries: int = 0
    startTime: Timestamp | None = None
    endTime: Timestamp | None = None
    leaseExpireTime: Timestamp | None = None
    retryAt: Timestamp | None = None
    error: str | None = None
    info: dict[str, Any] | None = None

    @classmethod
    def update(cls, **changes: Any) -> dict[str, Any]:
        """An update of some of a mail's `delivery` fields (`delivery.state`), checked here."""
        changed = cls(**changes).model_dump(exclude_unset=True)
        return {f"delivery.{name}": value for name, value in changed.items()}


class MailDocument(Document):
    """`mail/{id}` (server only): one email in the Trigger Email format. The ones teamkit queues
    carry a rendered `message`, their `context`, and `expireAt` for the TTL policy."""

    to: str | list[str] | None = None
    message: MailMessage | None = None
    template: TemplateCall | None = None
    context: MailContext | None = None
    createdAt: Timestamp | None = None
    expireAt: Timestamp | None = None
    delivery: MailDelivery = Field(default_factory=MailDelivery)


def mail_id_for(cause: str, recipient: str) -> str:
    """The id of the mail `cause` (an event id) sends to `recipient` (a uid or an address);
    hashed so that addresses do not show up in document ids and logs."""
    return f"{cause}-{hashlib.sha256(recipient.encode()).hexdigest()[:16]}"


def mail_document(
    *,
    to: str,
    message: RenderedMail,
    context: MailContext | None,
    now: datetime,
    settings: MailSettings,
) -> dict[str, Any]:
    """A new mail document. `delivery.retryAt` lets the sweep deliver it should its trigger
    never run; `context` says what caused it (ignored by the extension); Firestore's TTL policy
    deletes it at `expireAt` (the extension's own TTL field has that name too)."""
    mail = MailDocument(
        to=to,
        message=MailMessage.model_validate(message, from_attributes=True),
        context=context,
        createdAt=now,
        expireAt=now + settings.retention,
        delivery=MailDelivery(retryAt=now + settings.lease),
    )
    return mail.model_dump()


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


def read_mail(data: dict[str, Any] | None) -> MailDocument:
    """A mail document as its model; `PermanentMailError` when it is not one teamkit sends."""
    try:
        return MailDocument.model_validate(data or {})
    except ValidationError as error:
        raise PermanentMailError(f"The mail document is not one teamkit sends: {error}") from None


def outgoing_mail(mail_id: str, data: dict[str, Any]) -> OutgoingMail:
    """The mail a document describes: its `message`, or its `template` rendered."""
    from teamkit.mail.rendering import UnknownTemplate, render

    mail = read_mail(data)
    to = (mail.to,) if isinstance(mail.to, str) else tuple(mail.to or ())
    if not to or not all("@" in address for address in to):
        raise PermanentMailError(f"The mail has no valid recipient (to: {mail.to!r}).")
    message, template = mail.message, mail.template
    if message is not None and (message.text or message.html):
        subject, text, html = message.subject, message.text, message.html
    elif template is not None:
        try:
            rendered = render(template.name, template.data)
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
