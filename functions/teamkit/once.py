"""Shared clients and settings built exactly once per process, also when the first requests of
a cold instance arrive together.

`functools.cache` is not enough: it guards its dictionary, not the call, so threads that miss
at the same time all run the builder. For settings that only wastes work; for the Firebase app
it is an error (`initialize_app` refuses a second default app), and for clients it opens
channels that are thrown away. `once` runs the builder under a lock, and only one thread runs
it; a builder that raises caches nothing, so the next request tries again.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Once(Generic[T]):
    """A zero-argument builder whose first successful result is kept for the process."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._built = False
        self._value: T | None = None
        functools.update_wrapper(self, build)

    def __call__(self) -> T:
        if not self._built:  # after the first build, no lock: the value never changes
            with self._lock:
                if not self._built:
                    self._value = self._build()
                    self._built = True
        return self._value  # type: ignore[return-value]

    def cache_clear(self) -> None:
        """Forget the value (tests point a process at other emulators or settings)."""
        with self._lock:
            self._built = False
            self._value = None


def once(build: Callable[[], T]) -> Once[T]:
    """Decorate a zero-argument builder of a process-wide client or setting."""
    return Once(build)
