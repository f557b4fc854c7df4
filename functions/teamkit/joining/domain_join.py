"""Verified-domain join: a team with `domainJoin` `auto` or `request` lets a user whose
verified email is at one of its `allowedDomains` that the team has proven (`domain_proofs.py`)
join at once (as `member`), or ask to.

Which teams a user may join is answered by a function (`listJoinableTeams`) rather than the
rules, so that nobody can enumerate teams or their domains by querying Firestore. A team the
caller cannot join answers exactly like a team that does not exist, or any other team the
caller is not in (`TeamNotFound`).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from google.cloud.firestore import FieldFilter, Query
from google.cloud.firestore_v1.field_path import FieldPath

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS, Settings
from teamkit.documents import (
    DomainJoin,
    JoinRequest,
    JoinRequestStatus,
    Team,
    TeamStatus,
    Via,
)
from teamkit.emails import domain_of
from teamkit.errors import EmailNotVerified, InvalidArgument, RateLimited, TeamNotFound
from teamkit.event_types import EventType
from teamkit.events import JoinRequestChange, record_event
from teamkit.membership.core import Admission, Newcomer, admission_refs, admit, membership_of
from teamkit.ratelimit import Limit, count_request
from teamkit.roles import Role
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentSnapshot

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

PAGE_SIZE = 20
# Listing reads one query and, per team, two documents; like the other lookups it is counted
# per caller (teamkit/ratelimit.py), which also bounds how fast anyone can walk the pages.
LISTINGS = Limit("listJoinableTeams", requests=30, window=timedelta(minutes=10))
REQUEST_TTL = timedelta(days=30)
# After a denial, the same user may ask the same team again only this much later, so a
# denied requester cannot flood the team's owners and admins with notifications.
ASK_AGAIN_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class DomainJoinOutcome:
    """`joined` (a member now), `requested` (a request is pending) or `member` (already was)."""

    team_id: str
    status: str
    role: Role | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "teamId": self.team_id,
            "status": self.status,
            "role": self.role.value if self.role else None,
        }


def _verified_email(caller: Caller) -> str:
    if not caller.email or not caller.email_verified:
        raise EmailNotVerified(
            "Verify your email address to see and join the teams of your email domain."
        )
    return caller.email


@dataclass(frozen=True)
class JoinablePage:
    """One page of joinable teams, the ids of those the caller's pending request is for, and
    the cursor of the next page (None after the last)."""

    teams: list[Team]
    requested: set[str]
    next_cursor: str | None


@dataclass(frozen=True)
class _Position:
    """Where a page ended, in the listing's order (member count, then team id, both down, as
    the index orders its own last field), and for which domain: a cursor is opaque to clients
    and good for its own listing only."""

    domain: str
    member_count: int
    team_id: str

    def encode(self) -> str:
        raw = json.dumps([self.domain, self.member_count, self.team_id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str, domain: str) -> _Position:
        """The position `cursor` names, or `InvalidArgument` for anything that is not a cursor
        of this caller's listing."""
        try:
            raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            cursor_domain, member_count, team_id = raw
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
            raise InvalidArgument("cursor is not a cursor of listJoinableTeams.") from error
        valid = (
            cursor_domain == domain
            and type(member_count) is int
            and member_count >= 0
            and isinstance(team_id, str)
            and paths.is_document_id(team_id)
        )
        if not valid:
            raise InvalidArgument("cursor is not a cursor of listJoinableTeams.")
        return cls(domain, member_count, team_id)


