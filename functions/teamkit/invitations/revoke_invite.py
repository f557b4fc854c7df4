"""Revoke a pending invite: its link stops working and its seat is freed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.documents import Invite, InviteStatus
from teamkit.errors import PermissionDenied, invite_not_pending
from teamkit.event_types import EventType
from teamkit.events import InviteChange, record_event
from teamkit.invitations.lookup import invite_in_team
from teamkit.membership.core import count_invites
from teamkit.roles import Action, can_grant
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


def revoke_invite(
    db: Client, caller: Caller, team_id: str, invite_id: str, *, now: datetime | None = None
) -> None:
    """Mark the invite revoked (owners any invite, admins invites below owner)."""
    now = now or utcnow()
    invite_ref = paths.invite(db, team_id, invite_id)

    def revoke(transaction: Transaction) -> None:
        access, snapshots = load_access(transaction, db, caller, team_id, invite_ref)
        actor = access.check(Action.INVITE)
        invite = invite_in_team(snapshots[invite_ref.path])
        if not can_grant(actor, invite.role):
            raise PermissionDenied(
                f"A team {actor.value} may not revoke an invite as {invite.role.value}."
            )
        if invite.status is not InviteStatus.PENDING:
            raise invite_not_pending(
                invite.status.value, f"The invite is already {invite.status.value}."
            )
        transaction.update(invite_ref, Invite.answered(InviteStatus.REVOKED, now, caller.uid))
        count_invites(transaction, db, access.team, -1, now)
        record_event(
            transaction,
            db,
            access.team,
            InviteChange(type=EventType.INVITE_REVOKED, inviteId=invite_id),
            actor=caller,
            at=now,
            subject_email=invite.email,
            role=invite.role,
        )

    run_in_transaction(db, revoke)
