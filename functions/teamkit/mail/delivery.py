"""Deliver one queued mail: claim it, send it, record what happened on its document.

The claim is a transaction (PENDING -> PROCESSING with a lease), so of two runs that race for
the same mail (a duplicate trigger, the sweep) only one sends. A run makes a few HTTP attempts
with exponential back-off for transient failures; what still fails transiently is left as ERROR
with `delivery.retryAt`, for the sweep to claim later, until `max_attempts` is reached. A run
that crashes leaves PROCESSING behind, which the sweep claims once the lease has expired.

Nothing here touches membership: a mail that fails only records its failure.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.mail.config import MailSettings
from teamkit.mail.outbox import DeliveryState, MailDelivery, outgoing_mail, read_mail
from teamkit.mail.transports import (
    MailError,
    MailTransport,
    PermanentMailError,
    SentMail,
    TransientMailError,
    transport_for,
)

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)

MAX_SWEEP_BACKOFF = timedelta(hours=6)


class Outcome(StrEnum):
    """How one delivery run ended."""

    SENT = "sent"
    FAILED = "failed"  # final ERROR
    DEFERRED = "deferred"  # ERROR with retryAt: the sweep tries again
    SKIPPED = "skipped"  # not ours to send (delivered, being delivered, gone)


@dataclass(frozen=True)
class Delivery:
    mail_id: str
    outcome: Outcome
    attempts: int = 0
    error: str | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class Claim:
    """A mail this run may send: its document, and the attempts made before this run."""

    data: dict[str, Any]
    attempts: int
    retries: int


def deliver_mail(
    db: Client,
    mail_id: str,
    *,
    settings: MailSettings,
    transport: MailTransport | None = None,
    tries: int | None = None,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Send `mail/{mail_id}` if it is waiting to be sent, making at most `tries` HTTP
    attempts (default `settings.send_tries`) in this run."""
    started, clock = _clock(now)
    ref = paths.mail_message(db, mail_id)
    claim = _claim(db, mail_id, settings, started)
    if claim is None:
        return Delivery(mail_id, Outcome.SKIPPED)

    attempts = claim.attempts + 1  # the claim counted this run's first attempt

    def failed(error: MailError) -> Delivery:
        return _record_failure(
            ref,
            mail_id,
            error,
            attempts=attempts,
            retries=claim.retries,
            now=clock(),
            settings=settings,
        )

    try:
        outgoing = outgoing_mail(mail_id, claim.data)
    except PermanentMailError as error:
        return failed(error)
    transport = transport or transport_for(settings)
    tries = max(1, tries or settings.send_tries)
    for number in range(tries):
        if number:
            attempts += 1
            ref.update(_leased(clock(), settings, attempts=attempts))
        try:
            sent = transport.send(outgoing)
        except PermanentMailError as error:
            return failed(error)
        except TransientMailError as error:
            delay = _backoff(number, error, settings)
            last_try = number + 1 >= tries or attempts >= settings.max_attempts
            logger.warning(
                "mail %s: attempt %d failed (%s)%s",
                mail_id,
                attempts,
                error.reason,
                "" if last_try or delay is None else f"; retrying in {delay:.2f}s",
            )
            if last_try or delay is None:
                return failed(error)
            sleep(delay)
        else:
            return _record_success(ref, mail_id, sent, attempts, clock())
    raise AssertionError("unreachable: the last try always returns")


def _claim(db: Client, mail_id: str, settings: MailSettings, now: datetime) -> Claim | None:
    """Take the mail for this run (PROCESSING, with a lease) if it may be sent now."""
    from teamkit.transactions import run_in_transaction

    ref = paths.mail_message(db, mail_id)

    def claim(transaction: Transaction) -> Claim | None:
        snapshot = transaction.get(ref)
        if not snapshot.exists:
            logger.info("mail %s: no such document", mail_id)
            return None
        data = snapshot.to_dict() or {}
        try:
            delivery = read_mail(data).delivery
        except PermanentMailError:  # claimed all the same: `outgoing_mail` records why it fails
            delivery = MailDelivery()
        attempts, retries = delivery.attempts, delivery.retries
        if not _claimable(delivery, now):
            logger.info("mail %s: %s, not ours to send now", mail_id, delivery.state)
            return None
        if attempts >= settings.max_attempts:
            error = delivery.error or f"Gave up after {attempts} attempts."
            transaction.update(ref, _ended(DeliveryState.ERROR, now, error=error))
            logger.error("mail %s: gave up after %d attempts", mail_id, attempts)
            return None
        started = MailDelivery.update(state=DeliveryState.PROCESSING, startTime=now)
        transaction.update(ref, started | _leased(now, settings, attempts=attempts + 1))
        return Claim(data=data, attempts=attempts, retries=retries)

    return run_in_transaction(db, claim)


