"""Fan-out throughput: one team event notified to N admins, with the project's batched writes
against one write per notification, and against a BulkWriter, on the Firestore emulator.

    scripts/bench                      (all benchmarks, this one included)
    PYTHONPATH=functions:. .venv/bin/python bench/fanout.py [--admins 1000] [--rounds 3]

Every variant runs the production fan-out (`notify_team_event`: read the event, query the role
holders, build the notifications, close the event); only the way the notifications are written
differs. "batched" is the production `fan_out`; "one write each" (`one_write_each`, what the
fan-out did before batching) and the BulkWriter variants replace it for the measurement only
(production does not use BulkWriter). Rounds interleave the variants in a rotating order.

Absolute numbers are the emulator's on this machine: each commit is a local call, so one write
per notification costs far less here than in production, where every commit is a network round
trip to Firestore. `measure_networked_fan_out` therefore also runs the batched and one-each
variants through `bench.delay_proxy.DelayProxy`, which adds a round-trip time to every call:
a measurement of what latency does to each path, though not of production Firestore.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from unittest import mock

from google.cloud import firestore
from google.cloud.firestore_v1.bulk_writer import BulkWriterOptions

from bench.counting import Cost, CountingClient, count_documents
from bench.delay_proxy import DelayProxy
from bench.seeding import Seat, seed_team
from devtools.emulators import Suite
from teamkit import paths
from teamkit.auth import Caller
from teamkit.event_types import EventType
from teamkit.mail.config import MailSettings
from teamkit.notifications import notify_team_event as notify_module
from teamkit.notifications.fan_out import ExtraWrite, Notification
from teamkit.notifications.fan_out import fan_out as batched_fan_out
from teamkit.notifications.notify_team_event import notify_team_event
from teamkit.roles import Role
from teamkit.teams.update_team import update_team

OWNER = Caller(uid="fanout-owner", email="owner@fanout.example.com", display_name="Fan-out Owner")
BATCHED = "batched (production)"
ONE_EACH = "one write each"
BULK_DEFAULT = "BulkWriter (default options)"
BULK_FAST = "BulkWriter (10,000 ops/s)"
VARIANTS = (BATCHED, ONE_EACH, BULK_DEFAULT, BULK_FAST)
# Round-trip times added by the delay proxy: none (what proxying itself costs), a fast network
# hop, and a slower one.
ADDED_ROUND_TRIPS_MS = (0.0, 1.0, 5.0)


@dataclass(frozen=True)
class FanOutResult:
    """Seconds per fan-out of one event to `admins` admins, by variant: the whole trigger
    (`seconds`) and its writing of the notifications alone (`write_seconds`)."""

    admins: int
    rounds: int
    seconds: dict[str, list[float]]
    write_seconds: dict[str, list[float]]
    round_trips: dict[str, int]
    costs: dict[str, Cost]
    replay_seconds: list[float]
    # The same fan-out with a round trip added to every call (`measure_networked_fan_out`).
    networked: tuple[NetworkedFanOut, ...] = ()

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(self.seconds)

    def median(self, variant: str, *, writes_only: bool = False) -> float:
        return statistics.median((self.write_seconds if writes_only else self.seconds)[variant])

    def speed_up(self, variant: str, *, writes_only: bool = False) -> float:
        """How many times faster `variant` is than one write per notification (medians)."""
        return self.median(ONE_EACH, writes_only=writes_only) / self.median(
            variant, writes_only=writes_only
        )


@dataclass(frozen=True)
class NetworkedFanOut:
    """A fan-out measured with `round_trip_ms` added to every Firestore call."""

    round_trip_ms: float
    result: FanOutResult


def bulk_writer_fan_out(options: BulkWriterOptions | None) -> Callable[..., int]:
    """A stand-in for `teamkit.notifications.fan_out.fan_out` that writes the notifications
    through a BulkWriter, then the closing writes in one batch once all have landed."""

    def fan_out(
        db: firestore.Client,
        notifications: Sequence[Notification],
        *,
        then: Sequence[ExtraWrite] = (),
        batch_size: int = 400,
    ) -> int:
        writer = db.bulk_writer(options)
        for notification in notifications:
            writer.set(
                paths.notification(db, notification.uid, notification.id), notification.document
            )
        writer.close()  # type: ignore[no-untyped-call]
        return commit_closing(db, then)

    return fan_out


def one_write_each(
    db: firestore.Client,
    notifications: Sequence[Notification],
    *,
    then: Sequence[ExtraWrite] = (),
    batch_size: int = 400,
) -> int:
    """A stand-in for `fan_out` that sets each notification on its own (a round trip each),
    then the closing writes in one batch."""
    for notification in notifications:
        paths.notification(db, notification.uid, notification.id).set(notification.document)
    return len(notifications) + commit_closing(db, then)


def commit_closing(db: firestore.Client, then: Sequence[ExtraWrite]) -> int:
    """The closing writes of a fan-out (the event's mark), in one commit."""
    batch = db.batch()
    for write in then:
        write(batch)
    batch.commit()
    return 1


def new_event(db: firestore.Client, team_id: str, number: int) -> str:
    """Rename the team: an event every admin is notified of; returns its id."""
    update_team(db, OWNER, team_id, name=f"Fan-out {number}")
    events = paths.events(db, team_id).where(
        filter=firestore.FieldFilter("type", "==", EventType.TEAM_RENAMED.value)
    )
    return str(max(events.stream(), key=lambda e: e.get("at")).id)


def notified(db: firestore.Client, event_id: str) -> int:
    """How many notifications an event produced (checked after each timed run)."""
    query = db.collection_group(paths.NOTIFICATIONS).where(
        filter=firestore.FieldFilter("eventId", "==", event_id)
    )
    return count_documents(query)


def fan_out_once(
    db: firestore.Client, team_id: str, event_id: str, variant: str
) -> tuple[float, float]:
    """Seconds the fan-out of `event_id` takes with `variant`: in all, and writing."""
    settings = MailSettings()
    write = {
        ONE_EACH: one_write_each,
        BULK_DEFAULT: bulk_writer_fan_out(None),
        BULK_FAST: bulk_writer_fan_out(
            BulkWriterOptions(initial_ops_per_second=10_000, max_ops_per_second=10_000)
        ),
    }.get(variant, batched_fan_out)
    writing: list[float] = []

    def timed_write(*args: Any, **kwargs: Any) -> int:
        started = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            writing.append(time.perf_counter() - started)

    with mock.patch.object(notify_module, "fan_out", timed_write):
        started = time.perf_counter()
        notify_team_event(db, team_id, event_id, settings=settings)
        return time.perf_counter() - started, sum(writing)


def measure_fan_out(
    counting: CountingClient,
    admins: int = 1000,
    rounds: int = 3,
    variants: Sequence[str] = VARIANTS,
) -> FanOutResult:
    """Fan out `rounds` fresh events per variant to a team of one owner and `admins` admins;
    the RPCs of each fan-out are counted too (round trips are what production pays for)."""
    db = counting.client
    seats = [Seat(OWNER, Role.OWNER)]
    seats += [
        Seat(Caller(uid=f"fanout-admin-{n:05d}", email=f"admin{n}@fanout.example.com"), Role.ADMIN)
        for n in range(admins)
    ]
    team_id = seed_team(db, len(seats), seats, name="Fan-out").team_id
    seconds: dict[str, list[float]] = {variant: [] for variant in variants}
    write_seconds: dict[str, list[float]] = {variant: [] for variant in variants}
    round_trips: dict[str, int] = {}
    costs: dict[str, Cost] = {}
    replays: list[float] = []
    number = 0
    for round_number in range(rounds):
        shift = round_number % len(variants)
        for variant in (*variants[shift:], *variants[:shift]):
            number += 1
            event_id = new_event(db, team_id, number)
            with counting.measure() as tally:
                total, writing = fan_out_once(db, team_id, event_id, variant)
            costs[variant] = tally.cost()
            round_trips[variant] = costs[variant].round_trips
            seconds[variant].append(total)
            write_seconds[variant].append(writing)
            if (count := notified(db, event_id)) != admins:
                raise RuntimeError(f"{variant}: {count} notifications for {admins} admins")
            started = time.perf_counter()
            notify_team_event(db, team_id, event_id, settings=MailSettings())
            replays.append(time.perf_counter() - started)
    return FanOutResult(admins, rounds, seconds, write_seconds, round_trips, costs, replays)


def measure_networked_fan_out(
    project: str, firestore_host: str, round_trip_ms: float, admins: int = 1000, rounds: int = 3
) -> NetworkedFanOut:
    """The batched and one-each fan-outs with every call to the emulator at `firestore_host`
    delayed by `round_trip_ms` (seeding included, which does not affect the timings)."""
    with DelayProxy(firestore_host, round_trip_ms=round_trip_ms) as proxy:
        counting = CountingClient(project, emulator_host=proxy.address)
        try:
            result = measure_fan_out(counting, admins, rounds, variants=(BATCHED, ONE_EACH))
        finally:
            counting.client.close()  # type: ignore[no-untyped-call]
    return NetworkedFanOut(round_trip_ms, result)


def measure_networked_fan_outs(
    suite: Suite,
    admins: int = 1000,
    rounds: int = 3,
    round_trips_ms: Sequence[float] = ADDED_ROUND_TRIPS_MS,
) -> tuple[NetworkedFanOut, ...]:
    """`measure_networked_fan_out` for each round-trip time, each from an empty database."""
    results = []
    for round_trip_ms in round_trips_ms:
        suite.clear_firestore()
        results.append(
            measure_networked_fan_out(
                suite.project, suite.firestore_host, round_trip_ms, admins, rounds
            )
        )
    return tuple(results)


def describe(result: FanOutResult) -> list[str]:
    """Lines for the console."""
    lines = [f"one event fanned out to {result.admins} admins, {result.rounds} rounds:"]
    for variant in result.variants:
        median = result.median(variant)
        writes = result.median(variant, writes_only=True)
        lines.append(
            f"  {variant:<30} {median:6.3f} s ({result.speed_up(variant):4.1f}x)   writing "
            f"{writes:6.3f} s ({result.speed_up(variant, writes_only=True):4.1f}x)   "
            f"{1000 * median / result.admins:5.2f} ms per notification   "
            f"{result.round_trips[variant]:5d} round trips"
        )
    replay = statistics.median(result.replay_seconds)
    lines.append(f"  {'replay (already fanned out)':<30} {replay:6.3f} s")
    for networked in result.networked:
        lines.append(f"with {networked.round_trip_ms:g} ms added to every round trip:")
        lines += describe(networked.result)[1:-1]
    return lines


def main() -> None:
    """Standalone: start the services, measure, print."""
    import os

    from bench.services import running_services

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admins", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--round-trip-ms", type=float, nargs="*", default=list(ADDED_ROUND_TRIPS_MS)
    )
    args = parser.parse_args()
    with running_services(f"fanout-{os.getpid()}") as services:
        result = measure_fan_out(CountingClient(services.suite.project), args.admins, args.rounds)
        networked = measure_networked_fan_outs(
            services.suite, args.admins, args.rounds, args.round_trip_ms
        )
    result = dataclasses.replace(result, networked=networked)
    print("\n".join(describe(result)))


if __name__ == "__main__":
    main()
