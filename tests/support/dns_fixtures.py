"""Fixtures of the DNS side: the fake DNS server (`devtools.fakes.dns_fake`), started before the
emulators so that `verifyDomain` in the functions asks it, and emptied for each test that
asks for `dns`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devtools.fakes.dns_fake import FakeDns


@pytest.fixture(scope="session")
def fake_dns() -> Iterator[FakeDns]:
    fake = FakeDns.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="session")
def dns_env(fake_dns: FakeDns) -> dict[str, str]:
    """Environment for the functions' DNS look-ups: the fake answers them."""
    return fake_dns.function_env()


@pytest.fixture
def dns(fake_dns: FakeDns) -> Iterator[FakeDns]:
    """The fake DNS server, emptied for this test."""
    fake_dns.reset()
    yield fake_dns
    fake_dns.reset()
