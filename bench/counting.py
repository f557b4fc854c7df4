"""Count what Firestore would bill: a `google.cloud.firestore.Client` whose GAPIC API is wrapped,
so every RPC the domain code makes through it is tallied as it goes over the wire.

Billing rules applied (https://firebase.google.com/docs/firestore/pricing):
- BatchGetDocuments (`get`, `get_all`, transaction reads): one read per document asked for,
  found or missing (a get of a missing document is billed as a read);
- RunQuery: one read per document returned, at least one per query (an empty result is billed
  one read); projections (`select`) are billed the same;
- RunAggregationQuery and ListCollectionIds: one read per request (no aggregation here reads past
  the first 1,000 index entries);
- Commit and BatchWrite: one write per `Write` in the request (a `create`, `set`, `update` or
  `delete`, transforms included); deletes are also counted on their own.

BeginTransaction and Rollback are not billed; they are counted as round trips only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from google.cloud import firestore


@dataclass(frozen=True)
class Cost:
    """What one operation cost: billed reads and writes (deletes included), and round trips."""

    reads: int
    writes: int
    deletes: int
    round_trips: int

    def __add__(self, other: Cost) -> Cost:
        return Cost(
            self.reads + other.reads,
            self.writes + other.writes,
            self.deletes + other.deletes,
            self.round_trips + other.round_trips,
        )


@dataclass
class _Query:
    documents: int = 0


@dataclass
class Tally:
    """Running counts; thread-safe, since BulkWriter (recursive_delete) commits from a pool."""

    gets: int = 0
    flat_reads: int = 0
    writes: int = 0
    deletes: int = 0
    round_trips: int = 0
    queries: list[_Query] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cost(self) -> Cost:
        """The billed totals so far (a query is at least one read)."""
        with self.lock:
            query_reads = sum(max(1, query.documents) for query in self.queries)
            return Cost(
                self.gets + self.flat_reads + query_reads,
                self.writes,
                self.deletes,
                self.round_trips,
            )


class CountingApi:
    """Stands in for the client's GAPIC `FirestoreClient`: counts, then forwards."""

    def __init__(self, api: Any, current: Callable[[], Tally | None]) -> None:
        self._api = api
        self._current = current

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)

    def batch_get_documents(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        tally = self._trip()
        responses = self._api.batch_get_documents(*args, **kwargs)
        return self._count_gets(responses, tally)

    def run_query(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        tally = self._trip()
        query = _Query()
        if tally is not None:
            with tally.lock:
                tally.queries.append(query)
        responses = self._api.run_query(*args, **kwargs)
        return self._count_query(responses, tally, query)

    def run_aggregation_query(self, *args: Any, **kwargs: Any) -> Any:
        self._flat_read()
        return self._api.run_aggregation_query(*args, **kwargs)

    def list_collection_ids(self, *args: Any, **kwargs: Any) -> Any:
        self._flat_read()
        return self._api.list_collection_ids(*args, **kwargs)

    def commit(self, *args: Any, **kwargs: Any) -> Any:
        self._count_writes(kwargs.get("request", args[0] if args else None))
        return self._api.commit(*args, **kwargs)

    def batch_write(self, *args: Any, **kwargs: Any) -> Any:
        self._count_writes(kwargs.get("request", args[0] if args else None))
        return self._api.batch_write(*args, **kwargs)

    def begin_transaction(self, *args: Any, **kwargs: Any) -> Any:
        self._trip()
        return self._api.begin_transaction(*args, **kwargs)

    def rollback(self, *args: Any, **kwargs: Any) -> Any:
        self._trip()
        return self._api.rollback(*args, **kwargs)

    def _trip(self) -> Tally | None:
        tally = self._current()
        if tally is not None:
            with tally.lock:
                tally.round_trips += 1
        return tally

    def _flat_read(self) -> None:
        tally = self._trip()
        if tally is not None:
            with tally.lock:
                tally.flat_reads += 1

    def _count_writes(self, request: Any) -> None:
        tally = self._trip()
        if tally is None or request is None:
            return
        writes = request["writes"] if isinstance(request, Mapping) else request.writes
        kinds = [_operation(write) for write in writes]
        with tally.lock:
            tally.writes += len(kinds)
            tally.deletes += kinds.count("delete")

    @staticmethod
    def _count_gets(responses: Iterator[Any], tally: Tally | None) -> Iterator[Any]:
        for response in responses:
            if tally is not None and _pb(response).WhichOneof("result") in ("found", "missing"):
                with tally.lock:
                    tally.gets += 1
            yield response

    @staticmethod
    def _count_query(responses: Iterator[Any], tally: Tally | None, query: _Query) -> Iterator[Any]:
        for response in responses:
            if tally is not None and _pb(response).HasField("document"):
                with tally.lock:
                    query.documents += 1
            yield response


def _pb(message: Any) -> Any:
    """The raw protobuf of a proto-plus message (or the message itself if it is one)."""
    return type(message).pb(message) if hasattr(type(message), "pb") else message


def _operation(write: Any) -> str:
    if isinstance(write, Mapping):
        return next((kind for kind in ("update", "delete", "transform") if kind in write), "?")
    return str(_pb(write).WhichOneof("operation"))


def count_documents(query: Any) -> int:
    """A COUNT aggregation's result (typed `Any`: the client's hints for `count()` are off)."""
    return int(query.count().get()[0][0].value)


class CountingClient:
    """A Firestore client for the emulator whose every RPC is tallied while `measure()` runs.

    Hand `client` to the use cases (or install it as `teamkit.db.client()`); RPCs made outside
    a `measure()` block (set-up, checks) are not counted.
    """

    def __init__(self, project: str, *, emulator_host: str | None = None) -> None:
        """`emulator_host` ("host:port") overrides `FIRESTORE_EMULATOR_HOST`, e.g. to go
        through a `bench.delay_proxy.DelayProxy`."""
        self.client = firestore.Client(project=project)
        if emulator_host is not None:
            self.client._emulator_host = emulator_host  # read when the channel is made, below
        self._tally: Tally | None = None
        api = self.client._firestore_api  # creates the GAPIC client and its channel
        self.client._firestore_api_internal = CountingApi(api, lambda: self._tally)

    @contextmanager
    def measure(self) -> Iterator[Tally]:
        """Count every RPC of the block (from any thread) into a fresh tally."""
        if self._tally is not None:
            raise RuntimeError("measurements do not nest")
        tally = Tally()
        self._tally = tally
        try:
            yield tally
        finally:
            self._tally = None
