"""Change the roles of several members at once, all or nothing, in one transaction. A member
whose new role may no longer grant the role of one of their invite links ends that link in the
same transaction (a link is a standing grant of its creator)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.access import load_access
from teamkit.clock import utcnow
from teamkit.errors import InvalidArgument, LastOwner, MemberNotFound, PermissionDenied
from teamkit.event_types import EventType
from teamkit.events import LinkEnd, Plain, record_event
from teamkit.joining.links import active_links_of, end_links_of
from teamkit.records import Member
from teamkit.roles import Action, Role, allows, can_change_role
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
        changed = [
            (members[uid], replace(members[uid], role=new_role))
            for uid, new_role in changes.items()
            if members[uid].role is not new_role
        ]
        owners = sum(
            (after.role is Role.OWNER) - (before.role is Role.OWNER) for before, after in changed
        )
        if team.owner_count + owners < 1:
            demoted = [before.uid for before, _ in changed if before.role is Role.OWNER]
            raise LastOwner(
                "The team would have no owner left; keep or make someone an owner.",
                details={"uids": demoted},
            )
        links = {
            after.uid: active_links_of(transaction, db, team_id, after.uid)
            for before, after in changed
            if allows(before.role, Action.MANAGE_LINKS)
        }

        for before, after in changed:
            end_links_of(
                transaction,
                db,
                team,
                links.get(after.uid, []),
                reason=LinkEnd.CREATOR_DEMOTED,
                actor=caller,
                now=now,
                still_granted=after.role,
            )
            transaction.update(
                member_refs[after.uid], {"role": after.role.value, "roleChangedAt": now}
            )
            record_event(
                transaction,
                db,
                team,
                Plain(type=EventType.ROLE_CHANGED),
                actor=caller,
                at=now,
                subject_uid=after.uid,
                subject_email=after.email,
                role=after.role,
                previous_role=before.role,
            )
        if changed:
            transaction.update(paths.team(db, team_id), team.counters(now, owners=owners))
        return [after for _, after in changed]

    return run_in_transaction(db, change)


def _names(uids: list[str], *, most: int = 3) -> str:
    shown = ", ".join(uids[:most])
    return shown + (f" and {len(uids) - most} more" if len(uids) > most else "")
