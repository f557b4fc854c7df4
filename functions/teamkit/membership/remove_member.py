"""Remove a member, or leave a team: owners remove anyone, admins non-owners, everyone themself;
the last owner can neither leave nor be removed. Either way the member's invite links end with
them; a removal, not leaving, also blocks them from links and domain join (`membership.core`,
docs/joining.md). Their items in the scoped collections then meet their declared fate
(`teamkit.scoped`: private ones kept or deleted, shared ones kept or handed to an owner)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths, scoped
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.documents import Member
from teamkit.errors import LastOwner, MemberNotFound, PermissionDenied
from teamkit.membership.core import Departure, Leaving, active_links_of, depart
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
        departure = Departure(
            team,
            target,
            Leaving.LEFT if leaving else Leaving.REMOVED,
            by=caller,
            now=now,
            links=tuple(active_links_of(transaction, db, team_id, uid)),
            profile=snapshots[target_profile_ref.path],
        )
        depart(transaction, db, departure)

    run_in_transaction(db, remove)
    scoped.settle(db, scoped.Change(departures=((team_id, uid),)))
