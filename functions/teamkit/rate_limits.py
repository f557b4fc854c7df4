"""Per-caller rate limits kept in Firestore (`rateLimits/{key}`, server only), so they hold
across every instance of a function: a sliding window of the caller's recent hits.

A hit is committed in its own small transaction before the action runs, so refused attempts
(an unknown token, say) count as much as successful ones; that is the point of limiting token
resolution. Each limit document carries `expiresAt`, which a TTL policy deletes.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.errors import RateLimited
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class Limit:
    """At most `requests` hits per `window` for one caller."""

    name: str
    requests: int
    window: timedelta


def limit_key(limit: Limit, who: str) -> str:
    """The document id of one caller's window (hashed: `who` may be an IP or any uid)."""
    return hashlib.sha256(f"{limit.name}\x00{who}".encode()).hexdigest()[:40]


def take(db: Client, limit: Limit, who: str, *, now: datetime | None = None) -> None:
    """Record one hit for `who`, or raise `RateLimited` (with `retryAfterSeconds`) when the
    window is full; a refused hit is not recorded."""
    now = now or utcnow()
    ref = paths.rate_limit(db, limit_key(limit, who))
    since = now - limit.window

    def hit(transaction: Transaction) -> None:
        snapshot = transaction.get(ref)
        hits = [t for t in ((snapshot.to_dict() or {}).get("hits") or []) if t > since]
        if len(hits) >= limit.requests:
            wait = math.ceil((min(hits) + limit.window - now).total_seconds())
            raise RateLimited(
                f"Too many attempts; try again in {max(wait, 1)} seconds.",
                details={"retryAfterSeconds": max(wait, 1)},
            )
        transaction.set(
            ref, {"limit": limit.name, "hits": [*hits, now], "expiresAt": now + limit.window}
        )

    run_in_transaction(db, hit)
