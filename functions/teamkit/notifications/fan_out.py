"""Write many notifications in batched writes of up to `BATCH_SIZE` (Firestore takes at most 500
writes per commit): a few round trips for a thousand recipients (`bench/fanout.py` measures it).

Every write is a `set` of a document whose id comes from the event, so running a fan-out again
rewrites the same documents instead of adding new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from teamkit import paths

if TYPE_CHECKING:
    from google.cloud.firestore import Client, WriteBatch

BATCH_SIZE = 400

# A write to add to the last commit of a fan-out (closing the event, dropping its secret).
ExtraWrite = Callable[["WriteBatch"], None]


@dataclass(frozen=True)
class Notification:
    """One notification to write: `users/{uid}/notifications/{id}`."""

    uid: str
    id: str
    document: dict[str, Any]


def fan_out(
    db: Client,
    notifications: Sequence[Notification],
    *,
    then: Sequence[ExtraWrite] = (),
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write every notification, then the `then` writes (in the last commit, so they land only
    once everything before them has); returns the number of commits made."""
    if not 1 <= batch_size <= 500:
        raise ValueError("A Firestore batch holds 1 to 500 writes.")
    writes = [*(_set(db, notification) for notification in notifications), *then]
    starts = range(0, len(writes), batch_size)
    for start in starts:
        batch = db.batch()
        for write in writes[start : start + batch_size]:
            write(batch)
        batch.commit()
    return len(starts)


def _set(db: Client, notification: Notification) -> ExtraWrite:
    ref = paths.notification(db, notification.uid, notification.id)
    return lambda batch: batch.set(ref, notification.document)
