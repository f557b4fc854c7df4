"""Typed views of the team, member and invite documents, and the updates that change them.

Documents are read into frozen dataclasses, and written (whole, or as the update of one change:
the team's counters, an invite's answer) by their methods, so field names are spelled once, here,
and the counters move only together with the documents they count.
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
    LINK = "link"  # an invite link (the event names which: `linkId`)
    DOMAIN = "domain"  # verified-domain join, `domainJoin: auto`
    REQUEST = "request"  # a join request an owner or admin approved


class DomainJoin(StrEnum):
    """What a user whose verified email is at one of a team's `allowedDomains` may do."""

    OFF = "off"  # nothing: the team is not listed
    REQUEST = "request"  # file a join request for owners and admins to approve
    AUTO = "auto"  # join at once, as `member`


class ProofMethod(StrEnum):
    """How a team proved that it speaks for a domain (docs/joining.md)."""

    ADDRESS = "address"  # the acting owner or admin holds a verified address there
    DNS = "dns"  # the domain publishes the team's `teamkit-verification=<token>` TXT record


@dataclass(frozen=True)
class DomainProof:
    """`teams/{teamId}.domainProofs[domain]`: who proved the domain for the team, when, how."""

    method: ProofMethod
    proven_by: str
    proven_at: datetime

    @classmethod
    def from_document(cls, data: dict[str, Any]) -> DomainProof:
        return cls(ProofMethod(data["method"]), data["provenBy"], data["provenAt"])

    def to_document(self) -> dict[str, Any]:
        return {"method": self.method.value, "provenBy": self.proven_by, "provenAt": self.proven_at}


class LinkStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


class JoinRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DENIED = "denied"
    EXPIRED = "expired"


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
    domain_join: DomainJoin = DomainJoin.OFF
    domain_proofs: dict[str, DomainProof] = field(default_factory=dict)

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
            domain_join=DomainJoin(data.get("domainJoin") or DomainJoin.OFF),
            domain_proofs={
                domain: DomainProof.from_document(proof)
                for domain, proof in (data.get("domainProofs") or {}).items()
            },
        )

    def counters(
        self, now: datetime, *, members: int = 0, owners: int = 0, pending_invites: int = 0
    ) -> dict[str, Any]:
        """The team's update for a change of `members`, `owners` and `pending_invites` (each a
        difference, usually -1, 0 or 1): what keeps `memberCount`, `ownerCount` and
        `pendingInviteCount` equal to the documents they count."""
        return {
            "memberCount": self.member_count + members,
            "ownerCount": self.owner_count + owners,
            "pendingInviteCount": self.pending_invite_count + pending_invites,
            "updatedAt": now,
        }

    def touched(self, now: datetime) -> dict[str, Any]:
        """The team's update for a change that moves no counter (a link made, a request filed):
        written all the same, so that the change conflicts with every concurrent change of the
        team (`events.record_event`)."""
        return {"updatedAt": now}

    def deletion(self, by: str, now: datetime, *, emptied: bool = False) -> dict[str, Any]:
        """The team's update when `by` deletes it: its pending invites go (revoked after the
        commit), and so do its members when the last one left (`emptied`)."""
        gone = {"memberCount": 0, "ownerCount": 0} if emptied else {}
        deleted = {"status": TeamStatus.DELETED.value, "deletedAt": now, "deletedBy": by}
        return {**gone, **deleted, "pendingInviteCount": 0, "updatedAt": now}

    @property
    def join_domains(self) -> tuple[str, ...]:
        """The domains whose verified users may join (or ask to) now: allowed and proven, while
        domain join is on. An allowed domain without a proof only restricts whom one may
        invite; the proof is what stops any team from claiming anyone's domain."""
        if not self.active or self.domain_join is DomainJoin.OFF:
            return ()
        return tuple(domain for domain in self.allowed_domains if domain in self.domain_proofs)

    def joinable_by(self, email: str | None, *, verified: bool) -> bool:
        """Whether a user with this email may join (or ask to) by its domain: the address
        verified and at one of `join_domains`."""
        if not (verified and email):
            return False
        return email.rpartition("@")[2] in self.join_domains

    def domain_settings(self) -> dict[str, Any]:
        """The update of the fields that follow from the domain settings and proofs:
        `domainProofs`, and `joinDomains`, the one field `listJoinableTeams` queries (a team
        without it, such as one that opened domain join before proofs existed, is listed
        nowhere)."""
        return {
            "domainProofs": {
                domain: proof.to_document() for domain, proof in self.domain_proofs.items()
            },
            "joinDomains": list(self.join_domains),
        }

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
            "domainJoin": self.domain_join.value,
            **self.domain_settings(),
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
    created_by_name: str | None = None

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
            created_by_name=data.get("createdByName"),
        )

    def to_document(self) -> dict[str, Any]:
        return {
            "teamId": self.team_id,
            "teamName": self.team_name,
            "email": self.email,
            "role": self.role.value,
            "status": self.status.value,
            "createdAt": self.created_at,
            "createdBy": self.created_by,
            "createdByName": self.created_by_name,
            "expiresAt": self.expires_at,
            "sendCount": self.send_count,
            "lastSentAt": self.last_sent_at,
            "firstName": self.first_name,
            "lastName": self.last_name,
        }

    def resent(self, expires_at: datetime, now: datetime) -> dict[str, Any]:
        """The update that sends the invite again: pending (again) until `expires_at`."""
        return {
            "status": InviteStatus.PENDING.value,
            "expiresAt": expires_at,
            "sendCount": self.send_count + 1,
            "lastSentAt": now,
        }

    @staticmethod
    def answered(status: InviteStatus, now: datetime, by: str | None = None) -> dict[str, Any]:
        """The update that closes a pending invite: `acceptedAt`/`acceptedBy`, `revokedAt`, ...
        (no `...By` when nobody did it: the expiry sweep, a deleted team)."""
        return {
            "status": status.value,
            f"{status.value}At": now,
            **({f"{status.value}By": by} if by else {}),
        }

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at <= now


