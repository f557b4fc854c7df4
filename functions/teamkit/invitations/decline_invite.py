"""Decline an invite: it is closed and its seat freed; the team's admins are told."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import Invite, InviteStatus
from teamkit.event_types import EventType
from teamkit.events import InviteChange, record_event
from teamkit.invitations.lookup import InviteAddress, read_answerable_invite
from teamkit.membership.core import count_invites
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


def decline_invite(
    db: Client, caller: Caller, address: InviteAddress, *, now: datetime | None = None
) -> None:
    """Mark the caller's pending invite declined."""
    now = now or utcnow()

    def decline(transaction: Transaction) -> None:
        answered = read_answerable_invite(transaction, db, caller, address, now=now)
        invite, team = answered.invite, answered.team
        closed = Invite.answered(InviteStatus.DECLINED, now, caller.uid)
        transaction.update(paths.invite(db, team.id, invite.id), closed)
        count_invites(transaction, db, team, -1, now)
        record_event(
            transaction,
            db,
            team,
            InviteChange(type=EventType.INVITE_DECLINED, inviteId=invite.id),
            actor=caller,
            at=now,
            subject_uid=caller.uid,
            subject_email=invite.email,
            role=invite.role,
        )

    run_in_transaction(db, decline)
