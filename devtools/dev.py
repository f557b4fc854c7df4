"""`scripts/dev`: the Emulator Suite with our functions and demo data, until Ctrl-C."""

from __future__ import annotations

import os
import sys

from devtools.emulators import DEV_PROJECT, EmulatorProcess, Ports, Suite
from devtools.seed import Demo, seed


def banner(suite: Suite, demo: Demo) -> str:
    from teamkit.api import ENDPOINTS

    auth = f"http://{suite.auth_host}/identitytoolkit.googleapis.com/v1"
    alice = demo.users["alice"]
    lines = [
        "",
        "teamkit is running on the Firebase emulators (Ctrl-C stops everything).",
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
        "with their accept links. Billing needs STRIPE_SECRET_KEY (a Stripe test key) in",
        "functions/.secret.local; see docs/billing.md.",
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


def main() -> int:
    suite = Suite(Ports.from_config(), project=DEV_PROJECT)
    process = EmulatorProcess(suite, env={}, log_path=None)
    try:
        process.start()
        os.environ.update(suite.client_env())
        demo = seed(suite)
        print(banner(suite, demo), flush=True)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        process.stop()


if __name__ == "__main__":
    sys.exit(main())
