"""Fixtures of the billing side: localstripe and what the functions need to reach it."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def billing_env() -> dict[str, str]:
    """Environment for the functions' Stripe client."""
    return {}
