"""Everything the benchmarks run against, started for one run and stopped at its end: the
Firebase emulators on free ports with a project id of their own (the production functions plus
the benchmark's trivial codebase), a fake SendGrid, and localstripe behind the Stripe recorder.

The fakes are the test suite's own (`devtools/fakes/`, started by `running_with_fakes`), so the
functions meet exactly what they meet in the tests. Firestore triggers are switched off: only the
code a benchmark measures writes.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from google.cloud import firestore

from bench.counting import count_documents
from devtools.emulators import ROOT, Suite
from devtools.fakes.sendgrid_fake import FakeSendGrid
from devtools.fakes.services import running_with_fakes
from devtools.fakes.stripe_fake import StripeFake
from teamkit import paths
from teamkit.billing.config import billing_settings, default_gateway
from teamkit.mail.config import mail_settings

TRIVIAL_SOURCE = ROOT / "bench" / "trivial"
TRIVIAL_FUNCTION = "benchTrivial"
READY_TIMEOUT = 300  # the emulator loads codebases slowly on a busy machine


@dataclass(frozen=True)
class Services:
    """The running services of one benchmark run."""

    suite: Suite
    stripe: StripeFake
    sendgrid: FakeSendGrid
    run_id: str
    db: firestore.Client

    def client(self) -> firestore.Client:
        """The plain (uncounted) Firestore client, for set-up and checks."""
        return self.db


@dataclass(frozen=True)
class MemberLookup:
    """How long the emulator takes for `deleteAccount`'s collection-group query (`members`
    where `uid ==`), with how many member documents in the whole database."""

    members: int
    milliseconds: float


def time_member_lookup(services: Services, repeats: int = 5) -> MemberLookup:
    """The emulator has no indexes: it answers queries on `members` by scanning every member
    document of every team, so its time grows with the database while production's does not."""
    db = services.client()
    members = count_documents(db.collection_group(paths.MEMBERS))
    query = db.collection_group(paths.MEMBERS).where(
        filter=firestore.FieldFilter("uid", "==", "nobody")
    )
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        list(query.stream())
        times.append((time.perf_counter() - started) * 1000)
    return MemberLookup(members, statistics.median(times))


def trivial_codebase(run_id: str) -> Path:
    """A copy of `bench/trivial` under `.run/` (ignored by git) with a `venv` link to
    `functions/venv`, which is where the Functions emulator looks for the runtime."""
    source = ROOT / ".run" / f"bench-trivial-{run_id}"
    source.mkdir(parents=True, exist_ok=True)
    for name in ("main.py", "requirements.txt"):
        shutil.copy(TRIVIAL_SOURCE / name, source / name)
    (source / "venv").symlink_to(Path("..") / ".." / "functions" / "venv")
    return source


def _wait_for_function(suite: Suite, name: str) -> None:
    """The emulator loads codebases one after the other: wait until `name` answers."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if requests.get(suite.function_url(name), timeout=5).status_code != 404:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the emulator never loaded {name}")


@contextmanager
def running_services(run_id: str) -> Iterator[Services]:
    """Start everything, point this process's SDKs and settings at it, and stop it all after
    (also whatever had started when a later start fails)."""
    previous = dict(os.environ)
    with ExitStack() as started:
        started.callback(_restore_environment, previous)
        source = trivial_codebase(run_id)
        started.callback(_remove_codebase, source)
        bench_codebase = {
            "source": str(source.relative_to(ROOT)),
            "codebase": "bench",
            "runtime": "python311",
            "ignore": ["venv", "__pycache__"],
        }
        running = started.enter_context(
            running_with_fakes(run_id, extra_codebases=[bench_codebase])
        )
        suite = running.suite
        _wait_for_function(suite, TRIVIAL_FUNCTION)
        suite.set_background_triggers(False)
        os.environ.update({**suite.client_env(), **running.function_env})
        for cached in (billing_settings, default_gateway, mail_settings):
            cached.cache_clear()
        yield Services(
            suite, running.stripe, running.sendgrid, run_id, firestore.Client(project=suite.project)
        )


def _remove_codebase(source: Path) -> None:
    (source / "venv").unlink(missing_ok=True)  # the link only, never functions/venv
    shutil.rmtree(source, ignore_errors=True)


def _restore_environment(previous: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(previous)
    for cached in (billing_settings, default_gateway, mail_settings):
        cached.cache_clear()
