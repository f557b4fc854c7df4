"""Roles and the permission matrix (docs/rules.md, "Who may do what"): the one table every use
case, and the tests of `firestore.rules`, read.

Who may do what is written as data (`PERMISSIONS`), and the three rules that depend on the roles
of both sides (granting a role, removing a member, changing a role) as explicit clauses below it.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The role of a member in a team."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"
    BILLING = "billing"


class Action(StrEnum):
    """Things a member may be allowed to do in a team."""

    READ_TEAM = "read the team and its member list"
    MANAGE_TEAM = "rename the team or change its allowed domains and seat limit"
    INVITE = "invite, resend, revoke or add members"
    REMOVE_MEMBER = "remove other members"
    CHANGE_ROLES = "change roles"
    READ_INVITES = "read the team's invites"
    READ_EVENTS = "read the team's event log"
    READ_BILLING = "read billing"
    MANAGE_BILLING = "manage billing"
    DELETE_TEAM = "delete the team"
    READ_SHARED_ENTITIES = "read shared workspace entities"
    WRITE_OWN_ENTITIES = "create and edit their own workspace entities"
    MODERATE_ENTITIES = "edit or delete others' shared workspace entities"
    MANAGE_LINKS = "create, list and revoke invite links"
    REVIEW_JOIN_REQUESTS = "see, approve and deny join requests"


OWNER, ADMIN, MEMBER, VIEWER, BILLING = Role
ALL_ROLES = frozenset(Role)
NON_OWNER_ROLES = frozenset({ADMIN, MEMBER, VIEWER, BILLING})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.READ_TEAM: ALL_ROLES,
    Action.MANAGE_TEAM: frozenset({OWNER, ADMIN}),
    Action.INVITE: frozenset({OWNER, ADMIN}),
    Action.REMOVE_MEMBER: frozenset({OWNER, ADMIN}),
    Action.CHANGE_ROLES: frozenset({OWNER, ADMIN}),
    Action.READ_INVITES: frozenset({OWNER, ADMIN}),
    Action.READ_EVENTS: frozenset({OWNER, ADMIN}),
    Action.READ_BILLING: frozenset({OWNER, ADMIN, BILLING}),
    Action.MANAGE_BILLING: frozenset({OWNER, BILLING}),
    Action.DELETE_TEAM: frozenset({OWNER}),
    Action.READ_SHARED_ENTITIES: frozenset({OWNER, ADMIN, MEMBER, VIEWER}),
    Action.WRITE_OWN_ENTITIES: frozenset({OWNER, ADMIN, MEMBER}),
    Action.MODERATE_ENTITIES: frozenset({OWNER, ADMIN}),
    Action.MANAGE_LINKS: frozenset({OWNER, ADMIN}),
    Action.REVIEW_JOIN_REQUESTS: frozenset({OWNER, ADMIN}),
}


def allows(role: Role | None, action: Action) -> bool:
    """Whether a member with `role` (None: not a member) may perform `action`."""
    return role is not None and role in PERMISSIONS[action]


def powers(role: Role) -> frozenset[Action]:
    """Everything a member holding `role` may do."""
    return frozenset(action for action, roles in PERMISSIONS.items() if role in roles)


# The actions that hand a role to someone (inviting, adding, changing their role).
GRANTING_ACTIONS = (Action.INVITE, Action.CHANGE_ROLES)

# The roles each role may hand out, derived from the table: a role whose every power the actor
# holds, so nobody grants a power they lack (admins never grant `owner` nor `billing`, which
# manages billing). Only roles allowed a granting action grant anything.
GRANTABLE: dict[Role, frozenset[Role]] = {
    actor: frozenset(role for role in Role if powers(role) <= powers(actor))
    for actor in Role
    if any(allows(actor, action) for action in GRANTING_ACTIONS)
}


def can_grant(actor: Role, role: Role) -> bool:
    """Whether `actor` may invite or add someone as `role`, or change someone to it."""
    return role in GRANTABLE.get(actor, frozenset())


def can_grant_by_link(actor: Role, role: Role) -> bool:
    """Whether `actor` may create an invite link for `role`: a role they may grant, and never
    `owner` (a link may be forwarded; ownership is given to a named person only)."""
    return role is not Role.OWNER and can_grant(actor, role)


def may_act_on(actor: Role, target: Role) -> bool:
    """Whether `actor` may remove a member holding `target` or change them away from it: owners
    act on anyone, everyone else never on an owner. Granting is a separate, stricter question:
    an admin may remove a billing member or make them a member without being able to grant
    `billing` (docs/rules.md)."""
    return actor is Role.OWNER or target is not Role.OWNER


def can_remove(actor: Role, target: Role, *, is_self: bool) -> bool:
    """Whether `actor` may remove a member holding `target`: anyone may leave; owners may remove
    anyone, admins non-owners."""
    if is_self:
        return True
    return allows(actor, Action.REMOVE_MEMBER) and may_act_on(actor, target)


def can_change_role(actor: Role, current: Role, new: Role) -> bool:
    """Whether `actor` may move a member from `current` to `new`: away from any role they may
    act on (owners any, admins never an owner's), to a role they may grant."""
    return (
        allows(actor, Action.CHANGE_ROLES) and may_act_on(actor, current) and can_grant(actor, new)
    )
