"""The TypeScript tests of `web/` (vitest) against the real emulators: Firestore with the
project's rules, Auth and the Functions emulator running `functions/`, plus the fake SendGrid and
localstripe of `devtools.fakes`, on free ports with a project id of their own.

`scripts/test` runs it after pytest; `python -m devtools.web_tests [vitest args]` runs it alone
(e.g. `python -m devtools.web_tests packages/client/test/calls.test.ts`). First `tsc --noEmit`
over the workspace (skipped with `TEAMKIT_WEB_TYPECHECK=0`). The addresses reach vitest as
environment variables: `TEAMKIT_PROJECT_ID`, `TEAMKIT_FUNCTIONS_URL`, `FIRESTORE_EMULATOR_HOST`,
`FIREBASE_AUTH_EMULATOR_HOST`, `TEAMKIT_STRIPE_PRICE_ID` (a seat plan in localstripe) and
`TEAMKIT_MAILBOX_URL` (the invite tokens the fake SendGrid received).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from devtools.emulators import ROOT
from devtools.fakes.local_server import serve, shut_down, url_of
from devtools.fakes.sendgrid_fake import FakeSendGrid
from devtools.fakes.services import running_with_fakes

WEB = ROOT / "web"
PRICE_ID = "price_web_tests_seats"


def mailbox(sendgrid: FakeSendGrid) -> ThreadingHTTPServer:
    """`GET /tokens?to=<address>`: the invite tokens of the mails the fake SendGrid accepted
    for that address, oldest first (how the TypeScript tests read an accept link)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            address = parse_qs(url.query).get("to", [""])[0]
            tokens = [r.token for r in sendgrid.sent_to(address) if r.token]
            body = json.dumps(tokens if url.path == "/tokens" else []).encode()
            self.send_response(200 if url.path == "/tokens" else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return serve(Handler, "web-tests-mailbox")


def typecheck() -> int:
    """`tsc --noEmit` over the packages, their tests and the README example."""
    print("== tsc --noEmit (web/)", flush=True)
    return subprocess.call(["npm", "run", "--silent", "typecheck"], cwd=WEB)


@contextmanager
def web_services(run_id: str) -> Iterator[dict[str, str]]:
    """The emulators and fakes the web tests and the SDK benchmark meet; yields the environment
    that points a Node process at them. Everything stops on exit, also after a failed start."""
    with running_with_fakes(run_id) as running, ExitStack() as started:
        box = mailbox(running.sendgrid)
        started.callback(shut_down, box)
        running.stripe.add_seat_plan(PRICE_ID)
        suite = running.suite
        yield {
            **os.environ,
            **suite.client_env(),
            "TEAMKIT_PROJECT_ID": suite.project,
            "TEAMKIT_FUNCTIONS_URL": suite.functions_url,
            "TEAMKIT_FUNCTIONS_HOST": f"127.0.0.1:{suite.ports.functions}",
            "TEAMKIT_HUB_HOST": f"127.0.0.1:{suite.ports.hub}",
            "TEAMKIT_STRIPE_PRICE_ID": PRICE_ID,
            "TEAMKIT_MAILBOX_URL": url_of(box),
        }


def run(vitest_args: Sequence[str]) -> int:
    """Start the emulators and the fakes, run vitest, stop everything; vitest's exit code."""
    with web_services(f"web-{os.getpid()}") as env:
        print(f"== vitest (web/, project {env['TEAMKIT_PROJECT_ID']})", flush=True)
        return subprocess.call(["npx", "vitest", "run", *vitest_args], cwd=WEB, env=env)


def main(argv: Sequence[str]) -> int:
    checked = 0 if os.environ.get("TEAMKIT_WEB_TYPECHECK") == "0" else typecheck()
    tested = run(argv)
    return checked or tested


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
