"""Where a mail goes: SendGrid through its official library, or the log.

Failures are sorted here, once: `TransientMailError` (timeouts, connection errors, 429, 5xx)
may succeed later and is retried; `PermanentMailError` (any other 4xx, a bad document) will not
and is recorded as a final ERROR. `sendgrid` is imported on the first send, not at import.
"""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
from dataclasses import dataclass
from typing import Any, Protocol

from teamkit.mail.config import MailSettings, Transport

logger = logging.getLogger(__name__)

MAX_REASON_LENGTH = 500
TOO_MANY_REQUESTS = 429
SERVER_ERRORS = 500


@dataclass(frozen=True)
class OutgoingMail:
    """A mail ready to send (what a mail document says, rendered)."""

    mail_id: str
    to: tuple[str, ...]
    subject: str
    text: str | None
    html: str | None


@dataclass(frozen=True)
class SentMail:
    """What the provider said when it accepted the mail."""

    transport: Transport
    message_id: str | None = None
    status: int | None = None


class MailError(Exception):
    """A send that failed; `reason` is what the mail document records."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:MAX_REASON_LENGTH]


class TransientMailError(MailError):
    """A failure that may pass: retried with back-off. `retry_after` is the provider's hint in
    seconds, when it gave one."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentMailError(MailError):
    """A failure that sending again will not fix."""


class MailTransport(Protocol):
    def send(self, mail: OutgoingMail) -> SentMail: ...


def transport_for(settings: MailSettings) -> MailTransport:
    """The transport the settings call for."""
    if settings.transport is Transport.SENDGRID:
        return SendGridTransport(settings)
    if settings.transport is Transport.LOG:
        return LogTransport()
    return UnconfiguredTransport()


class SendGridTransport:
    """Sends through SendGrid's v3 Mail Send API with the official `sendgrid` library."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def payload(self, mail: OutgoingMail) -> dict[str, Any]:
        """The v3 request body, built by the library's `Mail` helper."""
        from sendgrid.helpers.mail import CustomArg, From, Mail

        message = Mail(
            from_email=From(self.settings.sender_email, self.settings.sender_name or None),
            to_emails=list(mail.to),
            subject=mail.subject,
            plain_text_content=mail.text,
            html_content=mail.html,
        )
        # Lets SendGrid's event webhook name the mail document an event is about.
        message.custom_arg = CustomArg("mailId", mail.mail_id)
        body: dict[str, Any] = message.get()
        return body

    def send(self, mail: OutgoingMail) -> SentMail:
        import sendgrid
        from python_http_client import exceptions as http_errors

        client = sendgrid.SendGridAPIClient(self.settings.api_key, host=self.settings.api_base)
        try:
            response = client.client.mail.send.post(
                request_body=self.payload(mail), timeout=self.settings.timeout
            )
        except http_errors.HTTPError as error:
            raise _classify_http_error(error) from error
        except TimeoutError as error:
            raise TransientMailError(
                f"SendGrid did not answer within {self.settings.timeout:g} s."
            ) from error
        except urllib.error.URLError as error:
            raise TransientMailError(f"Could not reach SendGrid: {error.reason}") from error
        except (http.client.HTTPException, ConnectionError) as error:
            raise TransientMailError(f"The connection to SendGrid failed: {error!r}") from error
        return SentMail(
            transport=Transport.SENDGRID,
            message_id=response.headers.get("X-Message-Id"),
            status=response.status_code,
        )


def _classify_http_error(error: Any) -> MailError:
    status = int(error.status_code)
    reason = f"SendGrid answered {status}: {_error_detail(error.body)}"
    if status == TOO_MANY_REQUESTS or status >= SERVER_ERRORS:
        return TransientMailError(reason, retry_after=_retry_after(error.headers))
    return PermanentMailError(reason)


def _error_detail(body: bytes | str | None) -> str:
    """The first message of SendGrid's `{"errors": [{"message": ...}]}`, or the raw body."""
    raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    try:
        errors = json.loads(raw).get("errors") or []
        messages = [str(item.get("message")) for item in errors if isinstance(item, dict)]
    except (ValueError, AttributeError):
        messages = []
    return "; ".join(messages) or raw.strip() or "no details"


def _retry_after(headers: Any) -> float | None:
    try:
        value = headers.get("Retry-After") if headers is not None else None
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class LogTransport:
    """Development without a SendGrid key: the mail is written to the function's log (the
    emulator's output) instead of being sent, so invite links can be followed offline."""

    def send(self, mail: OutgoingMail) -> SentMail:
        logger.warning(
            "mail %s NOT SENT (no SendGrid key in the emulator); to: %s; subject: %s\n%s",
            mail.mail_id,
            ", ".join(mail.to),
            mail.subject,
            mail.text or mail.html or "",
        )
        return SentMail(transport=Transport.LOG)


class UnconfiguredTransport:
    """A deployed function without a key: every send fails until one is set (the sweep retries,
    so setting the secret and redeploying delivers what is waiting)."""

    def send(self, mail: OutgoingMail) -> SentMail:
        raise TransientMailError("SENDGRID_API_KEY is not set; the mail cannot be sent.")
