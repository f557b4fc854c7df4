"""Fixed-window request counters in Firestore, for functions anyone may call without an ID
token (previewInvite): the caller is known only by IP, so the IP is what is counted.

One counter document per key and window (`rateLimits/{name}:{sha256(key)}:{window}`), counted
in a transaction: one read and one write per request. The key is stored hashed, so the
collection holds no IP addresses; `expireAt` lets a Firestore TTL policy delete old windows
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
    """Count one request of `key`; `RateLimited` (with the seconds until the window ends) when
    the key has used up its window."""
    seconds = limit.window.total_seconds()
    window = math.floor(now.timestamp() / seconds)
    window_end = datetime.fromtimestamp((window + 1) * seconds, tz=now.tzinfo)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    ref = paths.rate_limit(db, f"{limit.name}:{digest}:{window}")

    def count(transaction: Transaction) -> None:
        snapshot = transaction.get(ref)
        used = int((snapshot.to_dict() or {}).get("count", 0)) if snapshot.exists else 0
        if used >= limit.requests:
            wait = max(1, math.ceil((window_end - now).total_seconds()))
            raise RateLimited(
                f"Too many requests; try again in {wait} s.",
                details={"retryAfterSeconds": wait},
            )
        transaction.set(ref, {"count": used + 1, "expireAt": window_end})

    run_in_transaction(db, count)
