"""The embed example's browser test: `examples/embed/` installed from the packed tarballs the way
an app developer would, built against the emulators and driven by its own Playwright test
(`examples/embed/e2e/embed.spec.ts`) in the system's Chromium.

`scripts/test` runs it after the consumer test (`scripts/test embed` runs it alone; so does
`python -m devtools.embed_test`). In a temporary directory, while the emulators start: the
packages packed (`devtools.packages`, once per `scripts/test`), the example copied and
installed with them; then, with the emulators' addresses in its `.env.local`, `npm run build`
(tsc, vite build), a static server for `dist/`, and `playwright test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from devtools.console_tests import browser_path
from devtools.consumer_test import static_site
from devtools.emulators import ROOT, Suite
from devtools.fakes.local_server import shut_down, url_of
from devtools.fakes.services import running_with_fakes
from devtools.packages import Failed, npm_env, packed_packages, run, timed

EXAMPLE = ROOT / "examples" / "embed"
RESULTS = ROOT / ".run" / "embed-test-results"


def prepare(work: Path) -> Path:
    """The example's copy with the packed packages installed."""
    tarballs = timed("embed", "npm pack of the packages", lambda: packed_packages(work))
    app = work / "embed"
    shutil.copytree(
        EXAMPLE, app, ignore=shutil.ignore_patterns("node_modules", "dist", "test-results")
    )
    timed(
        "embed",
        "npm install of the example and the tarballs",
        lambda: run(["npm", "install", "--loglevel=error", *map(str, tarballs)], app),
    )
    return app


def build(app: Path, suite: Suite) -> None:
    """The example's own build, pointed at the emulators through Vite's `.env.local`."""
    settings = {
        "VITE_FIREBASE_PROJECT_ID": suite.project,
        "VITE_FIREBASE_API_KEY": "embed-example-key",
        "VITE_EMULATOR_AUTH": suite.auth_host,
        "VITE_EMULATOR_FIRESTORE": suite.firestore_host,
        "VITE_EMULATOR_FUNCTIONS": f"127.0.0.1:{suite.ports.functions}",
    }
    lines = [f"{name}={value}\n" for name, value in settings.items()]
    (app / ".env.local").write_text("".join(lines))
    run(["npm", "run", "build", "--silent"], app)


def browser_test(app: Path, suite: Suite) -> int:
    """`playwright test` of the example on its build; its exit status. A failure's traces are
    kept in `RESULTS` (the temporary copy goes)."""
    site = static_site(app / "dist")
    try:
        env = {
            **npm_env(),
            "EMBED_URL": url_of(site),
            "CHROME_PATH": browser_path(),
            **suite.client_env(),
            "TEAMKIT_PROJECT_ID": suite.project,
            "TEAMKIT_FUNCTIONS_URL": suite.functions_url,
        }
        playwright = app / "node_modules" / ".bin" / "playwright"
        status = subprocess.run([str(playwright), "test"], cwd=app, env=env, check=False).returncode
    finally:
        shut_down(site)
    if status != 0 and (app / "test-results").exists():
        shutil.rmtree(RESULTS, ignore_errors=True)
        shutil.copytree(app / "test-results", RESULTS)
        print(f"embed: the failure's trace and page snapshot are in {RESULTS}", flush=True)
    return status


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="teamkit-embed-") as temporary:
        work = Path(temporary)
        prepared: list[Path] = []
        failure: list[BaseException] = []

        def prepare_in_background() -> None:
            try:
                prepared.append(prepare(work))
            except BaseException as error:  # reported below
                failure.append(error)

        preparing = threading.Thread(target=prepare_in_background, name="embed-prepare")
        preparing.start()
        try:
            with running_with_fakes(f"embed-{os.getpid()}") as running:
                preparing.join()
                if failure:
                    raise failure[0]
                app = prepared[0]
                timed("embed", "npm run build", lambda: build(app, running.suite))
                status = browser_test(app, running.suite)
        except Failed as error:
            print(f"embed: FAILED: {error}", file=sys.stderr, flush=True)
            return 1
        finally:
            preparing.join()
    print(f"embed: {'passed' if status == 0 else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
