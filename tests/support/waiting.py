"""Waiting for what triggers do in the background."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from google.cloud import firestore

from teamkit import paths
from teamkit.mail.outbox import DeliveryState
from teamkit.notifications.notify_team_event import FAN_OUT_FIELD

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


def wait_until_settled(db: firestore.Client, *, timeout: float = 90) -> None:
    """Wait until every event has been fanned out and every mail has left PENDING/PROCESSING:
    a triggers test calls this last, so nothing it started writes into the next test."""

    def settled() -> None:
        events = list(db.collection_group(paths.EVENTS).stream())
        waiting = [e.reference.path for e in events if not (e.to_dict() or {}).get(FAN_OUT_FIELD)]
        assert not waiting, f"events not fanned out yet: {waiting}"
        busy = {
            mail_id: (data.get("delivery") or {}).get("state")
            for mail_id, data in ((m.id, m.to_dict() or {}) for m in paths.mail(db).stream())
            if (data.get("delivery") or {}).get("state")
            not in (DeliveryState.SUCCESS, DeliveryState.ERROR)
        }
        assert not busy, f"mail still being delivered: {busy}"

    eventually(settled, timeout=timeout, interval=0.25)
