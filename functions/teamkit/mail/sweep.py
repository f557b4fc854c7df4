"""The mail sweep (run by the `retryMail` schedule): delivers what the triggers left behind.

One query finds them all, because every mail that may need another run carries
`delivery.retryAt`: transient failures (when to try again), runs in progress (their lease expiry,
so a crashed run is picked up) and fresh mails (in case their trigger never ran). A single-field
range filter needs no composite index. Each mail is claimed in its own transaction, so the sweep
and a late trigger never send the same mail twice at once.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.mail.config import MailSettings
from teamkit.mail.delivery import Outcome, deliver_mail
from teamkit.mail.outbox import MailDelivery

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.mail.transports import MailTransport

logger = logging.getLogger(__name__)

SWEEP_LIMIT = 200
SWEEP_BUDGET_SECONDS = 240.0  # the schedule's timeout is 300 s


@dataclass(frozen=True)
class MailSweep:
    outcomes: Counter[Outcome] = field(default_factory=Counter)

    @property
    def picked(self) -> int:
        return sum(self.outcomes.values())


def retry_due_mail(
    db: Client,
    *,
    settings: MailSettings,
    transport: MailTransport | None = None,
    now: datetime | None = None,
    limit: int = SWEEP_LIMIT,
    budget_seconds: float = SWEEP_BUDGET_SECONDS,
) -> MailSweep:
    """Deliver every mail whose `delivery.retryAt` has come (one HTTP attempt each; a failure
    backs off further), until `limit` mails or `budget_seconds` are used."""
    from google.cloud.firestore import FieldFilter

    now = now or utcnow()
    deadline = time.monotonic() + budget_seconds
    (retry_at,) = MailDelivery.update(retryAt=now)  # the field's path, named by its model
    query = paths.mail(db).where(filter=FieldFilter(retry_at, "<=", now)).limit(limit)
    # Ids first: a query stream left open while mails are sent would time out.
    due = [snapshot.id for snapshot in query.select([]).stream()]
    sweep = MailSweep()
    for mail_id in due:
        if time.monotonic() >= deadline:
            logger.warning("mail sweep: out of time; the rest waits for the next run")
            break
        delivery = deliver_mail(
            db, mail_id, settings=settings, transport=transport, tries=1, now=now
        )
        sweep.outcomes[delivery.outcome] += 1
    if sweep.picked:
        logger.info("mail sweep: %s", dict(sweep.outcomes))
    return sweep
