"""`scripts/dev`: the console at http://127.0.0.1:5173 on the Emulator Suite with our functions,
the demo data and localstripe (a demo seat plan, Acme Inc subscribed), until Ctrl-C, SIGTERM or
SIGHUP (a closed terminal, `kill`, a process manager): each stops everything it started.
`--keep` keeps the emulators' data in `KEPT_DATA` from one run to the next."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Protocol

from devtools.console_stack import ConsoleServer, launch_stripe, seed_billing
from devtools.emulators import DEV_PROJECT, ROOT, EmulatorProcess, Ports, Suite, holds_export
from devtools.seed import Demo, seed

CONSOLE_PORT = 5173
KEPT_DATA = ROOT / ".run" / "emulator-data"
"""Where `--keep` exports the emulators' data on exit and imports it from (git-ignored)."""


def banner(suite: Suite, demo: Demo, console_url: str) -> str:
    from teamkit.endpoint_table import ENDPOINTS

    auth = f"http://{suite.auth_host}/identitytoolkit.googleapis.com/v1"
    alice = demo.users["alice"]
    lines = [
        "",
        f"  Console    {console_url}   (sign in as alice@example.com)",
        "",
        "teamkit is running on the Firebase emulators (Ctrl-C or SIGTERM stops everything).",
        "",
        f"  Firestore  http://{suite.firestore_host}   Auth  http://{suite.auth_host}",
        f"  Functions  {suite.functions_url}/<name>",
        "",
        "Functions:",
        *(f"  {suite.function_url(name)}" for name in ENDPOINTS),
        "",
        f"Demo users (password: {demo.password!r}):",
        *(f"  {u.email:<20} {u.display_name}" for u in demo.users.values()),
        "Teams: " + ", ".join(f"{name} ({team_id})" for name, team_id in demo.teams.items()),
        "frank@example.com has a pending invite to Acme Inc.",
        "",
        'Emails are not sent without a SendGrid key: they appear in the log above ("NOT SENT"),',
        "with their accept links, which open the console. Billing runs against localstripe (a",
        "local fake of Stripe): Acme Inc is subscribed to a demo seat plan. For real Stripe test",
        "mode see docs/billing.md.",
        "",
        "Get an ID token for Alice:",
        f"  TOKEN=$(curl -s '{auth}/accounts:signInWithPassword?key=any' \\",
        f'    -H \'Content-Type: application/json\' -d \'{{"email":"{alice.email}",'
        f'"password":"{demo.password}","returnSecureToken":true}}\' | jq -r .idToken)',
        "Call a function:",
        f'  curl -s {suite.function_url("createTeam")} -H "Authorization: Bearer $TOKEN" \\',
        "    -H 'Content-Type: application/json' -d '{\"name\":\"My new team\"}'",
        "",
    ]
    return "\n".join(lines)


@contextmanager
def fake_secrets(values: dict[str, str]) -> Iterator[None]:
    """The Functions emulator looks secrets up in Secret Manager (and warns) unless
    `functions/.secret.local` names them: while scripts/dev runs, that file holds the obviously
    fake Stripe secrets localstripe uses, unless the developer keeps one of their own."""
    path = ROOT / "functions" / ".secret.local"
    if path.exists():
        yield
        return
    path.write_text("".join(f"{key}={value}\n" for key, value in values.items()))
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


# SIGINT too, rather than Python's default handler: that one is not installed when SIGINT was
# ignored at start (a background job of a non-interactive shell), and the Firebase CLI, like any
# Node program that asks for it, stops on SIGINT whatever it inherited.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stoppable(Protocol):
    """What `run_until_stopped` drives: `EmulatorProcess`."""

    def start(self) -> object: ...
    def wait(self) -> int: ...
    def stop(self) -> None: ...


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def run_until_stopped(process: Stoppable, ready: Callable[[], None]) -> int:
    """Start `process`, call `ready`, and wait until it ends or we are told to stop: Ctrl-C,
    SIGTERM and SIGHUP alike stop it (the emulators and every function worker). Python's
    default for SIGTERM and SIGHUP is to die without running `finally`, which left the
    emulators and workers running."""
    previous = {number: signal.signal(number, _interrupt) for number in STOP_SIGNALS}
    try:
        process.start()
        ready()
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for number in STOP_SIGNALS:  # a second signal must not cut stop() short
            signal.signal(number, signal.SIG_IGN)
        try:
            process.stop()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/dev", description=__doc__)
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"import the emulators' data from {KEPT_DATA} and export it there on exit",
    )
    keep = parser.parse_args(argv).keep
    resumed = keep and holds_export(KEPT_DATA)
    suite = Suite(Ports.from_config(), project=DEV_PROJECT)
    stripe = launch_stripe("localstripe-dev.log")
    env = stripe.function_env()
    process = EmulatorProcess(suite, env=env, log_path=None, data_dir=KEPT_DATA if keep else None)
    console: ConsoleServer | None = None

    def ready() -> None:
        nonlocal console
        os.environ.update(suite.client_env())
        demo = None if resumed else seed(suite)
        if demo is not None:
            seed_billing(suite, stripe, demo.teams["Acme Inc"])
        console = ConsoleServer.start(
            suite, port=CONSOLE_PORT, build=False, log_path=ROOT / ".run" / "console-dev.log"
        )
        print(f"\nteamkit console: {console.url}", flush=True)
        if demo is None:
            print(f"\nData kept from the last run ({KEPT_DATA}); localstripe starts empty.")
            print(f"Functions: {suite.functions_url}/<name>", flush=True)
        else:
            print(banner(suite, demo, console.url), flush=True)
        if keep:
            print(f"Ctrl-C exports the data to {KEPT_DATA} for the next `scripts/dev --keep`.")

    try:
        with fake_secrets({k: v for k, v in env.items() if k.startswith("STRIPE_")}):
            return run_until_stopped(process, ready)
    finally:
        if console is not None:
            console.stop()
        stripe.stop()


if __name__ == "__main__":
    sys.exit(main())
