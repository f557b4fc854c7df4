"""Configuration: the Firebase params of the membership core, read once into plain `Settings`.

Params are declared here so that `firebase deploy` asks for them (or reads `functions/.env`);
domain code never reads the environment itself, it receives `Settings`, which tests build
directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from firebase_functions import params

from teamkit.deployment import url_problem
from teamkit.once import once

INVITE_TTL_DAYS = params.IntParam(
    "INVITE_TTL_DAYS",
    default=7,
    description="Days an invite stays valid after it was last sent.",
)
FREE_SEATS = params.IntParam(
    "FREE_SEATS",
    default=3,
    description=(
        "Members plus pending invites a team may have while its subscription is past_due, "
        "unpaid, paused or canceled (teams that never subscribed are not limited by billing)."
    ),
)
CORS_ORIGINS = params.ListParam(
    "CORS_ORIGINS",
    description=(
        "Origins of your app allowed to call the HTTP functions from a browser, comma-separated "
        "(https://app.example.org); a deployed function refuses * and localhost."
    ),
)
REGION = params.StringParam(
    "REGION",
    default="us-central1",
    description=(
        "Region of every teamkit function; put it near your Firestore database "
        "(us-central1 for nam5, europe-west1 for eur3)."
    ),
)
ENFORCE_APP_CHECK = params.BoolParam(
    "ENFORCE_APP_CHECK",
    default=False,
    description=(
        "Refuse calls to the HTTP functions (all but the Stripe webhook) that carry no valid "
        "Firebase App Check token in X-Firebase-AppCheck."
    ),
)
INVITE_ACCEPT_URL = params.StringParam(
    "INVITE_ACCEPT_URL",
    description=(
        "https page of your app that accepts invites (https://app.example.org/accept-invite); "
        "emails and invite links lead to it with ?token=..."
    ),
)


@dataclass(frozen=True)
class Settings:
    """What the use cases need to know about the deployment."""

    invite_ttl: timedelta = timedelta(days=7)
    resend_interval: timedelta = timedelta(minutes=1)
    resend_daily_limit: int = 5
    preview_limit: int = 1000
    """previewInvite answers at most this many requests per caller network (an IPv4 address, an
    IPv6 /64) per `preview_window`: an office of 300 behind one NAT address, all invited at once,
    each opening the accept page up to three times (open, reload, back after creating the
    account) is 900. Tokens carry 256 random bits, so the limit bounds cost, not guessing."""
    preview_window: timedelta = timedelta(minutes=10)
    cors_origins: tuple[str, ...] = ("*",)
    free_seats: int = 3
    """Members plus pending invites of a team whose subscription has lapsed (docs/billing.md)."""
    accept_url: str = "http://127.0.0.1:5173/accept-invite"
    """The app's page that accepts invites and invite links (`tokens.accept_link`)."""
    enforce_app_check: bool = False
    """Whether the HTTP functions require an App Check token (`teamkit.http`)."""


DEFAULT_SETTINGS = Settings()


def production_problems() -> list[str]:
    """What makes the core's params unfit for a deployed function (`teamkit.deployment`)."""
    origins = [origin.strip() for origin in CORS_ORIGINS.value if origin.strip()]
    if not origins:
        return ["CORS_ORIGINS is not set"]
    return [
        f"CORS_ORIGINS must list your app's https origins, not {origin!r}"
        for origin in origins
        if origin == "*" or url_problem("CORS_ORIGINS", origin) is not None
    ]


@once
def settings() -> Settings:
    """The deployment's settings, from the params (environment) of this function instance."""
    return Settings(
        invite_ttl=timedelta(days=INVITE_TTL_DAYS.value),
        cors_origins=tuple(origin.strip() for origin in CORS_ORIGINS.value if origin.strip()),
        free_seats=max(0, FREE_SEATS.value),
        accept_url=INVITE_ACCEPT_URL.value,
        enforce_app_check=ENFORCE_APP_CHECK.value,
    )


DNS_SERVER_VARIABLE = "TEAMKIT_DNS_SERVER"
"""`host:port` of the one DNS server to ask (tests: a local fake); unset, the system resolver.
A plain variable, not a param, like `TEAMKIT_STRIPE_API_BASE`: it exists for tests only."""


def dns_server() -> str | None:
    """The DNS server `verifyDomain` asks, when one is configured."""
    return os.environ.get(DNS_SERVER_VARIABLE) or None
