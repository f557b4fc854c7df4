"""Assert the machine reason of a refused use case, not just its status class: clients branch
on `reason` (teamkit.errors.Reason), so tests pin it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from teamkit.errors import Reason, TeamsError


@contextmanager
def raises_reason(
    reason: Reason, *, match: str | None = None
) -> Iterator[pytest.ExceptionInfo[TeamsError]]:
    """Like `pytest.raises(TeamsError, match=...)`, and the error's reason is `reason`."""
    with pytest.raises(TeamsError, match=match) as caught:
        yield caught
    assert caught.value.reason is reason, f"{caught.value.reason} != {reason}: {caught.value}"


def refusal_of(call: Callable[[], object]) -> TeamsError:
    """The `TeamsError` that `call` raises (fails the test when it raises none)."""
    try:
        call()
    except TeamsError as error:
        return error
    raise AssertionError("the call was not refused")


def answer_of(error: TeamsError) -> tuple[object, ...]:
    """What a client can tell of a refusal: its class, reason, message and HTTP status."""
    return (type(error), error.reason, error.message, error.http_status)
