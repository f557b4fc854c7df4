"""Catch up invite fan-outs that never completed.

Firestore triggers of the Python SDK are deployed without platform retries, so an `onTeamEvent`
run that fails (Firestore briefly unavailable, an instance killed) is not delivered again. For
most events that costs an in-app notification; for an invitation it would cost the invitee
their only copy of the token. A leftover `eventSecrets` document is exactly the sign of such a
run (the fan-out deletes it when it completes), so the `retryMail` schedule looks for secrets
whose event is older than `grace` and still not fanned out, and runs the fan-out again: it is
idempotent, so racing a late trigger is harmless.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.events import read_event
from teamkit.notifications.notify_team_event import notify_team_event

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.mail.config import MailSettings

logger = logging.getLogger(__name__)

GRACE = timedelta(minutes=2)
LIMIT = 100


def catch_up_invite_events(
    db: Client,
    *,
    settings: MailSettings,
    now: datetime | None = None,
    grace: timedelta = GRACE,
    limit: int = LIMIT,
) -> int:
    """Fan out again the invite events (oldest first) whose secret is still waiting; returns
    how many were."""
    from google.cloud.firestore import FieldFilter

    now = now or utcnow()
    waiting = (
        paths.event_secrets(db)
        .where(filter=FieldFilter("expiresAt", ">", now))
        .order_by("expiresAt")
        .limit(limit)
    )
    caught_up = 0
    for secret in list(waiting.select(["eventPath"]).stream()):
        event_path = secret.get("eventPath")
        parts = str(event_path or "").split("/")
        if len(parts) != 4 or parts[0] != paths.TEAMS or parts[2] != paths.EVENTS:
            logger.warning("event secret %s names no event (%r)", secret.id, event_path)
            continue
        snapshot = db.document(event_path).get()
        if not snapshot.exists:
            continue
        event = read_event(snapshot.to_dict(), f"{parts[1]}/{parts[3]}")
        if event is not None and (event.fanOut or event.at > now - grace):
            continue  # fanned out, or its trigger is most likely still running
        logger.warning("event %s was never fanned out; catching up", event_path)
        notify_team_event(db, parts[1], parts[3], settings=settings, now=now)
        caught_up += 1
    return caught_up
