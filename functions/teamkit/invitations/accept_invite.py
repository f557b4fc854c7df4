"""Accept an invite: the caller joins the team with the invited role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.emails import check_domain_allowed
from teamkit.errors import AlreadyMember
from teamkit.events import EventType, record_event
from teamkit.invitations.lookup import InviteAddress, read_answerable_invite
from teamkit.profiles import join_profile, profile_ref
from teamkit.records import InviteStatus, Member, Via
from teamkit.roles import Role
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class InviteAccepted:
    team_id: str
    role: Role


def accept_invite(
    db: Client, caller: Caller, address: InviteAddress, *, now: datetime | None = None
) -> InviteAccepted:
    """Make the caller a member as the invite says, if it is theirs, pending and unexpired."""
    now = now or utcnow()

    def accept(transaction: Transaction) -> InviteAccepted:
        answered = read_answerable_invite(
            transaction,
            db,
            caller,
            address,
            now=now,
            others=lambda team_id: [
                paths.member(db, team_id, caller.uid),
                profile_ref(db, caller.uid),
            ],
        )
        invite, team = answered.invite, answered.team
        member_ref = paths.member(db, team.id, caller.uid)
        profile = answered.snapshots[profile_ref(db, caller.uid).path]
        check_domain_allowed(invite.email, team.allowed_domains)
        if answered.snapshots[member_ref.path].exists:
            raise AlreadyMember("You are already a member of this team.")

        member = Member(
            uid=caller.uid,
            team_id=team.id,
            email=caller.email,
            display_name=caller.display_name,
            role=invite.role,
            joined_at=now,
            added_by=invite.created_by,
            via=Via.INVITE,
        )
        transaction.create(member_ref, member.to_document())
        transaction.update(
            paths.team(db, team.id),
            {
                "memberCount": team.member_count + 1,
                "ownerCount": team.owner_count + (invite.role is Role.OWNER),
                "pendingInviteCount": team.pending_invite_count - 1,
                "updatedAt": now,
            },
        )
        transaction.update(
            paths.invite(db, team.id, invite.id),
            {"status": InviteStatus.ACCEPTED.value, "acceptedAt": now, "acceptedBy": caller.uid},
        )
        join_profile(
            transaction,
            profile,
            email=caller.email,
            display_name=caller.display_name,
            team_id=team.id,
            now=now,
        )
        record_event(
            transaction,
            db,
            team,
            EventType.INVITE_ACCEPTED,
            actor=caller,
            at=now,
            subject_uid=caller.uid,
            subject_email=caller.email,
            role=invite.role,
            inviteId=invite.id,
            invitedBy=invite.created_by,
        )
        return InviteAccepted(team_id=team.id, role=invite.role)

    return run_in_transaction(db, accept)
