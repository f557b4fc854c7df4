"""Fixtures of the billing tests (the `billing` fixture itself is shared:
tests/support/billing_fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devtools.emulators import Suite
from teamkit.billing.ledger import HANDLED_EVENTS
from tests.support.billing import Billing


@pytest.fixture
def live_webhooks(billing: Billing, suite: Suite) -> Iterator[Billing]:
    """localstripe sends its signed events (of the types teamkit handles) to `stripeWebhook`
    for the length of this test."""
    billing.fake.register_webhook(
        suite.function_url("stripeWebhook"), events=sorted(HANDLED_EVENTS)
    )
    yield billing
    billing.fake.register_webhook(None, events=[])
