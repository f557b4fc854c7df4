"""Run a function in a Firestore transaction, retrying when concurrent writers win.

The client's own `@transactional` retries only when the commit is aborted; under contention
Firestore also aborts reads ("too much contention"). This wrapper retries both, with jittered
exponential back-off, and turns lasting contention into a `Contention` error (409 ABORTED) that
the client may retry, instead of a 500.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from google.api_core import exceptions as api_exceptions
from google.cloud import firestore

from teamkit.errors import Contention

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_ATTEMPTS = 12
_RETRYABLE = (api_exceptions.Aborted, api_exceptions.Conflict)


def run_in_transaction(
    db: firestore.Client,
    body: Callable[[firestore.Transaction], T],
    *,
    attempts: int = MAX_ATTEMPTS,
) -> T:
    """Call `body(transaction)`, commit, and return its result; retry the whole of it on abort.

    `body` must do all its reads before its writes and have no side effects outside the
    transaction, since it may run several times.
    """
    for attempt in range(attempts):
        transaction = db.transaction(max_attempts=1)
        try:
            result = firestore.transactional(body)(transaction)
        except _RETRYABLE as error:
            _back_off(attempt, error)
        except ValueError as error:
            # The client wraps an aborted commit in a ValueError once its own attempts are used.
            if not isinstance(error.__cause__, _RETRYABLE):
                raise
            _back_off(attempt, error.__cause__)
        else:
            return result
    raise Contention("Too many concurrent changes to the same team; please retry.")


def _back_off(attempt: int, error: Exception) -> None:
    delay = min(1.0, 0.02 * 2**attempt) * random.uniform(0.5, 1.5)
    logger.info(
        "transaction aborted (attempt %d), retrying in %.3fs: %s", attempt + 1, delay, error
    )
    time.sleep(delay)
