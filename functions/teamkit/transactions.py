"""Optimistic transactions: read without locks, then commit every write at once, each write of a
document read before pinned to the version that was read.

This is how Firestore's client SDKs run transactions. We use it on the server too because
pessimistic transactions (the server SDKs' default) hold a read lock on the team document from
the read to the commit: concurrent membership changes of one team then wait on each other's
locks. Production Firestore resolves that by age (wound-wait), but the emulator that the tests
race against resolves every such deadlock with a hard-coded 2 s lock timeout, and under the
races the tests run (50 concurrent requests on one team) only 1 of 50 transactions committed in
40 s. With optimistic commits all 50 commit in about 4 s; production saves the
BeginTransaction round trip as well.

What keeps it serializable: every mutation of a team writes the team document (its counters or
`updatedAt`), so two mutations of one team always conflict on it, and the later commit fails its
precondition and runs again from fresh reads. A `create` fails if the document appeared
meanwhile. Reads share one snapshot (`read_time` of the first read).

In a request whose session is checked (`teamkit.sessions`), the first `get_all` also reads the
caller's session marker, in the same round trip, and refuses with `SessionEnded` when the
session was ended; a transaction that reads no document by id reads it before it commits.

That rule is checked, not only followed: a transaction declares the documents it must write
pinned (`must_write_pinned`; `events.record_event` declares the team of every event, and every
change of a team records one), and a commit without such a write raises `UnserialisedChange`
before anything is sent. A read alone would not do: nothing checks, at commit, that a document
only read is unchanged.

A transaction that keeps losing retries until its caller's time budget runs out, not for a fixed
number of attempts: a hundred concurrent changes of one team queue on its document, and the last
of them must not fail while its request still has time. The boundary that knows the budget sets
it (`time_budget`, e.g. `teamkit.http.serve` from the function's timeout); elsewhere (triggers,
scripts) `DEFAULT_BUDGET` applies.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from google.api_core import exceptions as api_exceptions
from google.cloud.firestore_v1 import _helpers

from teamkit import idempotency, sessions
from teamkit.errors import Contention

if TYPE_CHECKING:
    from google.cloud.firestore import (
        Client,
        DocumentReference,
        DocumentSnapshot,
        Query,
        WriteBatch,
    )
    from google.cloud.firestore_v1.base_query import BaseQuery

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_BUDGET = 30.0
"""Seconds a transaction may keep retrying when no boundary set a budget (triggers, scripts)."""
BACK_OFF_CAP = 2.0
"""Longest sleep between two attempts. Only one of the attempts that overlap on a team commits,
so a wider window costs a burst little time while it keeps fewer doomed attempts in flight
(each one reads and commits again, loading the database that all of them wait on)."""
_deadline: ContextVar[float | None] = ContextVar("transaction_deadline", default=None)
# A conflict means another commit got in between our read and our commit: read again and
# retry. `AlreadyExists` is a `create` that lost the same race; `Aborted` is the server's way of
# saying the same under load.
_CONFLICTS = (
    api_exceptions.FailedPrecondition,
    api_exceptions.AlreadyExists,
    api_exceptions.Aborted,
)


class UnserialisedChange(RuntimeError):
    """A transaction did not write a document it declared it must write pinned (a bug: it would
    commit without conflicting with concurrent changes of the same team)."""


class Transaction:
    """One attempt of an optimistic transaction: reads, then buffered writes.

    Read everything first, then write; a document written after it was read is committed only
    if it still has the version that was read (or, when it was missing, is still missing).
    """

    def __init__(self, db: Client) -> None:
        self._db = db
        self._batch: WriteBatch = db.batch()
        self._read_time: datetime | None = None
        self._versions: dict[str, datetime | None] = {}
        self._writes = 0
        self._session_checked = False
        self._pinned: set[str] = set()  # written pinned to the version read, or created
        self._must_pin: set[str] = set()

    def get(self, ref: DocumentReference) -> DocumentSnapshot:
        """The document as of this transaction's snapshot (it may not exist)."""
        return self.get_all([ref])[ref.path]

    def get_all(self, refs: Iterable[DocumentReference]) -> dict[str, DocumentSnapshot]:
        """Several documents in one round trip, keyed by path (the first such read of a checked
        request also checks the caller's session marker, in the same round trip)."""
        refs = list(refs)
        session = None if self._session_checked else sessions.current()
        marker = None if session is None else sessions.marker(self._db, session)
        asked = {ref.path for ref in refs}
        if marker is not None and marker.path not in asked:
            refs.append(marker)
        if not refs:
            return {}
        snapshots = {}
        for snapshot in self._db.get_all(refs, read_time=self._read_time):
            self._remember(snapshot)
            snapshots[snapshot.reference.path] = snapshot
        if session is not None and marker is not None:
            self._session_checked = True
            sessions.refuse_if_ended(session, snapshots[marker.path])
            if marker.path not in asked:
                del snapshots[marker.path]
        return snapshots

    def query(self, query: Query | BaseQuery) -> list[DocumentSnapshot]:
        """The results of a query, as of this transaction's snapshot."""
        stream: Iterable[DocumentSnapshot] = query.stream(read_time=self._read_time)  # type: ignore[assignment]
        results = list(stream)
        for snapshot in results:
            self._remember(snapshot)
        return results

    def create(self, ref: DocumentReference, data: dict[str, Any]) -> None:
        """Create a document that must not exist yet."""
        self._batch.create(ref, data)
        self._writes += 1
        self._pinned.add(ref.path)

    def set(self, ref: DocumentReference, data: dict[str, Any], *, merge: bool = False) -> None:
        """Write a whole document (or merge into it). A document read before is pinned: created
        if it was missing, overwritten only if it still has the version read."""
        if ref.path not in self._versions:
            self._batch.set(ref, data, merge=merge)
            self._writes += 1
            return
        version = self._versions[ref.path]
        if version is None:
            self.create(ref, data)
            return
        if merge:
            raise ValueError(f"merge into {ref.path}, read before: use update()")
        # WriteBatch.set takes no precondition; build its write and pin it like update() does.
        writes = _helpers.pbs_for_set_no_merge(ref._document_path, data)
        self._db.write_option(last_update_time=version).modify_write(writes[0])
        self._batch._add_write_pbs(writes)
        self._writes += 1
        self._pinned.add(ref.path)

    def update(self, ref: DocumentReference, changes: dict[str, Any]) -> None:
        """Change fields of an existing document; pinned to the version read, if it was read."""
        self._batch.update(ref, changes, option=self._pin(ref))
        self._writes += 1

    def delete(self, ref: DocumentReference) -> None:
        """Delete a document; pinned to the version read, if it was read."""
        self._batch.delete(ref, option=self._pin(ref))
        self._writes += 1

    def _pin(self, ref: DocumentReference) -> _helpers.WriteOption | None:
        """The precondition that the document still has the version read (None if not read or
        read missing)."""
        version = self._versions.get(ref.path)
        if version is None:
            return None
        self._pinned.add(ref.path)
        return self._db.write_option(last_update_time=version)

    def must_write_pinned(self, ref: DocumentReference) -> None:
        """Declare that this transaction writes `ref` pinned to the version it read (or creates
        it): the commit refuses otherwise, with `UnserialisedChange`."""
        self._must_pin.add(ref.path)

    @property
    def in_progress(self) -> bool:
        """Guards against the google-cloud-firestore idiom, which would read outside this
        transaction's bookkeeping and lose the precondition on what it read."""
        raise TypeError(
            "teamkit transactions are optimistic: read with transaction.get(ref), "
            "transaction.get_all(refs) or transaction.query(query), not ref.get(transaction=...)"
        )

    @property
    def writes(self) -> int:
        """How many writes the commit will send."""
        return self._writes

    def commit(self) -> None:
        unpinned = sorted(self._must_pin - self._pinned)
        if unpinned:
            raise UnserialisedChange(
                f"this transaction must write {', '.join(unpinned)} pinned to the version it "
                "read (read it in the transaction, then write it), or it does not conflict "
                "with concurrent changes of the same team"
            )
        if self._writes:
            if not self._session_checked:
                self.get_all([])  # no read by id yet: read the session marker now
            self._batch.commit()

    def _remember(self, snapshot: DocumentSnapshot) -> None:
        if self._read_time is None:
            self._read_time = snapshot.read_time
        self._versions[snapshot.reference.path] = snapshot.update_time if snapshot.exists else None


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Transactions run inside may retry contention until `seconds` from now, and no longer (a
    nested budget cannot outlast the one around it)."""
    deadline = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def run_in_transaction(
    db: Client, body: Callable[[Transaction], T], *, carries_request: bool = True
) -> T:
    """Run `body` in a fresh transaction and commit it; on a conflict, run it again, until the
    time budget (see `time_budget`) would run out during the next back-off.

    `body` must read before it writes and have no effect outside the transaction, since it may
    run several times. Domain errors it raises abort the attempt and propagate unchanged.

    Inside a call with a requestId (`idempotency.remembering`), each attempt first reads the
    call's record (a repeat raises `idempotency.Replayed` before changing anything), and the
    first transaction that writes commits the record with its change. A counter kept beside the
    call (a rate limit) passes `carries_request=False`: the record goes with the change itself.
    """
    request = idempotency.pending() if carries_request else None
    deadline = _deadline.get()
    if deadline is None:
        deadline = time.monotonic() + DEFAULT_BUDGET
    attempt = 0
    while True:
        transaction = Transaction(db)
        if request is not None:
            request.check(transaction.get(request.ref))
        result = body(transaction)
        recording = request if request is not None and transaction.writes else None
        if recording is not None:
            transaction.set(recording.ref, recording.record())
        try:
            transaction.commit()
        except _CONFLICTS as conflict:
            delay = _back_off(attempt)
            if time.monotonic() + delay >= deadline:
                raise Contention(
                    "Too many concurrent changes to the same team; please retry."
                ) from conflict
            logger.debug(
                "commit conflicted (attempt %d), retrying in %.3fs: %s",
                attempt + 1,
                delay,
                conflict,
            )
            time.sleep(delay)
            attempt += 1
        else:
            if recording is not None:
                recording.reserved = True
            return result


def _back_off(attempt: int) -> float:
    """A random time up to an exponentially growing cap ("full jitter"), so contenders spread
    out instead of colliding again."""
    return random.uniform(0, min(BACK_OFF_CAP, 0.02 * 2 ** min(attempt, 16)))