def list_joinable_teams(
    db: Client,
    caller: Caller,
    *,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
) -> JoinablePage:
    """Active teams that proved the caller's verified domain and opened domain join there, the
    largest first (then by id), a page at a time (the caller's own teams are left out of the
    page, which may then be short; `next_cursor` says whether more follow)."""
    now = now or utcnow()
    domain = domain_of(_verified_email(caller))
    after = _Position.decode(cursor, domain) if cursor is not None else None
    count_request(db, LISTINGS, caller.uid, now=now)
    query = (
        paths.teams(db)
        .where(filter=FieldFilter("joinDomains", "array_contains", domain))
        .where(filter=FieldFilter("status", "==", TeamStatus.ACTIVE.value))
        .order_by("memberCount", direction=Query.DESCENDING)
        .order_by(FieldPath.document_id(), direction=Query.DESCENDING)
    )
    if after is not None:
        query = query.start_after({"memberCount": after.member_count, "__name__": after.team_id})
    teams = [Team.from_snapshot(snapshot) for snapshot in query.limit(page_size).stream()]
    if not teams:
        return JoinablePage([], set(), None)
    last = teams[-1]
    next_cursor = (
        _Position(domain, last.member_count, last.id).encode() if len(teams) == page_size else None
    )
    refs = [
        ref
        for team in teams
        for ref in (
            paths.member(db, team.id, caller.uid),
            paths.join_request(db, team.id, caller.uid),
        )
    ]
    snapshots: dict[str, DocumentSnapshot] = {s.reference.path: s for s in db.get_all(refs)}
    joinable: list[Team] = []
    requested: set[str] = set()
    for team in teams:
        if snapshots[paths.member(db, team.id, caller.uid).path].exists:
            continue
        joinable.append(team)
        request = snapshots[paths.join_request(db, team.id, caller.uid).path]
        if request.exists and JoinRequest.from_snapshot(request).is_open(now):
            requested.add(team.id)
    return JoinablePage(joinable, requested, next_cursor)


def join_team(
    db: Client,
    caller: Caller,
    team_id: str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> DomainJoinOutcome:
    """Join a team by verified domain (`auto`), or file a join request (`request`); both are
    no-ops when already done."""
    now = now or utcnow()
    _verified_email(caller)
    newcomer = Newcomer.of(caller)
    team_ref = paths.team(db, team_id)
    request_ref = paths.join_request(db, team_id, caller.uid)

    def join(transaction: Transaction) -> DomainJoinOutcome:
        snapshots = transaction.get_all(
            [team_ref, request_ref, *admission_refs(db, team_id, newcomer)]
        )
        team_snapshot = snapshots[team_ref.path]
        team = Team.from_snapshot(team_snapshot) if team_snapshot.exists else None
        if team is None or not team.joinable_by(caller.email, verified=caller.email_verified):
            raise TeamNotFound()  # the answer for any team the caller is not in
        existing = membership_of(db, team_id, caller.uid, snapshots)
        if existing is not None:
            return DomainJoinOutcome(team_id, "member", existing.role)
        request_snapshot = snapshots[request_ref.path]
        request = JoinRequest.from_snapshot(request_snapshot) if request_snapshot.exists else None
        if team.domain_join is DomainJoin.AUTO:
            admission = Admission(
                team, newcomer, Role.MEMBER, Via.DOMAIN, caller, now, settings.free_seats
            )
            admit(transaction, db, admission, snapshots)
            if request is not None and request.status is JoinRequestStatus.PENDING:
                transaction.update(
                    request_ref,
                    {"status": JoinRequestStatus.APPROVED.value, "answeredAt": now},
                )
            return DomainJoinOutcome(team_id, "joined", Role.MEMBER)
        if request is not None and request.is_open(now):
            return DomainJoinOutcome(team_id, "requested")
        _check_may_ask_again(request, now)
        filed = JoinRequest(
            uid=caller.uid,
            team_id=team_id,
            email=caller.email or "",
            display_name=caller.display_name,
            status=JoinRequestStatus.PENDING,
            created_at=now,
            expires_at=now + REQUEST_TTL,
        )
        transaction.set(request_ref, filed.to_document())
        transaction.update(team_ref, team.touched(now))
        record_event(
            transaction,
            db,
            team,
            JoinRequestChange(type=EventType.JOIN_REQUESTED, expiresAt=filed.expires_at),
            actor=caller,
            at=now,
            subject_uid=caller.uid,
            subject_email=caller.email,
            role=Role.MEMBER,
        )
        return DomainJoinOutcome(team_id, "requested")

    return run_in_transaction(db, join)


def _check_may_ask_again(request: JoinRequest | None, now: datetime) -> None:
    if request is None or request.status is not JoinRequestStatus.DENIED:
        return
    answered = request.answered_at or request.created_at
    wait = answered + ASK_AGAIN_AFTER - now
    if wait.total_seconds() > 0:
        seconds = int(wait.total_seconds()) + 1
        raise RateLimited(
            "Your last request to join this team was denied; you may ask again in "
            f"{seconds // 3600 + 1} hours at the earliest.",
            details={"retryAfterSeconds": seconds},
        )
