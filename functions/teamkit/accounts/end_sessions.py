"""Sign out everywhere: end every session of an account, at once, on every function instance.

Offered to every user for their own account (a lost laptop) and to platform super admins for
anyone's (support work: a stolen device, a departing employee). The marker (`teamkit.sessions`)
refuses the account's older ID tokens in every change from its commit on; revoking the refresh
tokens stops clients from minting new ones, and refuses older tokens wherever Auth is asked.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import auth, sessions
from teamkit.clock import utcnow
from teamkit.errors import PermissionDenied
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)


def end_sessions(
    db: Client, caller: Caller, uid: str | None = None, *, now: datetime | None = None
) -> None:
    """End every session of `uid` (the caller's own when None). Idempotent: ending again moves
    the marker to now, which ends any session begun since."""
    target = uid or caller.uid
    if target != caller.uid and not caller.super_admin:
        raise PermissionDenied("Only platform administrators may end someone else's sessions.")
    at = now or utcnow()

    def mark_ended(transaction: Transaction) -> None:
        transaction.set(*sessions.ended_marker(db, target, by=caller.uid, at=at))

    run_in_transaction(db, mark_ended)
    auth.end_sessions(target)
    logger.info("sessions of %s ended by %s", target, caller.uid)
