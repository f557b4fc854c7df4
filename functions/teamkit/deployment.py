"""The refusal to run a deployment configured for development.

The params a production deploy must get right (the accept link, the sender, the allowed
origins) have no default, so `firebase deploy` asks for them; the emulators get development
values from `devtools`. What `firebase deploy` cannot stop is an answer that only suits
development: a link to localhost, `*` as the allowed origins, an address at `example.com`.
`main.py` calls `refuse_unsafe_params` when a function instance loads: on a deployed instance
with such a value it raises, so the instance fails to start (the platform logs the message once
per instance, and a deploy whose new instances cannot start fails) instead of mailing links that
lead nowhere or answering any origin.

Each area states the problems of its own params (`teamkit.config`, `teamkit.mail.config`); this
module only knows what development looks like.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

RESERVED_DOMAINS = ("localhost", "example", "test", "invalid", "local")
"""Names that never reach a production user: loopback (RFC 6761), the RFC 2606 test and
example names, mDNS's `.local`; `example.com`, `.net` and `.org` are checked on their own."""
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")


class UnsafeDeployment(RuntimeError):
    """A deployed function instance has params that only suit development."""


def is_deployed() -> bool:
    """Whether this process serves a deployed function: Cloud Run names the service
    (`K_SERVICE`), and the emulator, which names it too, says so (`FUNCTIONS_EMULATOR`).
    `firebase deploy` loads `main.py` without either, to read the declarations only."""
    return bool(os.environ.get("K_SERVICE")) and os.environ.get("FUNCTIONS_EMULATOR") != "true"


def is_development_host(host: str) -> bool:
    """Whether `host` (a name or an IP address) only makes sense on a developer's machine."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if not name:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        labels = name.split(".")
        return labels[-1] in RESERVED_DOMAINS or ".".join(labels[-2:]) in EXAMPLE_DOMAINS
    return address.is_loopback or address.is_unspecified


def url_problem(name: str, value: str) -> str | None:
    """What is wrong with `value` as the https URL of a production page, if anything."""
    if not value.strip():
        return f"{name} is not set"
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.hostname:
        return f"{name} must be an https URL, not {value!r}"
    if is_development_host(parts.hostname):
        return f"{name} points at a development host: {value!r}"
    return None


def refuse_unsafe_params(*areas: Callable[[], Iterable[str]]) -> None:
    """On a deployed instance, raise `UnsafeDeployment` naming every problem `areas` report
    (each returns the problems of its own params); elsewhere do nothing."""
    if not is_deployed():
        return
    problems = [problem for area in areas for problem in area()]
    if problems:
        raise UnsafeDeployment(
            "teamkit refuses to start with params that only suit development: "
            + "; ".join(problems)
            + ". Set them in functions/.env.<project-id> (docs/deploy.md) and deploy again."
        )
