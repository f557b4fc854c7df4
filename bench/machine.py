"""What the numbers were measured on: date, CPU, cores, memory, load, and the versions of the
runtimes and emulators involved."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from devtools.emulators import ROOT

FIREBASE_TOOLS = "firebase-tools (Auth, Functions emulators)"
LOAD_AT_START = "load average at start (1/5/15 min)"


@dataclass(frozen=True)
class Machine:
    """One line per fact, in the order the report shows them."""

    facts: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str:
        return dict(self.facts).get(name, "unknown")


def _output(command: list[str], *, cwd: Path = ROOT) -> str:
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout + done.stderr).strip()


def cpu_model() -> str:
    """The CPU's model name, as the kernel reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory() -> str:
    """Total RAM."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def load() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def firestore_emulator() -> str:
    """The Firestore emulator's own version (the Google Cloud CLI jar, or the one the Firebase
    CLI downloaded)."""
    binary = os.environ.get("FIRESTORE_EMULATOR_BINARY_PATH")
    if binary:
        found = re.search(
            r"cloud-firestore-emulator\s+(\S+)", _output(["java", "-jar", binary, "--version"])
        )
        if found:
            return found.group(1)
    cache = Path.home() / ".cache" / "firebase" / "emulators"
    jars = sorted(cache.glob("cloud-firestore-emulator-v*.jar"))
    if jars:
        return jars[-1].stem.removeprefix("cloud-firestore-emulator-v")
    return "unknown"


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe_machine() -> Machine:
    """Collect the facts (a few seconds: it asks the CLIs for their versions)."""
    functions_python = _output(
        [str(ROOT / "functions" / "venv" / "bin" / "python"), "--version"]
    ).removeprefix("Python ")
    java = _output(["java", "-version"]).splitlines()
    return Machine(
        (
            ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ("CPU", cpu_model()),
            ("cores", str(os.cpu_count() or "unknown")),
            ("RAM", memory()),
            ("OS", f"{platform.system()} {platform.release()}"),
            (LOAD_AT_START, load()),
            ("Python (functions/venv, the functions' runtime)", functions_python),
            ("Python (.venv, the benchmark)", platform.python_version()),
            (FIREBASE_TOOLS, _output(["firebase", "--version"])),
            ("Cloud Firestore emulator", firestore_emulator()),
            ("Java", java[0] if java else "unknown"),
            ("Node.js", _output(["node", "--version"])),
            ("firebase-functions", _package("firebase-functions")),
            ("google-cloud-firestore", _package("google-cloud-firestore")),
        )
    )
