"""Request counters in Firestore, for callers known before any membership check: by network
for functions anyone may call without an ID token (previewInvite), by uid for token guessing
(joinByLink).

A network is what one party controls: an IPv4 address (an office or a carrier NAT puts many
people behind one, so its ceiling must fit them), or an IPv6 /64, the prefix a provider gives one
site, whose 2^64 addresses any host there can rotate through (counting IPv6 per address would
let one attacker count as billions of callers). An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`,
what a dual-stack socket reports) is its IPv4 address.

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
import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.documents import Document, Timestamp
from teamkit.errors import RateLimited
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference

    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class Limit:
    """At most `requests` per `window` for each key of the counter `name`."""

    name: str
    requests: int
    window: timedelta


class RequestCounter(Document):
    """`rateLimits/{name}:{hash}` (server only): the requests of one key in its open window,
    which ends (and the TTL policy deletes the counter) at `expireAt`."""

    count: int
    expireAt: Timestamp


IPV6_SITE_PREFIX = 64


def caller_network(ip: str) -> str:
    """The key an IP address is counted under: the IPv4 address itself, or its IPv6 /64
    (`2001:db8:1:2::/64`). Anything that is not an address (no peer known) counts as itself."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_SITE_PREFIX), strict=False))
    return str(address)


def counter(db: Client, limit: Limit, key: str) -> DocumentReference:
    """The counter document of `key` under `limit` (the key hashed into its id)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return paths.rate_limit(db, f"{limit.name}:{digest}")


def count_request(db: Client, limit: Limit, key: str, *, now: datetime) -> None:
    """Count one request of `key`; `RateLimited` (with the seconds until its window ends) when
    the key has used up its window."""
    ref = counter(db, limit, key)

    def count(transaction: Transaction) -> None:
        snapshot = transaction.get(ref)
        counted = RequestCounter.model_validate(snapshot.to_dict()) if snapshot.exists else None
        if counted is None or counted.expireAt <= now:
            transaction.set(ref, RequestCounter(count=1, expireAt=now + limit.window).model_dump())
            return
        if counted.count >= limit.requests:
            wait = max(1, math.ceil((counted.expireAt - now).total_seconds()))
            raise RateLimited(
                f"Too many requests; try again in {wait} s.",
                details={"retryAfterSeconds": wait},
            )
        transaction.set(ref, counted.model_copy(update={"count": counted.count + 1}).model_dump())

    run_in_transaction(db, count, carries_request=False)
