"""Typed views of the team, member and invite documents, and the helpers that read them inside
a transaction.

Documents are written as plain dicts (`*_document` functions) and read back into frozen
dataclasses, so field names are spelled once, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from teamkit.errors import TeamDeleted, TeamNotFound
from teamkit.roles import Role

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentSnapshot


class TeamStatus(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"


class InviteStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Via(StrEnum):
    """How a member joined."""

    CREATOR = "creator"
    INVITE = "invite"
    DIRECT = "direct"


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    status: TeamStatus
    member_count: int
    owner_count: int
    pending_invite_count: int
    seat_limit: int | None
    allowed_domains: tuple[str, ...]
    billing: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    created_by: str | None = None

    @property
    def active(self) -> bool:
        return self.status is TeamStatus.ACTIVE

    @property
    def seats_used(self) -> int:
        """Members plus pending invites: what `seatLimit` bounds."""
        return self.member_count + self.pending_invite_count

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot) -> Team:
        data = snapshot.to_dict() or {}
        return cls(
            id=snapshot.id,
            name=data.get("name", ""),
            status=TeamStatus(data.get("status", TeamStatus.ACTIVE)),
            member_count=data.get("memberCount", 0),
            owner_count=data.get("ownerCount", 0),
            pending_invite_count=data.get("pendingInviteCount", 0),
            seat_limit=data.get("seatLimit"),
            allowed_domains=tuple(data.get("allowedDomains") or ()),
            billing=data.get("billing") or {},
            created_at=data.get("createdAt"),
            created_by=data.get("createdBy"),
        )

    def to_document(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status.value,
            "createdAt": self.created_at,
            "createdBy": self.created_by,
            "memberCount": self.member_count,
            "ownerCount": self.owner_count,
            "pendingInviteCount": self.pending_invite_count,
            "seatLimit": self.seat_limit,
            "allowedDomains": list(self.allowed_domains),
            "billing": self.billing,
        }

    def to_json(self) -> dict[str, Any]:
        """What the HTTP functions answer: the document without billing (owners read that
        through getBillingOverview)."""
        document = self.to_document()
        del document["billing"]
        return {"teamId": self.id, **document}


@dataclass(frozen=True)
class Member:
    uid: str
    team_id: str
    email: str | None
    display_name: str | None
    role: Role
    joined_at: datetime | None = None
    added_by: str | None = None
    via: Via = Via.DIRECT

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot) -> Member:
        data = snapshot.to_dict() or {}
        return cls(
            uid=snapshot.id,
            team_id=data.get("teamId", ""),
            email=data.get("email"),
            display_name=data.get("displayName"),
            role=Role(data["role"]),
            joined_at=data.get("joinedAt"),
            added_by=data.get("addedBy"),
            via=Via(data.get("via", Via.DIRECT)),
        )

    def to_document(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "teamId": self.team_id,
            "email": self.email,
            "displayName": self.display_name,
            "role": self.role.value,
            "joinedAt": self.joined_at,
            "addedBy": self.added_by,
            "via": self.via.value,
        }

    def to_json(self) -> dict[str, Any]:
        return self.to_document()


@dataclass(frozen=True)
class Invite:
    id: str
    team_id: str
    team_name: str
    email: str
    role: Role
    status: InviteStatus
    expires_at: datetime
    created_at: datetime | None = None
    created_by: str | None = None
    send_count: int = 1
    last_sent_at: datetime | None = None
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot) -> Invite:
        data = snapshot.to_dict() or {}
        return cls(
            id=snapshot.id,
            team_id=data["teamId"],
            team_name=data.get("teamName", ""),
            email=data["email"],
            role=Role(data["role"]),
            status=InviteStatus(data["status"]),
            expires_at=data["expiresAt"],
            created_at=data.get("createdAt"),
            created_by=data.get("createdBy"),
            send_count=data.get("sendCount", 1),
            last_sent_at=data.get("lastSentAt"),
            first_name=data.get("firstName"),
            last_name=data.get("lastName"),
        )

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at <= now


def team_from(snapshot: DocumentSnapshot, *, insider: bool) -> Team:
    """The active team the snapshot holds. Otherwise `TeamDeleted` for an `insider` (a member,
    or a superAdmin) of a deleted team, and `TeamNotFound` for everyone else: the answer an
    outsider gets for a team they are not in."""
    team = Team.from_snapshot(snapshot) if snapshot.exists else None
    if team is not None and team.active:
        return team
    if team is not None and insider:
        raise TeamDeleted(f"The team {team.name!r} has been deleted.")
    raise TeamNotFound()


def member_from(snapshot: DocumentSnapshot) -> Member | None:
    return Member.from_snapshot(snapshot) if snapshot.exists else None
