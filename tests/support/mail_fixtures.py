"""Fixtures of the mail side: the recording SendGrid (`devtools.fakes.sendgrid_fake`), started
before the emulators, emptied for each test, and settings for calling the mail code directly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from devtools.fakes.sendgrid_fake import FAKE_SENDGRID_KEY, FakeSendGrid
from teamkit.mail.config import MailSettings, Transport


@pytest.fixture(scope="session")
def fake_sendgrid() -> Iterator[FakeSendGrid]:
    fake = FakeSendGrid.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="session")
def mail_env(fake_sendgrid: FakeSendGrid) -> dict[str, str]:
    """Environment for the functions' mail delivery: SendGrid is the fake."""
    return fake_sendgrid.function_env()


@pytest.fixture
def sendgrid(fake_sendgrid: FakeSendGrid) -> Iterator[FakeSendGrid]:
    """The fake SendGrid, emptied for this test."""
    fake_sendgrid.reset()
    yield fake_sendgrid
    fake_sendgrid.reset()


@pytest.fixture
def mail_settings(fake_sendgrid: FakeSendGrid) -> MailSettings:
    """Settings for calling the mail code directly: the fake SendGrid, short waits."""
    return MailSettings(
        sender_email="team@teamkit.test",
        sender_name="Teamkit Test",
        accept_url="https://app.teamkit.test/accept-invite",
        api_key=FAKE_SENDGRID_KEY,
        api_base=fake_sendgrid.url,
        transport=Transport.SENDGRID,
        timeout=0.5,
        backoff=timedelta(milliseconds=10),
        max_backoff=timedelta(milliseconds=40),
        max_retry_after=timedelta(seconds=1),
    )