@dataclass(frozen=True)
class InviteLink:
    """`teams/{teamId}/links/{linkId}`: a link anyone holding its token may join by, as `role`,
    until it expires, is revoked or has been used `max_uses` times, and only while its creator
    may still grant `role` (`created_by_super_admin`: their power came from the platform
    operator claim, not from a membership; docs/joining.md)."""

    id: str
    team_id: str
    role: Role
    label: str
    status: LinkStatus
    expires_at: datetime
    max_uses: int | None = None
    uses: int = 0
    created_at: datetime | None = None
    created_by: str | None = None
    created_by_name: str | None = None
    created_by_super_admin: bool = False

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot) -> InviteLink:
        data = snapshot.to_dict() or {}
        return cls(
            id=snapshot.id,
            team_id=data["teamId"],
            role=Role(data["role"]),
            label=data.get("label") or "",
            status=LinkStatus(data["status"]),
            expires_at=data["expiresAt"],
            max_uses=data.get("maxUses"),
            uses=data.get("uses", 0),
            created_at=data.get("createdAt"),
            created_by=data.get("createdBy"),
            created_by_name=data.get("createdByName"),
            created_by_super_admin=data.get("createdBySuperAdmin") is True,
        )

    def to_document(self) -> dict[str, Any]:
        return {
            "teamId": self.team_id,
            "role": self.role.value,
            "label": self.label,
            "status": self.status.value,
            "expiresAt": self.expires_at,
            "maxUses": self.max_uses,
            "uses": self.uses,
            "createdAt": self.created_at,
            "createdBy": self.created_by,
            "createdByName": self.created_by_name,
            "createdBySuperAdmin": self.created_by_super_admin,
        }

    def revoked(self, now: datetime, by: str) -> dict[str, Any]:
        """The update that revokes the link."""
        return {"status": LinkStatus.REVOKED.value, "revokedAt": now, "revokedBy": by}

    @property
    def used_up(self) -> bool:
        return self.max_uses is not None and self.uses >= self.max_uses

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at <= now

    def to_json(self) -> dict[str, Any]:
        return {"linkId": self.id, **self.to_document()}


@dataclass(frozen=True)
class RemovalBlock:
    """`teams/{teamId}/blocks/{uid}` (server only): an owner or admin removed `uid`, so the
    standing offers (links, domain join) no longer admit them; an invite they accept, or being
    added or approved again, lifts it."""

    uid: str
    team_id: str
    blocked_at: datetime
    blocked_by: str

    def to_document(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "teamId": self.team_id,
            "blockedAt": self.blocked_at,
            "blockedBy": self.blocked_by,
        }


@dataclass(frozen=True)
class JoinRequest:
    """`teams/{teamId}/joinRequests/{uid}`: a user asking to join by their verified domain."""

    uid: str
    team_id: str
    email: str
    display_name: str | None
    status: JoinRequestStatus
    created_at: datetime
    expires_at: datetime
    answered_at: datetime | None = None
    answered_by: str | None = None

    @classmethod
    def from_snapshot(cls, snapshot: DocumentSnapshot) -> JoinRequest:
        data = snapshot.to_dict() or {}
        return cls(
            uid=snapshot.id,
            team_id=data["teamId"],
            email=data["email"],
            display_name=data.get("displayName"),
            status=JoinRequestStatus(data["status"]),
            created_at=data["createdAt"],
            expires_at=data["expiresAt"],
            answered_at=data.get("answeredAt"),
            answered_by=data.get("answeredBy"),
        )

    def to_document(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "teamId": self.team_id,
            "email": self.email,
            "displayName": self.display_name,
            "status": self.status.value,
            "createdAt": self.created_at,
            "expiresAt": self.expires_at,
            "answeredAt": self.answered_at,
            "answeredBy": self.answered_by,
        }

    def is_open(self, now: datetime) -> bool:
        """Pending and not yet past its expiry (the sweep may not have reached it)."""
        return self.status is JoinRequestStatus.PENDING and self.expires_at > now


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
