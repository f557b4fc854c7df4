"""How much mail one team may send to one address: the one place every path that mails counts.

Per (team, recipient address), whatever caused the mail:
- invitations (a first invite, a re-invite after a revoke, decline or expiry, a resend): at most
  one a minute and five a day (`Settings.resend_interval`, `Settings.resend_daily_limit`). A send
  over the limit is refused with `RateLimited` (429, `retryAfterSeconds`) and changes nothing;
- membership emails (added, removed, role changed): at most `MEMBERSHIP_PER_HOUR` an hour and
  `MEMBERSHIP_PER_DAY` a day; the change itself always goes through, and its in-app
  notifications too: only the email over the cap is dropped.

Before, each invite counted its own sends, and a re-invite reset the count, so revoke + invite,
decline + invite and add + remove cycles mailed anyone as often as an owner liked. The counts
now live in `mailLimits/{id}` (server only), read and written in the same transaction as the
change that sends, so that concurrent requests cannot both take the last send.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import Field

from teamkit import paths
from teamkit.documents import Document, Timestamp
from teamkit.errors import RateLimited

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.config import Settings
    from teamkit.transactions import Transaction

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MEMBERSHIP_PER_HOUR = 3
MEMBERSHIP_PER_DAY = 10


def limit_id_for(team_id: str, email: str) -> str:
    """The id of the counts of `email` in a team; hashed, so that no address shows in ids."""
    return hashlib.sha256(f"{team_id}\n{email}".encode()).hexdigest()[:32]


def limit_ref(db: Client, team_id: str, email: str) -> DocumentReference:
    return paths.mail_limit(db, limit_id_for(team_id, email))


class MailLimitsDocument(Document):
    """`mailLimits/{id}` (server only): when one team mailed one address in the last day (the
    membership mails by id, so that a replay is not counted twice). Kept a day past the last
    send (`expireAt`), then Firestore's TTL policy may drop it."""

    teamId: str
    email: str
    invites: list[Timestamp] = Field(default_factory=list)
    membership: list[Timestamp] = Field(default_factory=list)
    mailIds: list[str] = Field(default_factory=list)
    expireAt: Timestamp | None = None
    updatedAt: Timestamp | None = None


@dataclass(frozen=True)
class MailCounts:
    """The mail one team sent to one address in the last day, as read in a transaction."""

    ref: DocumentReference
    sent: MailLimitsDocument

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot, team_id: str, email: str) -> MailCounts:
        data = snapshot.to_dict() if snapshot.exists else {"teamId": team_id, "email": email}
        return cls(snapshot.reference, MailLimitsDocument.model_validate(data))

    def check_invite(self, now: datetime, settings: Settings) -> None:
        """`RateLimited` (with `retryAfterSeconds`) unless one more invitation may go out now."""
        recent = self._recent(self.sent.invites, now)
        waits = []
        if recent and now - recent[-1] < settings.resend_interval:
            waits.append(settings.resend_interval - (now - recent[-1]))
        if len(recent) >= settings.resend_daily_limit:
            waits.append(DAY - (now - recent[-settings.resend_daily_limit]))
        if waits:
            seconds = max(1, math.ceil(max(waits).total_seconds()))
            raise RateLimited(
                f"{self.sent.email} was sent an invitation by this team {len(recent)} times in the "
                f"last 24 hours (at most one a minute and {settings.resend_daily_limit} a day); "
                f"try again in {_duration(seconds)}.",
                details={"retryAfterSeconds": seconds},
            )

    def record_invite(self, transaction: Transaction, now: datetime) -> None:
        """Count one more invitation (after `check_invite` let it through)."""
        self._write(transaction, now, invites=[*self._recent(self.sent.invites, now), now])

    def allows_membership_mail(self, now: datetime, mail_id: str) -> bool:
        """Whether the membership email `mail_id` may be queued now (a mail counted before, by a
        replay of its event, is let through again: queueing it is a no-op)."""
        if mail_id in self.sent.mailIds:
            return True
        in_hour = sum(now - sent < HOUR for sent in self.sent.membership)
        in_day = sum(now - sent < DAY for sent in self.sent.membership)
        return in_hour < MEMBERSHIP_PER_HOUR and in_day < MEMBERSHIP_PER_DAY

    def record_membership_mail(self, transaction: Transaction, now: datetime, mail_id: str) -> None:
        """Count a membership email that is being queued."""
        if mail_id in self.sent.mailIds:
            return
        self._write(
            transaction,
            now,
            membership=[*self._recent(self.sent.membership, now), now],
            mailIds=[*self.sent.mailIds[-(MEMBERSHIP_PER_DAY - 1) :], mail_id],
        )

    def _write(self, transaction: Transaction, now: datetime, **changes: Any) -> None:
        recent = {
            "invites": self._recent(self.sent.invites, now),
            "membership": self._recent(self.sent.membership, now),
        }
        update = {**recent, "expireAt": now + 2 * DAY, "updatedAt": now, **changes}
        transaction.set(self.ref, self.sent.model_copy(update=update).model_dump())

    @staticmethod
    def _recent(sends: list[datetime], now: datetime) -> list[datetime]:
        return sorted(sent for sent in sends if now - sent < DAY)


def read_counts(
    snapshots: dict[str, DocumentSnapshot], db: Client, team_id: str, email: str
) -> MailCounts:
    """The counts of `email` from snapshots read in the transaction (`limit_ref` among them)."""
    return MailCounts.from_snapshot(snapshots[limit_ref(db, team_id, email).path], team_id, email)


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 2 * 3600:
        return f"{math.ceil(seconds / 60)} min"
    return f"{math.ceil(seconds / 3600)} h"


def queue_limited_mail(
    db: Client, team_id: str, to: str, mail_id: str, document: dict[str, Any], *, now: datetime
) -> bool:
    """Queue the membership email `mail_id` to `to` unless the team's membership mail to that
    address is over its cap; counted and created in one transaction, so concurrent triggers
    cannot both take the last one. A mail that exists already (a replayed event) is left alone.
    Whether the mail is (or already was) queued."""
    from teamkit.transactions import run_in_transaction

    counts_ref = limit_ref(db, team_id, to)
    mail_ref = paths.mail_message(db, mail_id)

    def queue(transaction: Transaction) -> bool:
        snapshots = transaction.get_all([counts_ref, mail_ref])
        if snapshots[mail_ref.path].exists:
            return True
        counts = MailCounts.from_snapshot(snapshots[counts_ref.path], team_id, to)
        if not counts.allows_membership_mail(now, mail_id):
            return False
        counts.record_membership_mail(transaction, now, mail_id)
        transaction.create(mail_ref, document)
        return True

    return run_in_transaction(db, queue)
