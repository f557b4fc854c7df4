"""Fixtures of the DNS side: the fake DNS server (`devtools.fakes.dns_fake`), started before the
emulators so that `verifyDomain` in the functions asks it, and emptied for each test that
asks for `dns`."""

from __future__ import annotations

import os
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
def dns_env(fake_dns: FakeDns) -> Iterator[dict[str, str]]:
    """Environment for the functions' DNS look-ups: the fake answers them. It is set in this
    process too, for the handlers that tests run in process (`tests/support/in_process.py`),
    so that no test asks the machine's resolver."""
    env = fake_dns.function_env()
    previous = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield env
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def dns(fake_dns: FakeDns) -> Iterator[FakeDns]:
    """The fake DNS server, emptied for this test."""
    fake_dns.reset()
    yield fake_dns
    fake_dns.reset()
