"""The emulator harness stops everything it started, even when the Firebase CLI exits first or
leaves a detached emulator behind, and `scripts/dev` stops it on SIGTERM and SIGHUP as on Ctrl-C,
whether SIGINT was inherited at its default or ignored (a background job of a non-interactive
shell, as on many CI runners).

Most tests run stand-in processes (a shell leading a process group, like the CLI and a function
worker); one runs the real emulators. Whatever a test started is killed when it ends, pass or
fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from devtools.processes import (
    RUN_MARKER,
    Process,
    descendants,
    kill_all,
    naming,
    reap,
    start_process_group,
)


def is_running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    process = Process.of(pid)
    return process is not None and process.is_running()


def wait_until_gone(pid: int, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while is_running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not is_running(pid)


def listening_on(ports: Iterable[int]) -> set[int]:
    """Pids of the processes holding a TCP socket that listens on one of `ports`."""
    wanted = set(ports)
    sockets = set()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            port = int(fields[1].rsplit(":", 1)[1], 16)
            if fields[3] == "0A" and port in wanted:  # 0A: LISTEN
                sockets.add(f"socket:[{fields[9]}]")
    pids = set()
    for fds in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in sockets for fd in fds.iterdir()):
                pids.add(int(fds.parent.name))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return pids


class Started:
    """Processes a test started; the `started` fixture kills them at its end, pass or fail."""

    def __init__(self) -> None:
        self.processes: set[Process] = set()

    def track(self, *pids: int) -> None:
        for pid in pids:
            process = Process.of(pid)
            if process is not None:
                self.processes.add(process)


@pytest.fixture
def started() -> Iterator[Started]:
    tracked = Started()
    yield tracked
    kill_all(tracked.processes)


# Sets the SIGINT disposition a command inherits, then execs it: through a small Python
# rather than `preexec_fn`, which runs Python between fork and exec and is unsafe in a process
# with threads (this one has gRPC's, once an emulator test ran before).
WITH_SIGINT = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN if sys.argv[1] == "ignored" else signal.SIG_DFL)
os.execvp(sys.argv[2], sys.argv[2:])
"""


@pytest.fixture(params=["default", "ignored"], ids=["sigint-inherited-default", "sigint-ignored"])
def inherited_sigint(request: pytest.FixtureRequest) -> Callable[[list[str]], list[str]]:
    """`command` run with the SIGINT disposition it inherits set: the default (started from a
    terminal) or ignored (started in the background of a non-interactive shell), whatever this
    test process inherited itself."""
    return lambda command: [sys.executable, "-c", WITH_SIGINT, request.param, *command]


def test_stop_ends_the_group_even_when_its_leader_exited_first(started: Started) -> None:
    leader = start_process_group(
        ["bash", "-c", "sleep 300 & echo $!"], cwd=ROOT, stdout=subprocess.PIPE
    )
    assert leader.stdout is not None
    worker = int(leader.stdout.readline())
    started.track(worker)
    leader.wait()
    assert is_running(worker)

    process = EmulatorProcess(Suite(Ports.free(), project="demo-stop"), env={}, log_path=None)
    process._process = leader  # what start() would have set
    process.stop()

    assert wait_until_gone(worker)


def test_reaping_a_run_kills_what_it_left_anywhere_and_nothing_else(started: Started) -> None:
    """`scripts/test` on its way out: a process of the run that moved to a session of its own
    (as the Firestore emulator does) and whose parent is gone is found by the marker in its
    environment; another run's process is left alone."""
    run = f"reap-{os.getpid()}"

    def detached_sleep(marker: str) -> int:
        spawned = subprocess.run(
            ["bash", "-c", "setsid sleep 300 >/dev/null 2>&1 & echo $!"],
            env={**os.environ, RUN_MARKER: marker},
            capture_output=True,
            text=True,
            check=True,
        )
        return int(spawned.stdout)

    left, bystander = detached_sleep(run), detached_sleep(f"{run}-other")
    started.track(left, bystander)
    assert is_running(left) and os.getsid(left) != os.getsid(0)

    assert reap(run) == 0

    assert wait_until_gone(left)
    assert is_running(bystander)


