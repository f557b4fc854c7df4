"""Write many documents outside a transaction, in batches Firestore accepts.

For follow-up work after a committed change (clean-ups, fan-out) where each document's write is
idempotent, so a retried run converges to the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from google.cloud.firestore import Client, WriteBatch

T = TypeVar("T")

BATCH_SIZE = 400  # below Firestore's 500 writes per commit


def write_in_batches(
    db: Client,
    items: Iterable[T],
    write: Callable[[WriteBatch, T], None],
    *,
    size: int = BATCH_SIZE,
) -> int:
    """Apply `write(batch, item)` for every item, committing every `size` items; returns the
    number of items written."""
    batch = db.batch()
    pending = written = 0
    for item in items:
        write(batch, item)
        pending += 1
        written += 1
        if pending == size:
            batch.commit()
            batch, pending = db.batch(), 0
    if pending:
        batch.commit()
    return written
