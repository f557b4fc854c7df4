"""Configuration of mail: the Firebase params and secret that `firebase deploy` asks for, read
once into plain `MailSettings`.

Importing this module is cheap (it only declares params), so `main.py` imports it at load time
to bind the secret to the functions that send mail. Tests build `MailSettings` directly.

`TEAMKIT_SENDGRID_API_BASE` is deliberately a plain environment variable and not a param:
declared params are resolved from `functions/.env*` and their defaults, which override the
process environment, so a test harness could not point the functions at its fake SendGrid
through a param.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from firebase_functions import params

from teamkit.config import DEFAULT_SETTINGS, INVITE_ACCEPT_URL
from teamkit.deployment import is_development_host, url_problem
from teamkit.once import once

SENDGRID_API_KEY = params.SecretParam(
    "SENDGRID_API_KEY",
    description="SendGrid API key (Mail Send permission) used to deliver teamkit's emails.",
)
MAIL_FROM = params.StringParam(
    "MAIL_FROM",
    description="Sender address of teamkit's emails (a sender verified in SendGrid).",
)
MAIL_FROM_NAME = params.StringParam(
    "MAIL_FROM_NAME",
    default="teamkit",
    description="Sender name of teamkit's emails; also the product name used in them.",
)

MAIL_RETENTION_DAYS = params.IntParam(
    "MAIL_RETENTION_DAYS",
    default=30,
    description="Days a mail document is kept (a Firestore TTL policy on expireAt deletes it).",
)

SENDGRID_API_BASE_VARIABLE = "TEAMKIT_SENDGRID_API_BASE"
DEFAULT_SENDGRID_API_BASE = "https://api.sendgrid.com"


class Transport(StrEnum):
    """How mail leaves: SendGrid; the log (the emulator without a key, so demos work offline);
    or nowhere, when a deployed function has no key (recorded as an error on each mail)."""

    SENDGRID = "sendgrid"
    LOG = "log"
    UNCONFIGURED = "unconfigured"


@dataclass(frozen=True)
class MailSettings:
    """Everything queueing and delivering mail needs to know about the deployment.

    Delivery makes `send_tries` HTTP attempts per run, `backoff` apart (doubling, at most
    `max_backoff`), then leaves a transient failure for the sweep, `sweep_backoff` later (also
    doubling); after `max_attempts` HTTP attempts in all the mail is a final ERROR.
    """

    sender_email: str = "noreply@example.com"
    sender_name: str = "teamkit"
    accept_url: str = DEFAULT_SETTINGS.accept_url
    api_key: str = ""
    api_base: str = DEFAULT_SENDGRID_API_BASE
    transport: Transport = Transport.UNCONFIGURED
    timeout: float = 10.0
    send_tries: int = 3
    backoff: timedelta = timedelta(seconds=1)
    max_backoff: timedelta = timedelta(seconds=8)
    max_retry_after: timedelta = timedelta(seconds=10)
    sweep_backoff: timedelta = timedelta(minutes=5)
    max_attempts: int = 9
    lease: timedelta = timedelta(minutes=3)
    retention: timedelta = timedelta(days=30)


def production_problems() -> list[str]:
    """What makes the mail params unfit for a deployed function (`teamkit.deployment`)."""
    problems = [url_problem("INVITE_ACCEPT_URL", INVITE_ACCEPT_URL.value)]
    sender = MAIL_FROM.value.strip()
    local, _, domain = sender.rpartition("@")
    if not local or not domain:
        problems.append(f"MAIL_FROM must be an email address, not {sender!r}")
    elif is_development_host(domain):
        problems.append(f"MAIL_FROM is at a development domain: {sender!r}")
    return [problem for problem in problems if problem]


@once
def mail_settings() -> MailSettings:
    """The settings of this function instance, from its params, secret and environment."""
    api_key = SENDGRID_API_KEY.value.strip()
    if api_key:
        transport = Transport.SENDGRID
    elif os.environ.get("FUNCTIONS_EMULATOR") == "true":
        transport = Transport.LOG
    else:
        transport = Transport.UNCONFIGURED
    return MailSettings(
        sender_email=MAIL_FROM.value,
        sender_name=MAIL_FROM_NAME.value,
        accept_url=INVITE_ACCEPT_URL.value,
        api_key=api_key,
        api_base=os.environ.get(SENDGRID_API_BASE_VARIABLE) or DEFAULT_SENDGRID_API_BASE,
        transport=transport,
        retention=timedelta(days=max(1, MAIL_RETENTION_DAYS.value)),
    )
