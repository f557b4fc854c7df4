"""The emulator harness stops everything it started, even when the Firebase CLI exits first.

When the CLI leading the emulators' process group exits on its own (a crash, or a signal sent
to it alone), its function workers live on; `EmulatorProcess.stop` must still end them. Runs a
stand-in process group, not the emulators.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from devtools.emulators import EmulatorProcess, Ports, Suite


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
        text=True,
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
