"""Remove a member, or leave a team: owners remove anyone, admins non-owners, everyone themself;
the last owner can neither leave nor be removed.

Either way the departing member's invite links end with them (a link is a standing grant of its
creator). A removal also blocks the removed person from links and domain join
(`teams/{teamId}/blocks/{uid}`) until an owner or admin invites or adds them again; leaving
does not (docs/joining.md)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.errors import LastOwner, MemberNotFound, PermissionDenied
from teamkit.events import LinkEnd, MemberLeft, MemberRemoved, record_event
from teamkit.joining.links import active_links_of, end_links_of
from teamkit.profiles import leave_profile
from teamkit.records import Member, RemovalBlock
from teamkit.roles import Action, Role, can_remove
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


def leave_team(db: Client, caller: Caller, team_id: str, *, now: datetime | None = None) -> None:
    """The caller leaves the team."""
    remove_member(db, caller, team_id, caller.uid, now=now)


def remove_member(
    db: Client, caller: Caller, team_id: str, uid: str, *, now: datetime | None = None
) -> None:
    """Remove `uid` from the team (the caller's own uid: leave)."""
    now = now or utcnow()
    leaving = uid == caller.uid
    member_ref = paths.member(db, team_id, uid)
    target_profile_ref = paths.user(db, uid)

    def remove(transaction: Transaction) -> None:
        access, snapshots = load_access(
            transaction, db, caller, team_id, member_ref, target_profile_ref
        )
        actor = access.check(Action.READ_TEAM if leaving else Action.REMOVE_MEMBER)
        target_snapshot = snapshots[member_ref.path]
        if not target_snapshot.exists:
            raise MemberNotFound(
                "You are not a member of this team." if leaving else "No such member."
            )
        target = Member.from_snapshot(target_snapshot)
        if not can_remove(actor, target.role, is_self=leaving):
            raise PermissionDenied(f"A team {actor.value} may not remove a {target.role.value}.")
        team = access.team
        if target.role is Role.OWNER and team.owner_count <= 1:
            raise LastOwner(
                "You are the team's last owner; make someone else an owner or delete the team."
                if leaving
                else "That member is the team's last owner."
            )
        links = active_links_of(transaction, db, team_id, uid)
        transaction.delete(member_ref)
        owners = -(target.role is Role.OWNER)
        transaction.update(paths.team(db, team_id), team.counters(now, members=-1, owners=owners))
        leave_profile(transaction, snapshots[target_profile_ref.path], team_id)
        end_links_of(
            transaction,
            db,
            team,
            links,
            reason=LinkEnd.CREATOR_LEFT if leaving else LinkEnd.CREATOR_REMOVED,
            actor=caller,
            now=now,
        )
        if leaving:
            record_event(
                transaction,
                db,
                team,
                MemberLeft(),
                actor=caller,
                at=now,
                subject_uid=uid,
                subject_email=target.email,
                role=target.role,
            )
            return
        block = RemovalBlock(uid=uid, team_id=team_id, blocked_at=now, blocked_by=caller.uid)
        transaction.set(paths.removal_block(db, team_id, uid), block.to_document())
        record_event(
            transaction,
            db,
            team,
            MemberRemoved(blocked=True),
            actor=caller,
            at=now,
            subject_uid=uid,
            subject_email=target.email,
            role=target.role,
        )

    run_in_transaction(db, remove)
