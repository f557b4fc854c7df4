"""The `mail/` outbox: documents in the Firebase "Trigger Email" format (`to`, `message` or
`template`, `delivery`), queued once per id.

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
