"""Accept an invite: the caller joins the team with the invited role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import Via
from teamkit.emails import check_domain_allowed
from teamkit.errors import AlreadyMember
from teamkit.invitations.lookup import InviteAddress, read_answerable_invite
from teamkit.membership.core import Admission, Newcomer, admit
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
                paths.user(db, caller.uid),
                paths.removal_block(db, team_id, caller.uid),
            ],
        )
        invite, team = answered.invite, answered.team
        check_domain_allowed(invite.email, team.allowed_domains)
        if answered.snapshots[paths.member(db, team.id, caller.uid).path].exists:
            raise AlreadyMember("You are already a member of this team.")
        newcomer = Newcomer.accepting(caller, invite)
        admission = Admission(
            team, newcomer, invite.role, Via.INVITE, caller, now, accepting=invite
        )
        admit(transaction, db, admission, answered.snapshots)
        return InviteAccepted(team_id=team.id, role=invite.role)

    return run_in_transaction(db, accept)
