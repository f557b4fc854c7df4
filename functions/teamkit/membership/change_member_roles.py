"""Change the roles of several members at once, all or nothing, in one transaction. A member
whose new role may no longer grant the role of one of their invite links ends that link in the
same transaction (a link is a standing grant of its creator)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.documents import Member
from teamkit.errors import InvalidArgument, LastOwner, MemberNotFound, PermissionDenied
from teamkit.membership.core import RoleChanges, change_roles
from teamkit.roles import Action, Role, can_change_role
from teamkit.transactions import run_in_transaction

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction

MAX_CHANGES_PER_CALL = 100


def change_member_roles(
    db: Client,
    caller: Caller,
    team_id: str,
    changes: dict[str, Role],
    *,
    now: datetime | None = None,
) -> list[Member]:
    """Give each member in `changes` its new role; returns the members whose role changed.

    Refused as a whole when any one change is: unknown member, a change the caller's role may
    not make (admins only among non-owner roles), or no owner left afterwards.
    """
    if not changes:
        raise InvalidArgument("Send at least one change (uid -> role).")
    if len(changes) > MAX_CHANGES_PER_CALL:
        raise InvalidArgument(f"Send at most {MAX_CHANGES_PER_CALL} changes per call.")
    now = now or utcnow()
    member_refs = {uid: paths.member(db, team_id, uid) for uid in changes}

    def change(transaction: Transaction) -> list[Member]:
        access, snapshots = load_access(transaction, db, caller, team_id, *member_refs.values())
        actor = access.check(Action.CHANGE_ROLES)
        team = access.team
        missing = [uid for uid in changes if not snapshots[member_refs[uid].path].exists]
        if missing:
            raise MemberNotFound(
                f"{_names(missing)} {'is' if len(missing) == 1 else 'are'} not a member of this "
                "team.",
                details={"uids": missing},
            )
        members = {uid: Member.from_snapshot(snapshots[member_refs[uid].path]) for uid in changes}
        forbidden = [
            uid
            for uid, new_role in changes.items()
            if not can_change_role(actor, members[uid].role, new_role)
        ]
        if forbidden:
            first = members[forbidden[0]]
            raise PermissionDenied(
                f"A team {actor.value} may not change a {first.role.value} into a "
                f"{changes[first.uid].value}"
                + (f" (nor {len(forbidden) - 1} more of these changes)." if forbidden[1:] else "."),
                details={"uids": forbidden},
            )
        changed = RoleChanges(
            team,
            tuple(
                (members[uid], members[uid].model_copy(update={"role": new_role}))
                for uid, new_role in changes.items()
                if members[uid].role is not new_role
            ),
            by=caller,
            now=now,
        )
        if team.owner_count + changed.owners < 1:
            demoted = [before.uid for before, _ in changed.changes if before.role is Role.OWNER]
            raise LastOwner(
                "The team would have no owner left; keep or make someone an owner.",
                details={"uids": demoted},
            )
        change_roles(transaction, db, changed)
        return [after for _, after in changed.changes]

    return run_in_transaction(db, change)


def _names(uids: list[str], *, most: int = 3) -> str:
    shown = ", ".join(uids[:most])
    return shown + (f" and {len(uids) - most} more" if len(uids) > most else "")
