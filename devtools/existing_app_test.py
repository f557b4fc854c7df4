"""The existing-app test: teamkit added to an app that had Firebase before it, by exactly the
steps of `docs/add-to-your-app.md`, and both working side by side on the emulators.

`scripts/test` runs it after the consumer test (`scripts/test existing-app` runs it alone; so
does `python -m devtools.existing_app_test`). In a temporary directory:

1. a copy of `examples/existing-app/` installs its Node.js functions (`npm ci`) while
   teamkit's packages are packed (`devtools.packages`, once per `scripts/test`), the wheels of
   teamkit's functions are fetched (`wheelhouse`), and then
2. the doc's steps run in order (`steps`): each block marked `sh step` in bash, in the app's
   directory, with `TEAMKIT` (this checkout) and `TEAMKIT_PACKS` (the tarballs) set; each block
   marked `file=PATH` written to that file, and each marked `merge=PATH` merged into that JSON
   file. The doc's text is the only copy of the steps, so it cannot drift from what runs here;
3. the app's own compiler checks its code with the SDK initialized (`tsc -b`) while the
   emulators start from the app's firebase.json, with both codebases, on free ports;
4. the app's own check (`npm run check`: its function, its collection, a stranger refused),
   then teamkit's (`devtools/existing_app/teamkit-check.mjs`: a team created and its members
   listed, and the cross checks: a teamkit user reads no app data of another user, an app user
   reads nothing of a team that is not theirs, and teamkit wrote nothing into the app's
   `users`).

pip installs from `.cache/wheels/<hash of functions/requirements.txt>` without asking the
index (as npm installs from `.cache/npm`), and without byte-compiling every package: the doc's
`pip install` otherwise spends minutes on a busy machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from devtools.packages import Failed, npm_env, packed_packages, run, timed

EXAMPLE = ROOT / "examples" / "existing-app"
DOC = ROOT / "docs" / "add-to-your-app.md"
TEAMKIT_CHECK = ROOT / "devtools" / "existing_app" / "teamkit-check.mjs"
REQUIREMENTS = ROOT / "functions" / "requirements.txt"
WHEELS = ROOT / ".cache" / "wheels"
# What the app's own files leave out of a copy: installs, builds, emulator leftovers.
NOT_COPIED = shutil.ignore_patterns("node_modules", "dist", "venv", ".firebase.*.json", "*.log")
APP_FUNCTION = "addNote"
BLOCK = re.compile(r"^```(\w+) (step|file=\S+|merge=\S+)\n(.*?)^```$", re.M | re.S)


@dataclass(frozen=True)
class Step:
    """One marked block of the doc: `step` (bash commands), `file=PATH` or `merge=PATH`."""

    kind: str
    path: str
    text: str


def steps(doc: str) -> list[Step]:
    """The doc's marked blocks, in order."""
    found = []
    for match in BLOCK.finditer(doc):
        kind, _, path = match.group(2).partition("=")
        found.append(Step(kind, path, match.group(3)))
    if not any(step.kind == "step" for step in found):
        raise Failed(f"{DOC.name} has no block marked `sh step`")
    return found


def perform(step: Step, app: Path, env: dict[str, str]) -> None:
    """Do what one block of the doc says, in the app's directory."""
    started = time.monotonic()
    if step.kind == "step":
        run(["bash", "-euo", "pipefail", "-c", step.text], app, env)
    elif step.kind == "file":
        (app / step.path).parent.mkdir(parents=True, exist_ok=True)
        (app / step.path).write_text(step.text)
    else:
        target = app / step.path
        merged = {**json.loads(target.read_text()), **json.loads(step.text)}
        target.write_text(json.dumps(merged, indent=2) + "\n")
    what = step.path or step.text.splitlines()[0]
    print(f"existing-app: {step.kind} {what} ({time.monotonic() - started:.0f} s)", flush=True)


