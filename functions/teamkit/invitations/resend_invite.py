"""Send an invite again: a new token and a new expiry; the old link stops working.

At most once a minute and `resend_daily_limit` times in 24 hours per invite, the first send
included. An expired invite may be resent, which makes it pending again (and takes a seat).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.emails import check_domain_allowed, normalise_email
from teamkit.errors import (
    InvalidArgument,
    InviteNotFound,
    PermissionDenied,
    RateLimited,
    invite_not_pending,
)
from teamkit.events import EventType
from teamkit.invitations.invite_members import InviteSent
from teamkit.invitations.sending import send_invite
from teamkit.invitations.tokens import invite_id_for
from teamkit.records import Invite, InviteStatus
from teamkit.roles import Action, can_grant
from teamkit.seats import check_seats
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

DAY = timedelta(days=1)
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
        snapshot = snapshots[invite_ref.path]
        if not snapshot.exists:
            raise InviteNotFound("No such invite in this team.")
        invite = Invite.from_snapshot(snapshot)
        if not can_grant(actor, invite.role):
            raise PermissionDenied(
                f"A team {actor.value} may not resend an invite as {invite.role.value}."
            )
        if invite.status not in RESENDABLE:
            raise invite_not_pending(
                invite.status.value,
                f"The invite was {invite.status.value}; invite them again instead.",
            )
        recent = _check_rate(invite, now, settings)
        check_domain_allowed(invite.email, access.team.allowed_domains)
        revived = invite.status is InviteStatus.EXPIRED
        if revived:
            check_seats(access.team, 1)
        transaction.update(
            invite_ref,
            {
                "status": InviteStatus.PENDING.value,
                "expiresAt": expires_at,
                "sendCount": invite.send_count + 1,
                "lastSentAt": now,
                "recentSends": [*recent, now],
            },
        )
        if revived:
            transaction.update(
                paths.team(db, team_id),
                {"pendingInviteCount": access.team.pending_invite_count + 1, "updatedAt": now},
            )
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


def _check_rate(invite: Invite, now: datetime, settings: Settings) -> list[datetime]:
    """The sends of the last 24 hours, or `RateLimited` when another send now is too soon."""
    if invite.last_sent_at is not None and now - invite.last_sent_at < settings.resend_interval:
        wait = settings.resend_interval - (now - invite.last_sent_at)
        seconds = max(1, math.ceil(wait.total_seconds()))
        raise RateLimited(
            f"This invite was just sent; try again in {seconds} s.",
            details={"retryAfterSeconds": seconds},
        )
    recent = [sent for sent in invite.recent_sends if now - sent < DAY]
    if len(recent) >= settings.resend_daily_limit:
        retry = min(recent) + DAY - now
        raise RateLimited(
            f"This invite was sent {len(recent)} times in the last 24 hours, the most allowed.",
            details={"retryAfterSeconds": max(1, math.ceil(retry.total_seconds()))},
        )
    return recent
