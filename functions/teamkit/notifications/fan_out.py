"""Write many notifications: in batched writes of up to `BATCH_SIZE` (Firestore takes at most 500
writes per commit), or one write per notification (kept for the benchmark's comparison).

Every write is a `set` of a document whose id comes from the event, so running a fan-out again
rewrites the same documents instead of adding new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
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
    batched: bool = True,
    then: Sequence[ExtraWrite] = (),
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write every notification, then the `then` writes (in the last commit, so they land only
    once everything before them has); returns the number of commits made."""
    if not 1 <= batch_size <= 500:
        raise ValueError("A Firestore batch holds 1 to 500 writes.")
    commits = 0
    if not batched:
        for notification in notifications:
            paths.notification(db, notification.uid, notification.id).set(notification.document)
            commits += 1
        writes: list[ExtraWrite] = list(then)
    else:
        writes = [_set(db, notification) for notification in notifications]
        writes.extend(then)
    for chunk in _chunks(writes, batch_size):
        batch = db.batch()
        for write in chunk:
            write(batch)
        batch.commit()
        commits += 1
    return commits


def _set(db: Client, notification: Notification) -> ExtraWrite:
    ref = paths.notification(db, notification.uid, notification.id)
    return lambda batch: batch.set(ref, notification.document)


def _chunks(writes: list[ExtraWrite], size: int) -> Iterator[list[ExtraWrite]]:
    for start in range(0, len(writes), size):
        yield writes[start : start + size]
