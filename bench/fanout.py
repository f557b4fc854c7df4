"""Fan-out throughput: one team event notified to N admins, batched writes against one write per
notification, on the Firestore emulator.

    PYTHONPATH=functions:. .venv/bin/python bench/fanout.py [--admins 1000] [--rounds 3]

Starts its own emulator suite on free ports (triggers switched off, so only the measured code
writes). Absolute numbers are the emulator's, on this machine: compare the two paths, and expect
production Firestore to differ (network latency per commit, no local CPU contention).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from google.cloud import firestore

from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from teamkit import paths
from teamkit.auth import Caller
from teamkit.events import EventType
from teamkit.mail.config import MailSettings
from teamkit.notifications.notify_team_event import notify_team_event
from teamkit.teams.create_team import create_team
from teamkit.teams.update_team import update_team

OWNER = Caller(uid="bench-owner", email="owner@bench.test", display_name="Bench Owner")


def seed_admins(db: firestore.Client, team_id: str, count: int) -> None:
    """`count` admin memberships, written directly (the fan-out reads only their role)."""
    for start in range(0, count, 400):
        batch = db.batch()
        for number in range(start, min(count, start + 400)):
            uid = f"admin-{number:05d}"
            batch.set(
                paths.member(db, team_id, uid), {"uid": uid, "teamId": team_id, "role": "admin"}
            )
        batch.commit()


def new_event(db: firestore.Client, team_id: str, round_number: int) -> str:
    """Rename the team: an event every admin is notified of."""
    update_team(db, OWNER, team_id, name=f"Bench {round_number}")
    events = [
        e for e in paths.events(db, team_id).stream() if e.get("type") == EventType.TEAM_RENAMED
    ]
    return max(events, key=lambda e: e.get("at")).id


def timed(action: Callable[..., object], *args: object, **kwargs: object) -> float:
    started = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - started


def run(db: firestore.Client, admins: int, rounds: int) -> dict[str, list[float]]:
    """Seconds per fan-out, by path; every round notifies a fresh event, then replays it."""
    team_id = create_team(db, OWNER, "Bench").team_id
    seed_admins(db, team_id, admins)
    settings = MailSettings()
    results: dict[str, list[float]] = {"batched": [], "one write each": [], "replay": []}
    for round_number in range(rounds):
        for label, batched in (("batched", True), ("one write each", False)):
            event_id = new_event(db, team_id, round_number * 2 + batched)
            results[label].append(
                timed(notify_team_event, db, team_id, event_id, settings=settings, batched=batched)
            )
            results["replay"].append(
                timed(notify_team_event, db, team_id, event_id, settings=settings)
            )
    return results


def report(results: dict[str, list[float]], admins: int, rounds: int) -> None:
    print(f"one event fanned out to {admins} admins, {rounds} rounds:")
    for label, seconds in results.items():
        median = statistics.median(seconds)
        print(
            f"  {label:<15} median {median:7.3f} s   min {min(seconds):7.3f} s"
            f"   {1000 * median / admins:6.3f} ms per notification"
            if label != "replay"
            else f"  {label:<15} median {median:7.3f} s   (the event is marked: 1 read, no write)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admins", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    run_id = f"bench-{os.getpid()}"
    process = EmulatorProcess(
        Suite(Ports.free(), project=f"demo-teamkit-{run_id}"),
        env={},
        log_path=ROOT / ".run" / f"emulators-{run_id}.log",
        config_name=run_id,
    )
    suite = process.start()
    try:
        suite.set_background_triggers(False)
        os.environ.update(suite.client_env())
        results = run(firestore.Client(project=suite.project), args.admins, args.rounds)
        report(results, args.admins, args.rounds)
    finally:
        process.stop()


if __name__ == "__main__":
    main()
