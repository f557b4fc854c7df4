"""Random membership operations that mostly make sense: each is drawn, from a seeded generator,
against the state of the teams as last read (who holds which role, which invites are pending),
so that most of them would succeed alone. Run many at once they race each other, and some lose
(with a `TeamsError`); the invariants must hold whatever wins.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from google.cloud import firestore
from google.cloud.firestore import FieldFilter

from devtools.auth_emulator import TestUser
from teamkit import paths
from teamkit.errors import TeamsError
from teamkit.event_types import EventType
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.decline_invite import decline_invite
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.membership.add_existing_member import add_existing_member
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.roles import Role, can_change_role, can_grant, can_remove

KINDS: dict[str, int] = {
    "invite": 16,
    "accept": 12,
    "decline": 5,
    "revoke": 6,
    "add": 10,
    "remove": 10,
    "leave": 7,
    "change roles": 16,
}
"""How often each kind of operation is drawn (weights)."""

EVENT_OF: dict[str, EventType] = {
    "invite": EventType.MEMBER_INVITED,
    "accept": EventType.INVITE_ACCEPTED,
    "decline": EventType.INVITE_DECLINED,
    "revoke": EventType.INVITE_REVOKED,
    "add": EventType.MEMBER_ADDED,
    "remove": EventType.MEMBER_REMOVED,
    "leave": EventType.MEMBER_LEFT,
    "change roles": EventType.ROLE_CHANGED,
}
"""The event each kind of operation writes when it succeeds (one per changed member)."""

GRANTABLE = (Role.OWNER, Role.ADMIN, Role.MEMBER, Role.MEMBER, Role.VIEWER, Role.BILLING)
"""Roles handed out, members most often and owners seldom enough that teams keep a mix."""


@dataclass(frozen=True)
class TeamView:
    """A team as last read: members' roles and pending invites (invite id -> email, role)."""

    id: str
    members: dict[str, Role]
    pending: dict[str, tuple[str, Role]]

    def holding(self, *roles: Role) -> list[str]:
        return sorted(uid for uid, role in self.members.items() if role in roles)


@dataclass(frozen=True)
class Operation:
    """One drawn operation: what it is (for the record) and how to run it."""

    kind: str
    team_id: str
    description: str
    run: Callable[[], Any]


@dataclass
class Outcomes:
    """What the operations did: successes, refusals by type, anything else that was raised,
    and how many events the successes should have written."""

    succeeded: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    events: Counter[tuple[str, EventType]] = field(default_factory=Counter)
    log: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.succeeded.values()) + sum(self.refused.values()) + len(self.unexpected)


def read_team(db: firestore.Client, team_id: str) -> TeamView:
    members = {m.id: Role(m.get("role")) for m in paths.members(db, team_id).stream()}
    pending_query = paths.invites(db, team_id).where(filter=FieldFilter("status", "==", "pending"))
    pending = {i.id: (str(i.get("email")), Role(i.get("role"))) for i in pending_query.stream()}
    return TeamView(team_id, members, pending)


