"""Everything the benchmarks run against, started for one run and stopped at its end: the
Firebase emulators on free ports with a project id of their own (the production functions plus
the benchmark's trivial codebase), a fake SendGrid, and localstripe behind the Stripe recorder.

The fakes are the test suite's own (`tests/support/`), so the functions meet exactly what they
meet in the tests. Firestore triggers are switched off: only the code a benchmark measures
writes.
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
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from teamkit import paths
from teamkit.billing.config import billing_settings
from teamkit.billing.gateway import default_gateway
from teamkit.mail.config import mail_settings
from tests.support.billing_fixtures import TEST_SECRET_KEY, TEST_WEBHOOK_SECRET, StripeFake
from tests.support.mail_fixtures import FAKE_SENDGRID_KEY, FakeSendGrid

TRIVIAL_SOURCE = ROOT / "bench" / "trivial"
TRIVIAL_FUNCTION = "benchTrivial"
READY_TIMEOUT = 120


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
        sendgrid = FakeSendGrid.start()
        started.callback(sendgrid.stop)
        stripe = StripeFake.launch(f"localstripe-{run_id}.log")
        started.callback(stripe.stop)
        stripe.wait_until_ready()
        source = trivial_codebase(run_id)
        started.callback(_remove_codebase, source)
        env = {
            "SENDGRID_API_KEY": FAKE_SENDGRID_KEY,
            "TEAMKIT_SENDGRID_API_BASE": sendgrid.url,
            "STRIPE_SECRET_KEY": TEST_SECRET_KEY,
            "STRIPE_WEBHOOK_SECRET": TEST_WEBHOOK_SECRET,
            "TEAMKIT_STRIPE_API_BASE": stripe.api_base,
        }
        process = EmulatorProcess(
            Suite(Ports.free(), project=f"demo-teamkit-{run_id}"),
            env=env,
            log_path=ROOT / ".run" / f"emulators-{run_id}.log",
            config_name=run_id,
            extra_codebases=[
                {
                    "source": str(source.relative_to(ROOT)),
                    "codebase": "bench",
                    "runtime": "python311",
                    "ignore": ["venv", "__pycache__"],
                }
            ],
        )
        started.callback(process.stop)
        suite = process.start()
        _wait_for_function(suite, TRIVIAL_FUNCTION)
        suite.set_background_triggers(False)
        os.environ.update({**suite.client_env(), **env})
        for cached in (billing_settings, default_gateway, mail_settings):
            cached.cache_clear()
        yield Services(suite, stripe, sendgrid, run_id, firestore.Client(project=suite.project))


def _remove_codebase(source: Path) -> None:
    (source / "venv").unlink(missing_ok=True)  # the link only, never functions/venv
    shutil.rmtree(source, ignore_errors=True)


def _restore_environment(previous: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(previous)
    for cached in (billing_settings, default_gateway, mail_settings):
        cached.cache_clear()
