"""What every send of an invite writes: its event and a fresh token (helpers of invite/resend)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from google.cloud.firestore import FieldFilter

from teamkit import paths
from teamkit.event_types import EventType
from teamkit.events import InviteChange, record_event
from teamkit.tokens import issue_token

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.documents import Team
    from teamkit.roles import Role
    from teamkit.transactions import Transaction

# Firestore's `in` filter takes at most 30 values.
IN_FILTER_LIMIT = 30


def send_invite(
    transaction: Transaction,
    db: Client,
    caller: Caller,
    team: Team,
    event_type: Literal[EventType.MEMBER_INVITED, EventType.INVITE_RESENT],
    *,
    invite_id: str,
    email: str,
    role: Role,
    expires_at: datetime,
    sent_at: datetime,
    batch_id: str | None = None,
) -> None:
    """Record the send as an event and issue the token its mail will carry. In a bulk call
    the event names its batch (`batchId`), so the fan-out notifies owners and admins once, from
    the batch's event, instead of once per address."""
    event_ref = record_event(
        transaction,
        db,
        team,
        InviteChange(type=event_type, inviteId=invite_id, expiresAt=expires_at, batchId=batch_id),
        actor=caller,
        at=sent_at,
        subject_email=email,
        role=role,
    )
    issue_token(
        transaction,
        db,
        team_id=team.id,
        invite_id=invite_id,
        email=email,
        expires_at=expires_at,
        event_ref=event_ref,
        sent_at=sent_at,
    )


def member_emails(
    transaction: Transaction, db: Client, team_id: str, emails: list[str]
) -> set[str]:
    """Which of `emails` already belong to members of the team (one query per 30 addresses)."""
    found: set[str] = set()
    for start in range(0, len(emails), IN_FILTER_LIMIT):
        chunk = emails[start : start + IN_FILTER_LIMIT]
        query = paths.members(db, team_id).where(filter=FieldFilter("email", "in", chunk))
        found.update(snapshot.get("email") for snapshot in transaction.query(query))
    return found
