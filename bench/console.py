"""The console's numbers, side by side in one run:

- first-load JavaScript, gzip: the console's build against a bare Vite page that loads only
  Firebase Auth and Firestore (`web/console/bench-baseline/`), both built now with the same Vite;
- in Chromium against the emulators: milliseconds from pressing "Sign in" to the first members
  row, and the documents the console's listeners read to open a 10,000-member team's page (the
  SDK's `onDocumentsRead` count: billed reads, without security-rule lookups).

`scripts/bench` measures it (`scripts/bench --only console` alone).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import tempfile
import uuid
from pathlib import Path

from devtools.console_stack import BIN, CONSOLE_DIR, ConsoleServer, free_port, npm_env
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite

BASELINE = CONSOLE_DIR / "bench-baseline"
TARGET_RATIO = 1.6
TARGET_READS = 60


def first_load_gzip(dist: Path) -> int:
    """Gzip bytes of the JavaScript index.html loads (its module script and preloads)."""
    html = (dist / "index.html").read_text()
    scripts = re.findall(r'(?:src|href)="(/assets/[^"]+\.js)"', html)
    return sum(len(gzip.compress((dist / s.lstrip("/")).read_bytes(), 9)) for s in scripts)


def build(root: Path, out: Path) -> int:
    subprocess.run(
        [str(BIN / "vite"), "build", "--logLevel", "error", "--outDir", str(out), "--emptyOutDir"],
        cwd=root,
        env=npm_env({}),
        check=True,
    )
    return first_load_gzip(out)


def bundles() -> tuple[int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        console = build(CONSOLE_DIR, Path(tmp) / "console")
        baseline = build(BASELINE, Path(tmp) / "baseline")
    return console, baseline


def in_browser(size: int) -> dict[str, object]:
    from google.cloud import firestore

    from bench.seeding import Seat, seed_team
    from devtools.auth_emulator import PASSWORD, AuthEmulator
    from devtools.console_tests import browser_path
    from teamkit.roles import Role

    run = uuid.uuid4().hex[:8]
    suite = Suite(Ports.free(), project=f"demo-bench-console-{run}")
    process = EmulatorProcess(
        suite,
        env={},
        log_path=ROOT / ".run" / f"emulators-bench-console-{run}.log",
        config_name=f"bench-console-{run}",
    )
    server: ConsoleServer | None = None
    try:
        process.start()
        os.environ.update(suite.client_env())
        suite.set_background_triggers(False)
        owner = AuthEmulator(suite).create_user("owner@bench.example.com", name="Bench Owner")
        db = firestore.Client(project=suite.project)
        seed_team(db, size, [Seat(owner.caller, Role.OWNER)], name="Big team")
        server = ConsoleServer.start(suite, port=free_port(), build=True)
        env = npm_env(
            {
                "CONSOLE_URL": server.url,
                "CHROME_PATH": browser_path(),
                "BENCH_EMAIL": owner.email,
                "BENCH_PASSWORD": PASSWORD,
                "BENCH_TEAM": "Big team",
            }
        )
        out = subprocess.run(
            ["node", "bench-measure.mjs"],
            cwd=CONSOLE_DIR,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return dict(json.loads(out.strip().splitlines()[-1]))
    finally:
        if server is not None:
            server.stop()
        process.stop()


def verdict(met: bool) -> str:
    return "(met)" if met else "(MISSED)"


def table(console: int, baseline: int, browser: dict[str, object], size: int) -> str:
    ratio = console / baseline
    reads = browser.get("reads")
    lines = [
        "## Console",
        "",
        "Measured by `bench/console.py`; both bundles built in one run.",
        "Reads are the documents the server sent the console's listeners (the SDK's",
        "`onDocumentsRead`), after the page settled; the security rules add one member-document",
        "lookup per team-scoped listener (team, members, invites: 3 here). Members show 40 a page;",
        "the activity log loads on demand.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| first-load JS, console (gzip) | {console / 1024:.1f} KiB | |",
        f"| first-load JS, bare Vite page with Firebase Auth + Firestore (gzip) | "
        f"{baseline / 1024:.1f} KiB | |",
        f"| ratio | {ratio:.2f}x | <= {TARGET_RATIO}x {verdict(ratio <= TARGET_RATIO)} |",
        f'| "Sign in" pressed to first members row ({browser.get("browser")}, emulators) | '
        f"{browser.get('toRowsMs')} ms | |",
        f"| documents read by the console's listeners to open a {size:,}-member team's page | "
        f"{reads} | <= {TARGET_READS} "
        f"{'(met)' if isinstance(reads, int) and reads <= TARGET_READS else '(MISSED)'} |",
        "",
    ]
    return "\n".join(lines)


def console_section(size: int = 10_000) -> str:
    """Build both bundles, measure the console in Chromium, and render its section."""
    console, baseline = bundles()
    return table(console, baseline, in_browser(size), size)