def wheelhouse() -> Path:
    """The wheels of teamkit's functions, fetched once per version of their requirements."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]
    wheels = WHEELS / digest
    if not wheels.exists():
        partial = WHEELS / f"{digest}.{os.getpid()}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:"]
            + ["--dest", str(partial), "--requirement", str(REQUIREMENTS)],
            ROOT,
        )
        partial.replace(wheels)
    return wheels


def side_by_side(*actions: Callable[[], Any]) -> list[Any]:
    """Run `actions` in threads (they wait on registries and compilers); their results, or the
    first error."""
    results: list[Any] = [None] * len(actions)
    errors: list[BaseException] = []

    def one(index: int) -> None:
        try:
            results[index] = actions[index]()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=one, args=(index,)) for index in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def add_teamkit(work: Path, app: Path) -> None:
    """The doc's steps, exactly, once teamkit's tarballs and wheels are at hand."""
    tarballs, wheels = side_by_side(
        lambda: timed("existing-app", "npm pack (or reuse)", lambda: packed_packages(work)),
        lambda: timed("existing-app", "wheels of teamkit's functions", wheelhouse),
    )
    env = {
        **npm_env(),
        "TEAMKIT": str(ROOT),
        "TEAMKIT_PACKS": str(tarballs[0].parent),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        # The functions compile what they import when they first start; compiling all of every
        # installed package up front takes a busy machine minutes.
        "PIP_NO_COMPILE": "1",
    }
    started = time.monotonic()
    for step in steps(DOC.read_text()):
        perform(step, app, env)
    print(f"existing-app: the doc's steps ({time.monotonic() - started:.0f} s)", flush=True)


def prepare(work: Path) -> Path:
    """A copy of the app with teamkit added. The app's own dependencies install meanwhile: its
    functions' by `npm ci`, its web app's by the doc's `npm install` of the tarballs (which
    installs the whole lockfile)."""
    app = work / "existing-app"
    shutil.copytree(EXAMPLE, app, ignore=NOT_COPIED)
    side_by_side(
        lambda: add_teamkit(work, app),
        lambda: timed(
            "existing-app",
            "npm ci of the app's functions",
            lambda: run(["npm", "ci", "--loglevel=error"], app / "functions"),
        ),
    )
    return app


def collection_prefix(app: Path) -> str:
    """The prefix the app's teamkit codebase was configured with (`teamkit/.env`)."""
    for line in (app / "teamkit" / ".env").read_text().splitlines():
        name, _, value = line.partition("=")
        if name.strip() == "TEAMKIT_COLLECTION_PREFIX":
            return value.strip()
    return ""


def wait_for_function(suite: Suite, name: str, timeout: float = 120) -> None:
    """The emulator loads the codebases one after the other: wait until it knows `name`."""
    url = f"http://127.0.0.1:{suite.ports.functions}/backends"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        backends = requests.get(url, timeout=5).json()["backends"]
        if any(t["name"] == name for b in backends for t in b.get("functionTriggers", [])):
            return
        time.sleep(0.5)
    raise Failed(f"the emulator never loaded the app's function {name}")


def node(command: list[str], app: Path, env: dict[str, str], script: str | None = None) -> str:
    """Run a Node step of the checks in the app; its output, or `Failed` with it."""
    done = subprocess.run(
        command,
        input=script,
        cwd=app,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    output = f"{done.stdout}{done.stderr}".strip()
    if done.returncode != 0:
        raise Failed(f"`{' '.join(command)}` failed:\n{output}")
    return output


def check(app: Path, suite: Suite) -> None:
    """The app's own check, then teamkit's and the cross checks."""
    functions_host = f"127.0.0.1:{suite.ports.functions}"
    own = node(
        ["npm", "run", "--silent", "check"],
        app,
        {
            "GCLOUD_PROJECT": suite.project,
            "FIREBASE_AUTH_EMULATOR_HOST": suite.auth_host,
            "FIRESTORE_EMULATOR_HOST": suite.firestore_host,
            "FUNCTIONS_EMULATOR_HOST": functions_host,
        },
    )
    print(f"existing-app: {own}", flush=True)
    teamkit = node(
        ["node", "--input-type=module"],
        app,
        {
            "PROJECT": suite.project,
            "AUTH_HOST": suite.auth_host,
            "FIRESTORE_HOST": suite.firestore_host,
            "FUNCTIONS_HOST": functions_host,
            "COLLECTION_PREFIX": collection_prefix(app),
        },
        TEAMKIT_CHECK.read_text(),
    )
    for line in teamkit.splitlines():
        print(f"existing-app: {line}", flush=True)


def main() -> int:
    started = time.monotonic()
    run_id = f"existing-app-{os.getpid()}"
    try:
        with tempfile.TemporaryDirectory(prefix="teamkit-existing-app-") as temporary:
            app = prepare(Path(temporary))
            emulators = EmulatorProcess(
                Suite(Ports.free(), project=f"demo-{run_id}"),
                env={},
                log_path=ROOT / ".run" / f"emulators-{run_id}.log",
                config_name=run_id,
                directory=app,
            )
            try:
                suite, _ = side_by_side(
                    lambda: timed("existing-app", "emulators with both codebases", emulators.start),
                    lambda: timed(
                        "existing-app",
                        "the app's tsc -b",
                        lambda: run([str(app / "node_modules" / ".bin" / "tsc"), "-b"], app),
                    ),
                )
                wait_for_function(suite, APP_FUNCTION)
                timed("existing-app", "checks", lambda: check(app, suite))
            finally:
                emulators.stop()
    except Failed as error:
        print(f"existing-app: FAILED: {error}", file=sys.stderr, flush=True)
        return 1
    print(f"existing-app: passed in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
