"""The processes a harness started, found through `/proc` whatever process group or session they
moved to.

Killing a process group does not reach everything a program started: the Firebase CLI starts the
Firestore emulator detached (a session of its own), and a child whose parent died is adopted by
init, so neither the group nor the parent link leads to it any more. A `Process` is a pid with
its start time, so a pid reused by an unrelated process after ours ended is never signalled.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat from the third (state) on; None once the pid is gone. The
    command name before them is in parentheses and may itself hold spaces and parentheses."""
    try:
        return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


@dataclass(frozen=True)
class Process:
    pid: int
    started: int  # clock ticks after boot (field 22 of /proc/<pid>/stat)

    @classmethod
    def of(cls, pid: int) -> Process | None:
        """The process with this pid now, if any."""
        fields = _stat_fields(pid)
        return None if fields is None else cls(pid, int(fields[19]))

    def is_running(self) -> bool:
        """Still this process (not a later one with the same pid), and not a zombie: a zombie
        has released its ports and memory and only waits for its parent to reap it."""
        fields = _stat_fields(self.pid)
        return fields is not None and int(fields[19]) == self.started and fields[0] != "Z"

    def kill(self) -> None:
        if self.is_running():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _all_pids() -> Iterator[int]:
    return (int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit())


def descendants(root: int) -> set[Process]:
    """Every process started by `root` or its descendants that still has its parent, in any
    process group or session (`root` itself excluded)."""
    children: dict[int, list[int]] = {}
    for pid in _all_pids():
        fields = _stat_fields(pid)
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(pid)
    found: set[Process] = set()
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        process = Process.of(pid)
        if process is not None:
            found.add(process)
            pending += children.get(pid, [])
    return found


def naming(argument: str) -> set[Process]:
    """Processes one of whose command-line arguments is exactly `argument` (say a project id
    given as `--project_id demo-x`), other than this one."""
    found: set[Process] = set()
    for pid in _all_pids():
        if pid == os.getpid():
            continue
        try:
            arguments = (PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if argument.encode() in arguments:
            process = Process.of(pid)
            if process is not None:
                found.add(process)
    return found


def kill_all(processes: Iterable[Process], *, timeout: float = 10) -> set[Process]:
    """SIGKILL each still running process and wait until they are gone; the survivors."""
    remaining = {process for process in processes if process.is_running()}
    for process in remaining:
        process.kill()
    deadline = time.monotonic() + timeout
    while remaining and time.monotonic() < deadline:
        time.sleep(0.05)
        remaining = {process for process in remaining if process.is_running()}
    return remaining


def start_process_group(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdout: int | IO[bytes] | None = None,
    stderr: int | IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """Start `command` leading a process group (and session) of its own, so that a signal to the
    group reaches its workers, with SIGINT at its default action whatever we inherited.

    A process started in the background of a non-interactive shell (`scripts/test > log &`, many
    CI runners) inherits SIGINT ignored, and exec passes an ignored signal on: a child that does
    not install a handler of its own (a shell, a JVM) would then ignore the SIGINT we stop it
    with. Node installs one, so the Firebase CLI stops either way; this gives every child what
    a terminal would. coreutils' `env --default-signal` sets it just before exec; `preexec_fn`
    would run Python between fork and exec, which gRPC's fork handlers break in a process whose
    Firestore clients have started their threads (the child died before exec, printing only
    gRPC's epoll error).
    """
    return subprocess.Popen(
        ["env", "--default-signal=INT", *command],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
    )
