"""Run calls at the same moment from many threads, collecting results and domain errors."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from teamkit.errors import TeamsError


def race(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Start every call together (a barrier releases them at once) and return, in order, each
    call's result or the `TeamsError` it raised. Any other exception fails the test."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        try:
            return call()
        except TeamsError as error:
            return error

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
