"""Expire what is overdue (the `expireInvites` schedule): pending invites past `expiresAt` become
`expired`, join requests older than 30 days expire (`teamkit.joining.join_requests`), and what
outlived its use is deleted: invite tokens past their expiry, event secrets whose mail can no
longer matter (their token has expired too) and the tokens of expired invite links.

Each invite is expired in its own transaction, re-checked there, with its team's
`pendingInviteCount` and an `invite_expired` event, so the sweep can race an accept, a resend
or a second run of itself and counters still match. Acceptance checks `expiresAt` itself, so an
invite the sweep has not reached yet is refused all the same; the sweep keeps states, counters
and seats honest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import Invite, InviteStatus, Team
from teamkit.event_types import EventType
from teamkit.events import InviteChange, record_event
from teamkit.membership.core import count_invites

if TYPE_CHECKING:
    from google.cloud.firestore import Client, CollectionReference, DocumentReference

    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)

INVITE_LIMIT = 500
DELETE_PAGE = 400
MAX_DELETE_PAGES = 25


@dataclass(frozen=True)
class ExpirySweep:
    expired: int
    tokens_deleted: int
    secrets_deleted: int
    join_requests_expired: int = 0
    link_tokens_deleted: int = 0


def expire_overdue(
    db: Client, *, now: datetime | None = None, limit: int = INVITE_LIMIT
) -> ExpirySweep:
    """Expire up to `limit` overdue pending invites and as many join requests; delete expired
    tokens and secrets."""
    from google.cloud.firestore import FieldFilter

    from teamkit.joining.join_requests import expire_join_requests

    now = now or utcnow()
    overdue = (
        db.collection_group(paths.INVITES)
        .where(filter=FieldFilter("status", "==", InviteStatus.PENDING.value))
        .where(filter=FieldFilter("expiresAt", "<=", now))
        .limit(limit)
    )
    refs = [snapshot.reference for snapshot in overdue.select([]).stream()]
    expired = sum(expire_invite(db, ref, now=now) for ref in refs)
    sweep = ExpirySweep(
        expired=expired,
        tokens_deleted=_delete_expired(db, paths.invite_tokens(db), now),
        secrets_deleted=_delete_expired(db, paths.event_secrets(db), now),
        join_requests_expired=expire_join_requests(db, now=now, limit=limit),
        link_tokens_deleted=_delete_expired(db, paths.link_tokens(db), now),
    )
    if any(vars(sweep).values()):
        logger.info("expiry sweep: %s", sweep)
    return sweep


def expire_invite(db: Client, invite_ref: DocumentReference, *, now: datetime) -> bool:
    """Mark one invite expired if it still is pending and overdue; whether it was."""
    from teamkit.transactions import run_in_transaction

    team_ref = invite_ref.parent.parent
    if team_ref is None:
        return False

    def expire(transaction: Transaction) -> bool:
        snapshots = transaction.get_all([invite_ref, team_ref])
        invite_snapshot = snapshots[invite_ref.path]
        if not invite_snapshot.exists:
            return False
        invite = Invite.from_snapshot(invite_snapshot)
        if invite.status is not InviteStatus.PENDING or not invite.is_expired(now):
            return False
        transaction.update(invite_ref, Invite.answered(InviteStatus.EXPIRED, now))
        team_snapshot = snapshots[team_ref.path]
        team = Team.from_snapshot(team_snapshot) if team_snapshot.exists else None
        if team is not None and team.active:
            count_invites(transaction, db, team, -1, now)
            record_event(
                transaction,
                db,
                team,
                InviteChange(
                    type=EventType.INVITE_EXPIRED,
                    inviteId=invite.id,
                    invitedBy=invite.created_by,
                    expiresAt=invite.expires_at,
                ),
                actor=None,
                at=now,
                subject_email=invite.email,
                role=invite.role,
            )
        return True

    expired = run_in_transaction(db, expire)
    if expired:
        logger.info("invite %s expired", invite_ref.path)
    return expired


def _delete_expired(db: Client, collection: CollectionReference, now: datetime) -> int:
    """Delete the documents of `collection` whose `expiresAt` has passed, page by page."""
    from google.cloud.firestore import FieldFilter

    deleted = 0
    for _ in range(MAX_DELETE_PAGES):
        query = collection.where(filter=FieldFilter("expiresAt", "<=", now)).limit(DELETE_PAGE)
        refs = [snapshot.reference for snapshot in query.select([]).stream()]
        if refs:
            batch = db.batch()
            for ref in refs:
                batch.delete(ref)
            batch.commit()
            deleted += len(refs)
        if len(refs) < DELETE_PAGE:
            break
    return deleted
