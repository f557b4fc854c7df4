"""Check first: load a team with the caller's membership and refuse what their role may not do.

Every use case starts its transaction here, so the team and the caller's member document are
read in one round trip together with whatever else the use case needs. A caller who is not a
member gets `TeamNotFound` for any team id, whether the team exists, was deleted or never
existed (what the rules answer too); members of a deleted team get `TeamDeleted`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from teamkit import paths
from teamkit.documents import Member, Team, member_from, team_from
from teamkit.errors import PermissionDenied, TeamNotFound
from teamkit.roles import Action, Role, allows

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, DocumentSnapshot

    from teamkit.auth import Caller
    from teamkit.transactions import Transaction


@dataclass(frozen=True)
class Access:
    """A caller's standing in a team, read inside a transaction."""

    team: Team
    membership: Member | None
    role: Role | None

    def check(self, action: Action) -> Role:
        """The caller's role, or `PermissionDenied` unless it allows `action`."""
        if self.role is None:
            raise TeamNotFound()
        if not allows(self.role, action):
            raise PermissionDenied(f"A team {self.role.value} may not {action.value}.")
        return self.role


def acting_role(caller: Caller, membership: Member | None) -> Role | None:
    """The role the caller acts with: a `superAdmin` acts as an owner of every team."""
    if caller.super_admin:
        return Role.OWNER
    return membership.role if membership else None


def load_access(
    transaction: Transaction,
    db: Client,
    caller: Caller,
    team_id: str,
    *others: DocumentReference,
) -> tuple[Access, dict[str, DocumentSnapshot]]:
    """The caller's access to an active team they belong to (or, as a superAdmin, any active
    team), and the snapshots of `others`, in one read; `TeamNotFound` for everyone else."""
    team_ref = paths.team(db, team_id)
    member_ref = paths.member(db, team_id, caller.uid)
    snapshots = transaction.get_all(
        list({ref.path: ref for ref in [team_ref, member_ref, *others]}.values())
    )
    membership = member_from(snapshots[member_ref.path])
    role = acting_role(caller, membership)
    team = team_from(snapshots[team_ref.path], insider=role is not None)
    if role is None:
        raise TeamNotFound()
    return Access(team, membership, role), snapshots
