"""teamkit's npm packages as an app gets them, for the tests that use them the way an app does
(`devtools/consumer_test.py`, `devtools/existing_app_test.py`): packed by `npm pack`, installed
by npm with its download cache in `.cache/npm`.

When `scripts/test` runs both tests, it packs once: it names a directory in `TEAMKIT_PACKS`,
the first test packs into it and the second installs the same tarballs.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from devtools.emulators import ROOT

WEB = ROOT / "web"
NPM_CACHE = ROOT / ".cache" / "npm"
PACKAGES = ("client", "react", "ui")
SHARED_PACKS = "TEAMKIT_PACKS"


class Failed(Exception):
    """A step of a test failed (the message says which and why)."""


def npm_env() -> dict[str, str]:
    """npm with its download cache in `.cache/npm` (used without asking the registry again when
    it has the answer), quiet, and no browser downloads."""
    return {
        **os.environ,
        "npm_config_cache": str(NPM_CACHE),
        "npm_config_audit": "false",
        "npm_config_fund": "false",
        "npm_config_update_notifier": "false",
        "npm_config_prefer_offline": "true",
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
    }


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a step with `npm_env` (or `env`); its output on success, `Failed` with the output
    otherwise."""
    done = subprocess.run(
        command,
        cwd=cwd,
        env=npm_env() if env is None else env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Failed(f"`{' '.join(command)}` in {cwd} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def timed(test: str, label: str, action: Callable[[], Any]) -> Any:
    """Run `action`, saying how long it took (these tests have to stay within a few minutes)."""
    started = time.monotonic()
    result = action()
    print(f"{test}: {label} ({time.monotonic() - started:.0f} s)", flush=True)
    return result


def pack(destination: Path) -> list[Path]:
    """`npm pack` of every package into `destination`: the tarballs `npm publish` would upload."""
    destination.mkdir(exist_ok=True)
    for package in PACKAGES:
        run(["npm", "pack", "--pack-destination", str(destination)], WEB / "packages" / package)
    return packed_in(destination)


def packed_in(directory: Path) -> list[Path]:
    tarballs = sorted(directory.glob("teamkit-*.tgz"))
    if len(tarballs) != len(PACKAGES):
        raise Failed(f"expected {len(PACKAGES)} tarballs in {directory}, found {tarballs}")
    return tarballs


def packed_packages(work: Path) -> list[Path]:
    """The packed packages: those of `TEAMKIT_PACKS` when an earlier test of this `scripts/test`
    packed them, else packed now (into `TEAMKIT_PACKS` when set, for the next test, else into
    `work/packs`)."""
    shared = os.environ.get(SHARED_PACKS)
    destination = Path(shared) if shared else work / "packs"
    if shared and any(destination.glob("teamkit-*.tgz")):
        return packed_in(destination)
    return pack(destination)
