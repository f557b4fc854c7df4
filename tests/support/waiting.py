"""Waiting for what triggers do in the background."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(check: Callable[[], T], *, timeout: float = 30, interval: float = 0.1) -> T:
    """Call `check` until it stops raising AssertionError, and return what it returned; after
    `timeout` seconds the last AssertionError propagates."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(interval)