@dataclass
class OperationDrawer:
    """Draws operations against the current views of the teams."""

    db: firestore.Client
    users: dict[str, TestUser]  # uid -> user: members and the people who may join
    rng: random.Random

    def draw(self, views: Sequence[TeamView]) -> Operation:
        """An operation that would succeed against `views` alone, if there is one of the kind
        drawn; else one of another kind."""
        for _ in range(50):
            view = self.rng.choice(views)
            kind = self.rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            operation = getattr(self, "_" + kind.replace(" ", "_"))(view)
            if operation is not None:
                return operation
        raise AssertionError("no operation makes sense in this state")

    def _caller(self, uid: str) -> Any:
        return self.users[uid].caller

    def _managers(self, view: TeamView) -> list[str]:
        return view.holding(Role.OWNER, Role.ADMIN)

    def _role_for(self, actor_role: Role) -> Role:
        return self.rng.choice([role for role in GRANTABLE if can_grant(actor_role, role)])

    def _outsiders(self, view: TeamView) -> list[TestUser]:
        invited = {email for email, _ in view.pending.values()}
        return [
            user
            for uid, user in sorted(self.users.items())
            if uid not in view.members and user.email.lower() not in invited
        ]

    def _invite(self, view: TeamView) -> Operation | None:
        managers, outsiders = self._managers(view), self._outsiders(view)
        if not managers or not outsiders:
            return None
        actor, invitee = self.rng.choice(managers), self.rng.choice(outsiders)
        role = self._role_for(view.members[actor])
        request = InviteRequest(invitee.email, role)
        return Operation(
            "invite",
            view.id,
            f"{actor} invites {invitee.email} as {role}",
            lambda: invite_member(self.db, self._caller(actor), view.id, request),
        )

    def _answer(self, view: TeamView, kind: str) -> Operation | None:
        if not view.pending:
            return None
        invite_id = self.rng.choice(sorted(view.pending))
        email, _ = view.pending[invite_id]
        invitee = next((u for u in self.users.values() if u.email.lower() == email), None)
        if invitee is None:
            return None
        address = InviteAddress(team_id=view.id, invite_id=invite_id)
        answer = accept_invite if kind == "accept" else decline_invite
        return Operation(
            kind,
            view.id,
            f"{invitee.uid} {kind}s invite {invite_id}",
            lambda: answer(self.db, invitee.caller, address),
        )

    def _accept(self, view: TeamView) -> Operation | None:
        return self._answer(view, "accept")

    def _decline(self, view: TeamView) -> Operation | None:
        return self._answer(view, "decline")

    def _revoke(self, view: TeamView) -> Operation | None:
        choices = [
            (actor, invite_id)
            for actor in self._managers(view)
            for invite_id, (_, role) in sorted(view.pending.items())
            if can_grant(view.members[actor], role)
        ]
        if not choices:
            return None
        actor, invite_id = self.rng.choice(choices)
        return Operation(
            "revoke",
            view.id,
            f"{actor} revokes invite {invite_id}",
            lambda: revoke_invite(self.db, self._caller(actor), view.id, invite_id),
        )

    def _add(self, view: TeamView) -> Operation | None:
        managers = self._managers(view)
        joining = [u for u in self.users.values() if u.uid not in view.members]
        if not managers or not joining:
            return None
        actor, user = self.rng.choice(managers), self.rng.choice(sorted(joining, key=_uid))
        role = self._role_for(view.members[actor])
        return Operation(
            "add",
            view.id,
            f"{actor} adds {user.uid} as {role}",
            lambda: add_existing_member(
                self.db, self._caller(actor), view.id, uid=user.uid, role=role
            ),
        )

    def _remove(self, view: TeamView) -> Operation | None:
        owners = len(view.holding(Role.OWNER))
        choices = [
            (actor, target)
            for actor in self._managers(view)
            for target, role in sorted(view.members.items())
            if target != actor
            and can_remove(view.members[actor], role, is_self=False)
            and (role is not Role.OWNER or owners > 1)
        ]
        if not choices:
            return None
        actor, target = self.rng.choice(choices)
        return Operation(
            "remove",
            view.id,
            f"{actor} removes {target} ({view.members[target]})",
            lambda: remove_member(self.db, self._caller(actor), view.id, target),
        )

    def _leave(self, view: TeamView) -> Operation | None:
        owners = len(view.holding(Role.OWNER))
        leaving = [
            uid
            for uid, role in sorted(view.members.items())
            if role is not Role.OWNER or owners > 1
        ]
        if len(view.members) <= 3 or not leaving:  # keep teams from emptying out
            return None
        uid = self.rng.choice(leaving)
        return Operation(
            "leave",
            view.id,
            f"{uid} ({view.members[uid]}) leaves",
            lambda: leave_team(self.db, self._caller(uid), view.id),
        )

    def _change_roles(self, view: TeamView) -> Operation | None:
        managers = self._managers(view)
        if not managers:
            return None
        actor = self.rng.choice(managers)
        actor_role = view.members[actor]
        targets = [
            uid
            for uid, role in sorted(view.members.items())
            if any(can_change_role(actor_role, role, new) for new in Role)
        ]
        picked = self.rng.sample(targets, k=min(len(targets), self.rng.choice([1, 1, 2])))
        changes = {uid: self._role_for(actor_role) for uid in picked}
        if not all(can_change_role(actor_role, view.members[u], r) for u, r in changes.items()):
            return None
        owners_after = len(view.holding(Role.OWNER)) + sum(
            (new is Role.OWNER) - (view.members[uid] is Role.OWNER) for uid, new in changes.items()
        )
        if not changes or owners_after < 1:
            return None
        return Operation(
            "change roles",
            view.id,
            f"{actor} changes {changes}",
            lambda: change_member_roles(self.db, self._caller(actor), view.id, changes),
        )


def _uid(user: TestUser) -> str:
    return user.uid


def events_written(kind: str, result: Any) -> int:
    """How many events a successful operation of `kind` wrote."""
    if kind == "change roles":
        return len(result)
    return 1


def run_wave(operations: Sequence[Operation], outcomes: Outcomes) -> None:
    """Run `operations` all at once (a barrier releases them together) and record each one's
    outcome; nothing but a `TeamsError` may escape an operation."""
    barrier = threading.Barrier(len(operations))
    lock = threading.Lock()

    def run(operation: Operation) -> None:
        barrier.wait()
        try:
            result = operation.run()
        except TeamsError as error:
            with lock:
                outcomes.refused[type(error).__name__] += 1
                outcomes.log.append(f"{operation.description}: {type(error).__name__}")
        except Exception as error:  # the failure this test exists to find
            with lock:
                outcomes.unexpected.append(f"{operation.description}: {error!r}")
        else:
            with lock:
                outcomes.succeeded[operation.kind] += 1
                written = events_written(operation.kind, result)
                outcomes.events[(operation.team_id, EVENT_OF[operation.kind])] += written
                outcomes.log.append(f"{operation.description}: ok")

    with ThreadPoolExecutor(max_workers=len(operations)) as pool:
        list(pool.map(run, operations))
