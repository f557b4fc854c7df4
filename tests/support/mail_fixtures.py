"""Fixtures of the mail side: the recording SendGrid endpoint and what the functions need to
reach it."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def mail_env() -> dict[str, str]:
    """Environment for the functions' mail delivery."""
    return {}
