"""Invite people by email, one or up to 100 at once (owners any role, admins roles below owner).

The bulk form answers per address, in order; all the invites it can send are written in one
transaction, so the seat limit holds across the whole batch and across concurrent calls. When it
sends more than one, it also records one `members_invited` event for the batch: owners and
admins get one notification ("Bob invited 100 people to Acme") from it, while each invite's own
`member_invited` event (flagged with the batch's id) still mails its invitee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.documents import Invite, InviteStatus
from teamkit.emails import check_domain_allowed, normalise_email
from teamkit.errors import (
    AlreadyInvited,
    AlreadyMember,
    InvalidArgument,
    PermissionDenied,
    TeamsError,
)
from teamkit.event_types import EventType
from teamkit.events import MembersInvited, record_event
from teamkit.invitations.sending import member_emails, send_invite
from teamkit.mail.limits import limit_ref, read_counts
from teamkit.membership.core import check_seats, count_invites
from teamkit.roles import Action, Role, can_grant
from teamkit.tokens import invite_id_for
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

MAX_INVITES_PER_CALL = 100


@dataclass(frozen=True)
class InviteRequest:
    email: str
    role: Role = Role.MEMBER
    first_name: str | None = None
    last_name: str | None = None


@dataclass(frozen=True)
class InviteSent:
    invite_id: str
    email: str
    role: Role
    expires_at: datetime


InviteOutcome = InviteSent | TeamsError


def invite_member(
    db: Client,
    caller: Caller,
    team_id: str,
    request: InviteRequest,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> InviteSent:
    """Invite one address; its error, if any, is raised."""
    (outcome,) = invite_members(db, caller, team_id, [request], settings=settings, now=now)
    if isinstance(outcome, TeamsError):
        raise outcome
    return outcome


def invite_members(
    db: Client,
    caller: Caller,
    team_id: str,
    requests: list[InviteRequest],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> list[InviteOutcome]:
    """Invite every address that may be invited; one outcome per request, in order.

    Errors that concern the whole call (no such team, not allowed to invite) are raised.
    """
    if len(requests) > MAX_INVITES_PER_CALL:
        raise InvalidArgument(f"Send at most {MAX_INVITES_PER_CALL} invites per call.")
    now = now or utcnow()
    expires_at = now + settings.invite_ttl
    emails: list[str | TeamsError] = [_normalise(request.email) for request in requests]
    valid = sorted({email for email in emails if isinstance(email, str)})

    def invite(transaction: Transaction) -> list[InviteOutcome]:
        invite_refs = {email: paths.invite(db, team_id, invite_id_for(email)) for email in valid}
        limit_refs = [limit_ref(db, team_id, email) for email in valid]
        access, snapshots = load_access(
            transaction, db, caller, team_id, *invite_refs.values(), *limit_refs
        )
        actor = access.check(Action.INVITE)
        team = access.team
        members = member_emails(transaction, db, team_id, valid)
        outcomes: list[InviteOutcome] = []
        planned: list[tuple[InviteRequest, InviteSent]] = []
        for request, email in zip(requests, emails, strict=True):
            if isinstance(email, TeamsError):
                outcomes.append(email)
                continue
            snapshot = snapshots[invite_refs[email].path]
            existing = Invite.from_snapshot(snapshot) if snapshot.exists else None
            try:
                _check_invitable(
                    actor,
                    role=request.role,
                    email=email,
                    allowed_domains=team.allowed_domains,
                    members=members,
                    existing=existing,
                    already_planned=any(sent.email == email for _, sent in planned),
                )
                check_seats(team, len(planned) + 1, free_seats=settings.free_seats)
                counts = read_counts(snapshots, db, team_id, email)
                counts.check_invite(now, settings)  # also after a revoke, decline or expiry
            except TeamsError as error:
                outcomes.append(error)
                continue
            counts.record_invite(transaction, now)
            sent = InviteSent(invite_refs[email].id, email, request.role, expires_at)
            planned.append((request, sent))
            outcomes.append(sent)

        batch_id = None
        if len(planned) > 1:
            batch_id = record_event(
                transaction,
                db,
                team,
                MembersInvited(
                    count=len(planned),
                    roles=sorted({sent.role for _, sent in planned}),
                    expiresAt=expires_at,
                ),
                actor=caller,
                at=now,
            ).id
        for request, sent in planned:
            new_invite = Invite(
                id=sent.invite_id,
                team_id=team_id,
                team_name=team.name,
                email=sent.email,
                role=sent.role,
                status=InviteStatus.PENDING,
                expires_at=expires_at,
                created_at=now,
                created_by=caller.uid,
                created_by_name=caller.display_name,  # never the address: previews show it
                last_sent_at=now,
                first_name=request.first_name,
                last_name=request.last_name,
            )
            transaction.set(invite_refs[sent.email], new_invite.to_document())
            send_invite(
                transaction,
                db,
                caller,
                team,
                EventType.MEMBER_INVITED,
                invite_id=sent.invite_id,
                email=sent.email,
                role=sent.role,
                expires_at=expires_at,
                sent_at=now,
                batch_id=batch_id,
            )
        if planned:
            count_invites(transaction, db, team, len(planned), now)
        return outcomes

    return run_in_transaction(db, invite)


def _normalise(raw: str) -> str | TeamsError:
    try:
        return normalise_email(raw)
    except TeamsError as error:
        return error


def _check_invitable(
    actor: Role,
    *,
    role: Role,
    email: str,
    allowed_domains: tuple[str, ...],
    members: set[str],
    existing: Invite | None,
    already_planned: bool,
) -> None:
    if not can_grant(actor, role):
        raise PermissionDenied(f"A team {actor.value} may not invite someone as {role.value}.")
    check_domain_allowed(email, allowed_domains)
    if email in members:
        raise AlreadyMember(f"{email} is already a member of this team.")
    if already_planned or (existing is not None and existing.status is InviteStatus.PENDING):
        raise AlreadyInvited(f"{email} has already been invited; use resendInvite to send again.")
