"""Browser tests of the console: emulators on free ports with their own project id, localstripe
with the demo plan, the demo data, a build of the console served by `vite preview` and by the
Hosting emulator (with the headers the build wrote for firebase.json's hosting; `hosting.spec.ts`
runs there), then Playwright (Debian's Chromium, found by `scripts/setup`) over `web/console/e2e`.

`python -m devtools.console_tests [playwright args]`; `scripts/test` runs it after pytest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

from devtools.console_stack import (
    BIN,
    CONSOLE_DIR,
    DEMO_PRICE,
    ConsoleServer,
    build_console,
    free_port,
    launch_stripe,
    npm_env,
    seed_billing,
)
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from devtools.seed import seed


def browser_path() -> str:
    """The browser scripts/setup found (it writes .cache/chrome-path)."""
    if os.environ.get("CHROME_PATH"):
        return os.environ["CHROME_PATH"]
    recorded = ROOT / ".cache" / "chrome-path"
    if recorded.exists():
        return recorded.read_text().strip()
    return ""


def main(argv: list[str]) -> int:
    run = uuid.uuid4().hex[:8]
    fake = launch_stripe(f"localstripe-console-{run}.log")
    suite = Suite(Ports.free(), project=f"demo-console-{run}")
    process: EmulatorProcess | None = None
    server: ConsoleServer | None = None
    try:
        # Built first: the Hosting emulator reads the headers the build wrote when it starts.
        hosting = build_console(suite)
        process = EmulatorProcess(
            suite,
            env=fake.function_env(),
            log_path=ROOT / ".run" / f"emulators-console-{run}.log",
            config_name=f"console-{run}",
            hosting=hosting,
        )
        process.start()
        os.environ.update(suite.client_env())
        demo = seed(suite)
        seed_billing(suite, fake, demo.teams["Acme Inc"])
        server = ConsoleServer.start(
            suite,
            port=free_port(),
            build=True,
            built=True,
            log_path=ROOT / ".run" / f"console-{run}.log",
        )
        env = npm_env(
            {
                "CONSOLE_URL": server.url,
                "HOSTING_URL": suite.hosting_url,
                "CHROME_PATH": browser_path(),
                "TEAMKIT_PROJECT_ID": suite.project,
                "TEAMKIT_FUNCTIONS_URL": suite.functions_url,
                "FIRESTORE_EMULATOR_HOST": suite.firestore_host,
                "FIREBASE_AUTH_EMULATOR_HOST": suite.auth_host,
                "LOCALSTRIPE_URL": fake.localstripe_url,
                "TEAMKIT_DEMO": json.dumps(
                    {
                        "password": demo.password,
                        "teams": demo.teams,
                        "users": {
                            k: {"uid": u.uid, "email": u.email} for k, u in demo.users.items()
                        },
                        "priceId": DEMO_PRICE,
                    }
                ),
            }
        )
        playwright = str(BIN / "playwright")
        command = [playwright, "test", *argv]
        return subprocess.run(command, check=False, cwd=CONSOLE_DIR, env=env).returncode
    finally:
        if server is not None:
            server.stop()
        if process is not None:
            process.stop()
        fake.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
