"""The console's stack, shared by `scripts/dev` and the browser tests: localstripe (with the
recorder and webhook relay the tests use) holding a demo seat plan, the emulators, the demo data
with one subscribed team, and the console itself (Vite dev server, or a build served by
`vite preview`) pointed at them through `VITE_*` variables. A build also writes the hosting
config whose Content-Security-Policy allows exactly the addresses it calls
(`web/console/hosting.ts`), which the Hosting emulator can serve it with.

Billing then works without a Stripe key: the functions get obviously fake secrets and talk to
localstripe, whose signed webhooks reach `stripeWebhook`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

from devtools.emulators import ROOT, Suite

if TYPE_CHECKING:
    from devtools.fakes.stripe_fake import StripeFake

CONSOLE_DIR = ROOT / "web" / "console"
# npm workspaces hoist the tools into web/node_modules.
BIN = ROOT / "web" / "node_modules" / ".bin"
DEMO_PRICE = "price_demo_seat"
# Written by every console build (web/console/hosting.ts): firebase.json with the build's CSP.
BUILT_HOSTING_CONFIG = ROOT / ".firebase.hosting.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch_stripe(log_name: str) -> StripeFake:
    """localstripe, the recorder and the webhook relay (devtools.fakes.stripe_fake)."""
    from devtools.fakes.stripe_fake import StripeFake

    fake = StripeFake.launch(log_name)
    fake.wait_until_ready()
    return fake


def seed_billing(suite: Suite, fake: StripeFake, team_id: str) -> None:
    """The demo seat plan, and `team_id` subscribed to it (webhooks update the team)."""
    from google.cloud import firestore

    from teamkit.billing.config import billing_settings, default_gateway
    from teamkit.billing.ledger import HANDLED_EVENTS

    os.environ.update(fake.function_env())
    billing_settings.cache_clear()
    default_gateway.cache_clear()
    fake.register_webhook(suite.function_url("stripeWebhook"), events=sorted(HANDLED_EVENTS))
    fake.add_seat_plan(DEMO_PRICE)
    db = firestore.Client(project=suite.project)
    fake.subscribe_team(db, team_id, DEMO_PRICE, quantity=5)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        team = db.collection("teams").document(team_id).get().to_dict() or {}
        if (team.get("billing") or {}).get("status"):
            return
        time.sleep(0.3)
    print("console_stack: the demo subscription's webhook did not arrive in 30 s", flush=True)


def console_env(suite: Suite) -> dict[str, str]:
    """The `VITE_*` variables that point the console at these emulators."""
    ports = suite.ports
    return {
        "VITE_TEAMKIT_PROJECT_ID": suite.project,
        "VITE_FIREBASE_EMULATORS": (
            f"auth=127.0.0.1:{ports.auth},firestore=127.0.0.1:{ports.firestore},"
            f"functions=127.0.0.1:{ports.functions}"
        ),
        "VITE_TEAMKIT_PRICE_IDS": DEMO_PRICE,
    }


def npm_env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(extra)
    env["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    return env


def build_console(suite: Suite) -> dict[str, Any]:
    """Build the console into `web/console/dist` for these emulators; the hosting section
    (headers included) that build wrote, for the Hosting emulator."""
    vite = str(BIN / "vite")
    env = npm_env(console_env(suite))
    subprocess.run([vite, "build", "--logLevel", "warn"], cwd=CONSOLE_DIR, env=env, check=True)
    hosting: dict[str, Any] = json.loads(BUILT_HOSTING_CONFIG.read_text())["hosting"]
    return hosting


@dataclass
class ConsoleServer:
    """The console served over HTTP (dev server or `vite preview` of a build)."""

    url: str
    process: subprocess.Popen[bytes]

    @classmethod
    def start(
        cls,
        suite: Suite,
        *,
        port: int,
        build: bool,
        built: bool = False,
        log_path: Path | None = None,
    ) -> ConsoleServer:
        """The dev server, or with `build` `vite preview` of a build (made now unless `built`:
        `build_console` made it already)."""
        env = npm_env(console_env(suite))
        vite = str(BIN / "vite")
        if build:
            if not built:
                build_console(suite)
            command = [vite, "preview", "--host", "127.0.0.1", "--port", str(port), "--strictPort"]
        else:
            command = [vite, "--host", "127.0.0.1", "--port", str(port), "--strictPort"]
        output = None
        if log_path is not None:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            output = log_path.open("wb")
        process = subprocess.Popen(
            command,
            cwd=CONSOLE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = cls(f"http://127.0.0.1:{port}", process)
        server.wait_until_ready()
        return server

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the console server exited early")
            try:
                if requests.get(self.url, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the console was not served at {self.url} in {timeout}s")

    def stop(self) -> None:
        import signal

        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)
