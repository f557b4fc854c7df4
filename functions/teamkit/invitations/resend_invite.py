"""Send an invite again: a new token and a new expiry; the old link stops working.

Sends count against the invitation limits of the address in the team (`teamkit.mail.limits`:
one a minute, five a day, whatever sent them). An expired invite may be resent, which makes it
pending again (and takes a seat).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.documents import InviteStatus
from teamkit.emails import check_domain_allowed, normalise_email
from teamkit.errors import InvalidArgument, PermissionDenied, invite_not_pending
from teamkit.event_types import EventType
from teamkit.invitations.invite_members import InviteSent
from teamkit.invitations.lookup import invite_in_team
from teamkit.invitations.sending import send_invite
from teamkit.mail.limits import MailCounts, limit_ref
from teamkit.membership.core import check_seats, count_invites
from teamkit.roles import Action, can_grant
from teamkit.tokens import invite_id_for
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

RESENDABLE = frozenset({InviteStatus.PENDING, InviteStatus.EXPIRED})


def resend_invite(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    invite_id: str | None = None,
    email: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> InviteSent:
    """Resend the invite named by id or by address."""
    if invite_id is None:
        if email is None:
            raise InvalidArgument("Send the inviteId or the email of the invite.")
        invite_id = invite_id_for(normalise_email(email))
    now = now or utcnow()
    expires_at = now + settings.invite_ttl
    invite_ref = paths.invite(db, team_id, invite_id)

    def resend(transaction: Transaction) -> InviteSent:
        access, snapshots = load_access(transaction, db, caller, team_id, invite_ref)
        actor = access.check(Action.INVITE)
        invite = invite_in_team(snapshots[invite_ref.path])
        counts_ref = limit_ref(db, team_id, invite.email)
        counts = MailCounts.from_snapshot(transaction.get(counts_ref), team_id, invite.email)
        if not can_grant(actor, invite.role):
            raise PermissionDenied(
                f"A team {actor.value} may not resend an invite as {invite.role.value}."
            )
        if invite.status not in RESENDABLE:
            raise invite_not_pending(
                invite.status.value,
                f"The invite was {invite.status.value}; invite them again instead.",
            )
        counts.check_invite(now, settings)
        check_domain_allowed(invite.email, access.team.allowed_domains)
        revived = invite.status is InviteStatus.EXPIRED
        if revived:
            check_seats(access.team, 1, free_seats=settings.free_seats)
        transaction.update(invite_ref, invite.resent(expires_at, now))
        counts.record_invite(transaction, now)
        count_invites(transaction, db, access.team, int(revived), now)
        send_invite(
            transaction,
            db,
            caller,
            access.team,
            EventType.INVITE_RESENT,
            invite_id=invite_id,
            email=invite.email,
            role=invite.role,
            expires_at=expires_at,
            sent_at=now,
        )
        return InviteSent(invite_id, invite.email, invite.role, expires_at)

    return run_in_transaction(db, resend)