# `scripts/dev` in miniature: `run_until_stopped` drives an `EmulatorProcess` whose start() runs a
# stand-in process group (a leader and a worker, like the CLI and a function worker) the way
# start() starts the CLI. The shell, unlike Node, keeps whatever SIGINT disposition it inherits.
DEV_STAND_IN = """
import subprocess, sys
from devtools.dev import run_until_stopped
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from devtools.processes import start_process_group

class StandIn(EmulatorProcess):
    def start(self):
        self._process = start_process_group(
            ["bash", "-c", "sleep 300 & echo $! && wait"], cwd=ROOT, stdout=subprocess.PIPE
        )
        print(self._process.stdout.readline().decode().strip(), flush=True)
        return self.suite

process = StandIn(Suite(Ports.free(), project="demo-dev"), env={}, log_path=None)
sys.exit(run_until_stopped(process, lambda: print("ready", flush=True)))
"""


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_scripts_dev_stops_everything_on_sigterm_and_sighup_as_on_ctrl_c(
    stop_signal: signal.Signals,
    inherited_sigint: Callable[[list[str]], list[str]],
    started: Started,
) -> None:
    dev = subprocess.Popen(
        inherited_sigint([sys.executable, "-c", DEV_STAND_IN]),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'functions'}:{ROOT}"},
    )
    started.track(dev.pid)
    assert dev.stdout is not None and dev.stderr is not None
    line = dev.stdout.readline()
    assert line, f"the stand-in of scripts/dev ended at start: {dev.stderr.read()}"
    worker = int(line)
    started.track(os.getpgid(worker), worker)
    assert dev.stdout.readline().strip() == "ready"
    assert is_running(worker)

    dev.send_signal(stop_signal)

    assert dev.wait(timeout=25) == 0  # well before stop()'s 30 s wait for an ignored SIGINT
    assert wait_until_gone(worker)


# A CLI that starts its emulator detached (a session of its own, as the Firebase CLI starts the
# Firestore emulator's JVM), which holds a port of the suite and names its project, and dies on
# SIGINT without stopping that emulator (a shutdown it does not finish).
CLI_STAND_IN = 'setsid "$1" -c "$2" "$3" --project_id "$4" & echo $! && wait'
EMULATOR_STAND_IN = """
import socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen()
time.sleep(300)
"""


def test_stop_ends_a_detached_emulator_the_cli_left_behind(
    inherited_sigint: Callable[[list[str]], list[str]], started: Started
) -> None:
    suite = Suite(Ports.free(), project=f"demo-detached-{os.getpid()}")
    cli = subprocess.Popen(
        inherited_sigint(
            ["bash", "-c", CLI_STAND_IN, "cli", sys.executable, EMULATOR_STAND_IN]
            + [str(suite.ports.firestore), suite.project]
        ),
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert cli.stdout is not None
    emulator = int(cli.stdout.readline())
    started.track(cli.pid, emulator)
    deadline = time.monotonic() + 10
    while emulator not in listening_on([suite.ports.firestore]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.getsid(emulator) != os.getsid(cli.pid)
    assert emulator in listening_on([suite.ports.firestore])

    process = EmulatorProcess(suite, env={}, log_path=None)
    process._process = cli  # what start() would have set
    process.stop()

    assert not is_running(emulator)
    assert not listening_on(asdict(suite.ports).values())
    assert not naming(suite.project)


def test_stop_leaves_nothing_of_a_real_suite_whose_cli_died_first(
    function_env: dict[str, str], started: Started
) -> None:
    run = f"stop-{os.getpid()}"
    suite = Suite(Ports.free(), project=f"demo-teamkit-{run}")
    process = EmulatorProcess(
        suite, env=function_env, log_path=ROOT / ".run" / f"emulators-{run}.log", config_name=run
    )
    try:
        process.start()
        assert process._process is not None
        cli = process._process.pid
        started.track(*(p.pid for p in descendants(cli) | naming(suite.project)))
        detached = {p.pid for p in naming(suite.project)} - {cli}
        assert detached, "the Firestore emulator names the project on its command line"
        assert all(os.getsid(pid) != os.getsid(cli) for pid in detached)

        os.kill(cli, signal.SIGKILL)  # the CLI dies without stopping what it started
    finally:
        process.stop()

    assert not listening_on(asdict(suite.ports).values())
    assert not naming(suite.project)


def test_kept_data_is_exported_on_stop_and_imported_by_the_next_start(
    function_env: dict[str, str], started: Started, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scripts/dev --keep`: what one run wrote, the next run starts with."""
    from google.cloud import firestore

    kept = tmp_path / "emulator-data"
    seen = []
    for run_number in (1, 2):
        run = f"keep-{run_number}-{os.getpid()}"
        suite = Suite(Ports.free(), project=f"demo-teamkit-keep-{os.getpid()}")
        process = EmulatorProcess(
            suite,
            env=function_env,
            log_path=ROOT / ".run" / f"emulators-{run}.log",
            config_name=run,
            data_dir=kept,
        )
        try:
            process.start()
            assert process._process is not None
            started.track(*(p.pid for p in descendants(process._process.pid)))
            monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", suite.firestore_host)
            document = firestore.Client(project=suite.project).document("kept/one")
            seen.append(document.get().exists)
            document.set({"run": run_number})
        finally:
            process.stop()

    assert seen == [False, True]
    assert (kept / "firebase-export-metadata.json").exists()
