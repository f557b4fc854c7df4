"""The emulator harness stops everything it started, even when the Firebase CLI exits first, and
`scripts/dev` stops it on SIGTERM and SIGHUP as on Ctrl-C.

When the CLI leading the emulators' process group exits on its own (a crash, or a signal sent
to it alone), its function workers live on; `EmulatorProcess.stop` must still end them. Runs a
stand-in process group, not the emulators.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite


def is_running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_stop_ends_the_group_even_when_its_leader_exited_first() -> None:
    leader = subprocess.Popen(
        ["bash", "-c", "sleep 300 & echo $!"],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert leader.stdout is not None
    worker = int(leader.stdout.readline())
    leader.wait()
    assert is_running(worker)

    process = EmulatorProcess(Suite(Ports.free(), project="demo-stop"), env={}, log_path=None)
    process._process = leader  # what start() would have set
    process.stop()

    deadline = time.monotonic() + 5
    while is_running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_running(worker)


# `scripts/dev` in miniature: `run_until_stopped` drives an `EmulatorProcess` whose start() runs a
# stand-in process group (a leader and a worker, like the CLI and a function worker).
DEV_STAND_IN = """
import subprocess, sys
from devtools.dev import run_until_stopped
from devtools.emulators import EmulatorProcess, Ports, Suite

class StandIn(EmulatorProcess):
    def start(self):
        self._process = subprocess.Popen(
            ["bash", "-c", "sleep 300 & echo $! && wait"],
            stdout=subprocess.PIPE, text=True, start_new_session=True,
        )
        print(self._process.stdout.readline().strip(), flush=True)
        return self.suite

process = StandIn(Suite(Ports.free(), project="demo-dev"), env={}, log_path=None)
sys.exit(run_until_stopped(process, lambda: print("ready", flush=True)))
"""


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_scripts_dev_stops_everything_on_sigterm_and_sighup_as_on_ctrl_c(
    stop_signal: signal.Signals,
) -> None:
    dev = subprocess.Popen(
        [sys.executable, "-c", DEV_STAND_IN],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'functions'}:{ROOT}"},
    )
    assert dev.stdout is not None
    worker = int(dev.stdout.readline())
    assert dev.stdout.readline().strip() == "ready"
    assert is_running(worker)

    dev.send_signal(stop_signal)

    assert dev.wait(timeout=30) == 0
    deadline = time.monotonic() + 5
    while is_running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_running(worker)