def _claimable(delivery: MailDelivery, now: datetime) -> bool:
    lease, retry_at = delivery.leaseExpireTime, delivery.retryAt
    if delivery.state is DeliveryState.PENDING:
        return True
    if delivery.state is DeliveryState.PROCESSING:
        return lease is None or lease <= now  # a run that crashed
    if delivery.state is DeliveryState.ERROR:
        return retry_at is not None and retry_at <= now
    return False


def _record_success(
    ref: Any, mail_id: str, sent: SentMail, attempts: int, now: datetime
) -> Delivery:
    info = {"transport": sent.transport.value, "messageId": sent.message_id, "status": sent.status}
    ended = _ended(DeliveryState.SUCCESS, now, attempts=attempts, error=None, info=info)
    _update(ref, mail_id, ended)
    logger.info(
        "mail %s sent via %s (message id %s) after %d attempt(s)",
        mail_id,
        sent.transport.value,
        sent.message_id,
        attempts,
    )
    return Delivery(mail_id, Outcome.SENT, attempts, message_id=sent.message_id)


def _record_failure(
    ref: Any,
    mail_id: str,
    error: MailError,
    *,
    attempts: int,
    retries: int,
    now: datetime,
    settings: MailSettings,
) -> Delivery:
    retry_at = None
    if isinstance(error, TransientMailError) and attempts < settings.max_attempts:
        wait = min(MAX_SWEEP_BACKOFF, settings.sweep_backoff * 2**retries)
        if error.retry_after is not None:
            wait = max(wait, timedelta(seconds=error.retry_after))
        retry_at = now + wait
    ended = _ended(
        DeliveryState.ERROR,
        now,
        attempts=attempts,
        retries=retries + (retry_at is not None),
        retryAt=retry_at,
        error=error.reason,
    )
    _update(ref, mail_id, ended)
    if retry_at is None:
        logger.error("mail %s failed for good after %d attempt(s): %s", mail_id, attempts, error)
        return Delivery(mail_id, Outcome.FAILED, attempts, error=error.reason)
    logger.warning("mail %s: will retry at %s: %s", mail_id, retry_at.isoformat(), error)
    return Delivery(mail_id, Outcome.DEFERRED, attempts, error=error.reason)


def _leased(now: datetime, settings: MailSettings, **fields: Any) -> dict[str, Any]:
    """The update of a run that holds the mail: the sweep takes it over when the lease ends."""
    lease = now + settings.lease
    return MailDelivery.update(leaseExpireTime=lease, retryAt=lease, **fields)


def _ended(state: DeliveryState, now: datetime, **fields: Any) -> dict[str, Any]:
    """The update of a run that ended: its lease released, no retry unless `fields` set one."""
    ended = MailDelivery.update(state=state, endTime=now, leaseExpireTime=None, retryAt=None)
    return ended | MailDelivery.update(**fields)


def _update(ref: Any, mail_id: str, changes: dict[str, Any]) -> None:
    from google.api_core.exceptions import NotFound

    try:
        ref.update(changes)
    except NotFound:
        logger.warning("mail %s was deleted while being delivered", mail_id)


def _backoff(number: int, error: TransientMailError, settings: MailSettings) -> float | None:
    """Seconds to wait before the next try in this run; None when the provider asks for longer
    than a run should wait (then the sweep retries)."""
    if error.retry_after is not None:
        if error.retry_after > settings.max_retry_after.total_seconds():
            return None
        return error.retry_after
    base = min(settings.max_backoff, settings.backoff * 2**number).total_seconds()
    return base * random.uniform(0.8, 1.2)


def _clock(now: datetime | None) -> tuple[datetime, Callable[[], datetime]]:
    """The run's start, and a clock that advances from it in real time (tests fix the start)."""
    started = now or utcnow()
    origin = time.monotonic()
    return started, lambda: started + timedelta(seconds=time.monotonic() - origin)
