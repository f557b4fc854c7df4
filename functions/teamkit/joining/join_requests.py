"""Answering join requests (owners and admins): approve makes the requester a member, within
the seat limit as it is at approval; deny closes the request. Requests left pending expire
after 30 days (the `expireInvites` schedule). The requester is notified either way, through
the event (docs/notifications.md).

Approval admits the requester's account as it is now (looked up in Firebase Auth), not the
address captured when they asked: it may have changed, or stopped being verified, since.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.auth import find_account
from teamkit.batches import write_in_batches
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.documents import JoinRequest, JoinRequestStatus, Member, Team, Via
from teamkit.emails import check_domain_allowed
from teamkit.errors import AccountNotFound, EmailNotVerified, JoinRequestNotFound, PermissionDenied
from teamkit.event_types import EventType
from teamkit.events import JoinRequestChange, MemberJoined, Plain, record_event
from teamkit.membership.core import Admission, Newcomer, admission_refs, admit, membership_of
from teamkit.roles import Action, Role, can_grant
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

logger = logging.getLogger(__name__)

EXPIRY_LIMIT = 500
NO_REQUEST = "There is no pending join request from that user."
APPROVED = MemberJoined(type=EventType.JOIN_REQUEST_APPROVED, via=Via.REQUEST)


@dataclass(frozen=True)
class Approved:
    member: Member
    joined: bool  # False when the requester had become a member meanwhile (by link, say)


def approve_join_request(
    db: Client,
    caller: Caller,
    team_id: str,
    uid: str,
    *,
    role: Role = Role.MEMBER,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> Approved:
    """Make the requester a member as `role` (a role the approver may grant), with their
    current verified address (none if it is no longer verified; refused then when the team
    allows only some domains)."""
    now = now or utcnow()
    request_ref = paths.join_request(db, team_id, uid)
    member_ref = paths.member(db, team_id, uid)
    try:
        account = find_account(uid=uid)
    except AccountNotFound:
        account = None  # deleted: deleteAccount deletes its requests too (or is about to)

    def approve(transaction: Transaction) -> Approved:
        access, snapshots = load_access(transaction, db, caller, team_id, request_ref, member_ref)
        actor = access.check(Action.REVIEW_JOIN_REQUESTS)
        if not can_grant(actor, role):
            raise PermissionDenied(f"A team {actor.value} may not make someone {role.value}.")
        _open_request(snapshots[request_ref.path], now)
        if account is None:
            raise JoinRequestNotFound(NO_REQUEST)
        team = access.team
        newcomer = Newcomer.of(account)
        refs = [ref for ref in admission_refs(db, team_id, newcomer) if ref.path != member_ref.path]
        snapshots.update(transaction.get_all(refs))
        _close(transaction, request_ref, JoinRequestStatus.APPROVED, caller, now)
        existing = membership_of(db, team_id, uid, snapshots)
        if existing is None:
            _check_domain(newcomer.email, team.allowed_domains)
            admission = Admission(
                team, newcomer, role, Via.REQUEST, caller, now, settings.free_seats
            )
            member = admit(transaction, db, admission, snapshots)
        else:
            member = existing
            transaction.update(paths.team(db, team_id), team.touched(now))
            record_event(
                transaction,
                db,
                team,
                APPROVED,
                actor=caller,
                at=now,
                subject_uid=uid,
                subject_email=newcomer.email,
                role=member.role,
            )
        return Approved(member, joined=existing is None)

    return run_in_transaction(db, approve)


def deny_join_request(
    db: Client, caller: Caller, team_id: str, uid: str, *, now: datetime | None = None
) -> None:
    """Close the request without a membership; the requester may ask again a day later."""
    now = now or utcnow()
    request_ref = paths.join_request(db, team_id, uid)

    def deny(transaction: Transaction) -> None:
        access, snapshots = load_access(transaction, db, caller, team_id, request_ref)
        access.check(Action.REVIEW_JOIN_REQUESTS)
        request = _open_request(snapshots[request_ref.path], now)
        _close(transaction, request_ref, JoinRequestStatus.DENIED, caller, now)
        transaction.update(paths.team(db, team_id), access.team.touched(now))
        record_event(
            transaction,
            db,
            access.team,
            Plain(type=EventType.JOIN_REQUEST_DENIED),
            actor=caller,
            at=now,
            subject_uid=uid,
            subject_email=request.email,
        )

    run_in_transaction(db, deny)


def _check_domain(email: str | None, allowed_domains: tuple[str, ...]) -> None:
    """A team that allows only some domains admits only a verified address at one of them."""
    if allowed_domains and email is None:
        raise EmailNotVerified(
            "The requester's email address is no longer verified, and this team allows only "
            "some domains; they may verify it and ask again."
        )
    if email is not None:
        check_domain_allowed(email, allowed_domains)


def _open_request(snapshot: DocumentSnapshot, now: datetime) -> JoinRequest:
    if not snapshot.exists:
        raise JoinRequestNotFound(NO_REQUEST)
    request = JoinRequest.from_snapshot(snapshot)
    if not request.is_open(now):
        raise JoinRequestNotFound(NO_REQUEST)
    return request


def _close(
    transaction: Transaction,
    ref: DocumentReference,
    status: JoinRequestStatus,
    caller: Caller | None,
    now: datetime,
) -> None:
    transaction.update(
        ref,
        {
            "status": status.value,
            "answeredAt": now,
            "answeredBy": caller.uid if caller else None,
        },
    )


def delete_join_requests_of(db: Client, uid: str) -> int:
    """Delete every join request of a user (deleteAccount): an account that is gone must not
    be approved into a team later. Returns how many there were."""
    from google.cloud.firestore import FieldFilter

    query = db.collection_group(paths.JOIN_REQUESTS).where(filter=FieldFilter("uid", "==", uid))
    refs = [snapshot.reference for snapshot in query.select([]).stream()]
    return write_in_batches(db, refs, lambda batch, ref: batch.delete(ref))


def expire_join_requests(db: Client, *, now: datetime, limit: int = EXPIRY_LIMIT) -> int:
    """Expire up to `limit` pending requests past `expiresAt`, each in its own transaction
    with its event (re-checked there, so racing an approval is harmless); how many were."""
    from google.cloud.firestore import FieldFilter

    overdue = (
        db.collection_group(paths.JOIN_REQUESTS)
        .where(filter=FieldFilter("status", "==", JoinRequestStatus.PENDING.value))
        .where(filter=FieldFilter("expiresAt", "<=", now))
        .limit(limit)
    )
    refs = [snapshot.reference for snapshot in overdue.select([]).stream()]
    return sum(expire_join_request(db, ref, now=now) for ref in refs)


def expire_join_request(db: Client, request_ref: DocumentReference, *, now: datetime) -> bool:
    team_ref = request_ref.parent.parent
    if team_ref is None:
        return False

    def expire(transaction: Transaction) -> bool:
        snapshots = transaction.get_all([request_ref, team_ref])
        snapshot = snapshots[request_ref.path]
        if not snapshot.exists:
            return False
        request = JoinRequest.from_snapshot(snapshot)
        if request.status is not JoinRequestStatus.PENDING or request.expires_at > now:
            return False
        _close(transaction, request_ref, JoinRequestStatus.EXPIRED, None, now)
        team_snapshot = snapshots[team_ref.path]
        team = Team.from_snapshot(team_snapshot) if team_snapshot.exists else None
        if team is not None and team.active:
            transaction.update(team_ref, team.touched(now))
            record_event(
                transaction,
                db,
                team,
                JoinRequestChange(
                    type=EventType.JOIN_REQUEST_EXPIRED, expiresAt=request.expires_at
                ),
                actor=None,
                at=now,
                subject_uid=request.uid,
                subject_email=request.email,
            )
        return True

    expired = run_in_transaction(db, expire)
    if expired:
        logger.info("join request %s expired", request_ref.path)
    return expired
