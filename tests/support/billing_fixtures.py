"""Fixtures of the billing side: the Stripe fakes (`devtools.fakes.stripe_fake`) for the session,
emptied for each test, with the test catalogue (`billing`).

`billing_env` starts them before the emulators (it is part of `function_env`) and returns the
environment the functions get. The same values are put into this process's environment, so use
cases called directly from tests talk to the same fakes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from google.cloud import firestore

from devtools.emulators import Suite
from devtools.fakes.stripe_fake import StripeFake
from teamkit.billing.config import billing_settings, default_gateway
from tests.support.billing import Billing


@pytest.fixture(scope="session")
def stripe_fake() -> Iterator[StripeFake]:
    """localstripe on a free port (without its state file from earlier runs), and the recorder
    in front of it, for the whole session."""
    fake = StripeFake.launch(f"localstripe-{os.getpid()}.log")
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="session")
def billing_env(stripe_fake: StripeFake) -> Iterator[dict[str, str]]:
    """Environment for the functions' Stripe client (and, while the session runs, for this
    process's)."""
    env = stripe_fake.function_env()
    previous = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    billing_settings.cache_clear()
    default_gateway.cache_clear()
    try:
        yield env
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        billing_settings.cache_clear()
        default_gateway.cache_clear()


@pytest.fixture
def fresh_stripe(stripe_fake: StripeFake, suite: Suite) -> Iterator[StripeFake]:
    """The Stripe fakes, emptied for this test."""
    stripe_fake.wait_until_ready()
    stripe_fake.clear()
    yield stripe_fake
    stripe_fake.recorder.failures.clear()


@pytest.fixture
def billing(fresh_stripe: StripeFake, db: firestore.Client) -> Billing:
    """Empty fakes with the test catalogue; localstripe's webhooks switched off."""
    fresh_stripe.register_webhook(None, events=[])
    return Billing.with_catalogue(fresh_stripe, db)
