"""Request counters in Firestore, for callers known before any membership check: by IP for
functions anyone may call without an ID token (previewInvite), by uid for token guessing
(joinByLink).

One counter document per limit and key (`rateLimits/{name}:{sha256(key)}`), counted in a
transaction: one read and one write per request. A key's window opens at its first request and
lasts `window`; the next request after it opens a new one. Unlike windows aligned to the clock,
a burst cannot straddle a boundary to get twice the allowance, and a caller's count never resets
in the middle of what it is doing. The key is stored hashed, so the collection holds no IP
addresses; `expireAt` (the window's end) lets a Firestore TTL policy delete old counters
(firestore.indexes.json). A flood from one key contends on its own document only, and losing
that contention answers CONCURRENT_CHANGE: the flood is refused either way.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.errors import RateLimited
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class Limit:
    """At most `requests` per `window` for each key of the counter `name`."""

    name: str
    requests: int
    window: timedelta


def count_request(db: Client, limit: Limit, key: str, *, now: datetime) -> None:
    """Count one request of `key`; `RateLimited` (with the seconds until its window ends) when
    the key has used up its window."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    ref = paths.rate_limit(db, f"{limit.name}:{digest}")

    def count(transaction: Transaction) -> None:
        snapshot = transaction.get(ref)
        counter = snapshot.to_dict() or {} if snapshot.exists else {}
        window_end: datetime | None = counter.get("expireAt")
        if window_end is None or window_end <= now:
            transaction.set(ref, {"count": 1, "expireAt": now + limit.window})
            return
        used = int(counter.get("count", 0))
        if used >= limit.requests:
            wait = max(1, math.ceil((window_end - now).total_seconds()))
            raise RateLimited(
                f"Too many requests; try again in {wait} s.",
                details={"retryAfterSeconds": wait},
            )
        transaction.set(ref, {"count": used + 1, "expireAt": window_end})

    run_in_transaction(db, count, carries_request=False)
