"""Repeatable creating calls: a client sends a `requestId` with a call whose repeat would create
or send something twice, and a repeat within 24 hours answers what the first call answered
instead of doing it again.

A client retries when it cannot tell whether its call arrived (the connection dropped, a proxy
answered 502 or 504): the call may well have committed. The key is per caller and function
(`requestRecords/{sha256(uid, function, requestId)}`), so nobody can replay or block another
caller's requests.

The one mechanism, for every such call:

1. The boundary (`http.serve`) builds a `PendingRequest` and checks the record: a live one
   answers the repeat at once (`Replayed`).
2. It opens `remembering(...)` around the use case. `transactions.run_in_transaction` reads the
   record with each attempt's first read (two concurrent repeats: the second sees the first's
   record, or its commit conflicts with it) and writes it with the commit of the first
   transaction that writes anything, so the change and its record land together or not at all.
3. After the use case, the boundary stores the answer on the record. A record without an answer
   (the first call is still between its commit and that write, or died there) answers
   `RequestInProgress`: retryable, and nothing is done twice.

A record whose `expireAt` has passed counts as absent: Firestore's TTL policy deletes it, but up
to a day late, and never on the emulator, so its existence proves nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.documents import Stored, Timestamp
from teamkit.errors import RequestIdReused, RequestInProgress

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

REMEMBERED_FOR = timedelta(hours=24)


class RequestRecord(Stored):
    """`requestRecords/{id}` (server only): a creating call made with a `requestId`, kept so
    that a repeat answers `answer` instead of creating again. `answer` is None from the commit
    of the change until the boundary stores it; it never holds a secret. Firestore's TTL policy
    on `expireAt` deletes the record, late: readers check `expireAt` themselves."""

    uid: str
    function: str
    bodyHash: str
    createdAt: Timestamp
    expireAt: Timestamp
    answer: dict[str, Any] | None = None


class Replayed(Exception):  # noqa: N818 (not an error: the answer of a repeat)
    """This request was done before; `answer` is what it answered. Raised through the use case
    to the boundary, which answers it."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__("replayed")
        self.answer = answer


@dataclass
class PendingRequest:
    """A call with a requestId, from its arrival until its answer is stored."""

    ref: DocumentReference
    uid: str
    function: str
    body_hash: str
    now: datetime
    reserved: bool = False
    """Whether a committed transaction of this call wrote the record."""

    def check(self, snapshot: DocumentSnapshot) -> None:
        """Return when this request is new (no record, or an expired one); otherwise raise
        `Replayed`, `RequestIdReused` or `RequestInProgress`."""
        if not snapshot.exists:
            return
        record = RequestRecord.model_validate(snapshot.to_dict())
        if record.expireAt <= self.now:
            return
        if record.bodyHash != self.body_hash:
            raise RequestIdReused(
                f"This requestId was already used for a different {self.function} request "
                "(another body); send a new requestId for a new request."
            )
        if record.answer is None:
            raise RequestInProgress(
                f"The first {self.function} request with this requestId made its change and has "
                "not stored its answer yet; retry in a moment (nothing is done twice)."
            )
        raise Replayed(record.answer)

    def record(self, answer: dict[str, Any] | None = None) -> dict[str, Any]:
        """The record document: without an answer when written with the change."""
        return RequestRecord(
            uid=self.uid,
            function=self.function,
            bodyHash=self.body_hash,
            createdAt=self.now,
            expireAt=self.now + REMEMBERED_FOR,
            answer=answer,
        ).model_dump()

    def store_answer(self, answer: dict[str, Any]) -> None:
        """Keep `answer` for repeats: on the record the change wrote, or, when nothing was
        written in a transaction (an answer that changed nothing, a Stripe session), as a new
        record."""
        if self.reserved:
            self.ref.update(RequestRecord.update(answer=answer))
        else:
            self.ref.set(self.record(answer))


def pending_request(
    db: Client, uid: str, function: str, request_id: str, *, body: dict[str, Any], now: datetime
) -> PendingRequest:
    """The request `request_id` of `uid` to `function` with `body` (its fields but the
    requestId, as JSON: their hash tells a faithful repeat from a reuse)."""
    record_id = hashlib.sha256(f"{uid}\n{function}\n{request_id}".encode()).hexdigest()
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return PendingRequest(
        ref=paths.request_record(db, record_id),
        uid=uid,
        function=function,
        body_hash=hashlib.sha256(canonical.encode()).hexdigest(),
        now=now,
    )


_pending: ContextVar[PendingRequest | None] = ContextVar("teamkit_pending_request", default=None)


@contextmanager
def remembering(request: PendingRequest) -> Iterator[None]:
    """Let the transactions run inside this block record `request` with their change."""
    token = _pending.set(request)
    try:
        yield
    finally:
        _pending.reset(token)


def pending() -> PendingRequest | None:
    """The request whose transactions run now, until one of them has recorded it."""
    request = _pending.get()
    return None if request is None or request.reserved else request
