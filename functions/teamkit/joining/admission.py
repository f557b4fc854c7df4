"""What every way of joining without an email invite shares: the documents to read for the
newcomer, and the writes that make them a member (counters, a pending invite, the profile).

An invite to the same address that is still pending becomes redundant when its invitee joins
another way: it is revoked and its seat passes to the member, as `addExistingMember` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from teamkit import paths
from teamkit.billing.entitlements import check_free_seats
from teamkit.invitations.tokens import invite_id_for
from teamkit.profiles import join_profile, profile_ref
from teamkit.records import Invite, InviteStatus, Member, Team, Via
from teamkit.roles import Role
from teamkit.seats import check_seats

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class Newcomer:
    """The user joining: who they are and the address their membership records."""

    uid: str
    email: str | None
    display_name: str | None

    @classmethod
    def of(cls, caller: Caller) -> Newcomer:
        return cls(caller.uid, caller.email, caller.display_name)


def admission_refs(db: Client, team_id: str, newcomer: Newcomer) -> list[DocumentReference]:
    """The documents `admit` needs read (in the caller's one round trip)."""
    refs = [paths.member(db, team_id, newcomer.uid), profile_ref(db, newcomer.uid)]
    if newcomer.email:
        refs.append(paths.invite(db, team_id, invite_id_for(newcomer.email)))
    return refs


def membership_of(
    db: Client, team_id: str, uid: str, snapshots: dict[str, DocumentSnapshot]
) -> Member | None:
    snapshot = snapshots[paths.member(db, team_id, uid).path]
    return Member.from_snapshot(snapshot) if snapshot.exists else None


def admit(
    transaction: Transaction,
    db: Client,
    team: Team,
    newcomer: Newcomer,
    snapshots: dict[str, DocumentSnapshot],
    *,
    role: Role,
    via: Via,
    added_by: str | None,
    now: datetime,
    free_seats: int,
    team_changes: dict[str, Any] | None = None,
) -> Member:
    """Check the seats (`free_seats`: `Settings.free_seats`) and write the membership; the
    caller records the event. Refuses with `SeatLimitReached` or `SubscriptionLapsed` before
    writing anything."""
    invite_ref = (
        paths.invite(db, team.id, invite_id_for(newcomer.email)) if newcomer.email else None
    )
    invite = snapshots.get(invite_ref.path) if invite_ref else None
    pending = (
        invite is not None
        and invite.exists
        and Invite.from_snapshot(invite).status is InviteStatus.PENDING
    )
    check_seats(team, 0 if pending else 1)
    check_free_seats(team, 0 if pending else 1, free_seats=free_seats)
    member = Member(
        uid=newcomer.uid,
        team_id=team.id,
        email=newcomer.email,
        display_name=newcomer.display_name,
        role=role,
        joined_at=now,
        added_by=added_by,
        via=via,
    )
    transaction.create(paths.member(db, team.id, newcomer.uid), member.to_document())
    transaction.update(
        paths.team(db, team.id),
        {
            "memberCount": team.member_count + 1,
            "ownerCount": team.owner_count + (role is Role.OWNER),
            "pendingInviteCount": team.pending_invite_count - pending,
            "updatedAt": now,
            **(team_changes or {}),
        },
    )
    if pending and invite_ref is not None:
        transaction.update(
            invite_ref,
            {
                "status": InviteStatus.REVOKED.value,
                "revokedAt": now,
                "revokedBy": newcomer.uid,
            },
        )
    join_profile(
        transaction,
        snapshots[profile_ref(db, newcomer.uid).path],
        email=newcomer.email,
        display_name=newcomer.display_name,
        team_id=team.id,
        now=now,
    )
    return member
