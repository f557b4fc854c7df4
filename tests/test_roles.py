"""The permission table and its role-pair clauses (pure: no emulator)."""

from __future__ import annotations

import itertools

import pytest

from teamkit.roles import (
    GRANTABLE,
    PERMISSIONS,
    Action,
    Role,
    allows,
    can_change_role,
    can_grant,
    can_grant_by_link,
    can_remove,
    powers,
)

OWNER, ADMIN, MEMBER, VIEWER, BILLING = Role


def test_every_action_has_an_entry() -> None:
    assert set(PERMISSIONS) == set(Action)


def test_nobody_outside_the_team_is_allowed_anything() -> None:
    assert not any(allows(None, action) for action in Action)


@pytest.mark.parametrize(
    ("action", "roles"),
    [
        (Action.READ_TEAM, {OWNER, ADMIN, MEMBER, VIEWER, BILLING}),
        (Action.MANAGE_TEAM, {OWNER, ADMIN}),
        (Action.INVITE, {OWNER, ADMIN}),
        (Action.READ_BILLING, {OWNER, ADMIN, BILLING}),
        (Action.MANAGE_BILLING, {OWNER, BILLING}),
        (Action.DELETE_TEAM, {OWNER}),
        (Action.READ_SHARED_ENTITIES, {OWNER, ADMIN, MEMBER, VIEWER}),
        (Action.WRITE_OWN_ENTITIES, {OWNER, ADMIN, MEMBER}),
    ],
)
def test_the_table_matches_the_contract(action: Action, roles: set[Role]) -> None:
    assert {role for role in Role if allows(role, action)} == roles


def test_owners_grant_any_role_and_admins_those_whose_powers_they_hold() -> None:
    assert all(can_grant(OWNER, role) for role in Role)
    assert {role for role in Role if can_grant(ADMIN, role)} == {ADMIN, MEMBER, VIEWER}
    assert not any(can_grant(role, MEMBER) for role in (MEMBER, VIEWER, BILLING))


def test_an_admin_cannot_grant_billing_which_manages_billing_as_admins_may_not() -> None:
    assert allows(BILLING, Action.MANAGE_BILLING) and not allows(ADMIN, Action.MANAGE_BILLING)

    assert not can_grant(ADMIN, BILLING)
    assert not can_grant_by_link(ADMIN, BILLING)
    assert not any(can_change_role(ADMIN, current, BILLING) for current in Role)


@pytest.mark.parametrize(("actor", "role"), list(itertools.product(Role, Role)))
def test_nobody_grants_a_role_with_a_power_they_lack(actor: Role, role: Role) -> None:
    if can_grant(actor, role):
        assert powers(role) <= powers(actor)
    if powers(role) <= powers(actor) and (
        allows(actor, Action.INVITE) or allows(actor, Action.CHANGE_ROLES)
    ):
        assert can_grant(actor, role)


def test_only_roles_that_may_invite_or_change_roles_grant_anything() -> None:
    assert set(GRANTABLE) == {OWNER, ADMIN}


@pytest.mark.parametrize("actor", list(Role))
def test_everyone_may_remove_themself(actor: Role) -> None:
    assert can_remove(actor, actor, is_self=True)


def test_owners_remove_anyone_and_admins_non_owners() -> None:
    assert all(can_remove(OWNER, target, is_self=False) for target in Role)
    assert {t for t in Role if can_remove(ADMIN, t, is_self=False)} == {
        ADMIN,
        MEMBER,
        VIEWER,
        BILLING,
    }
    assert not any(
        can_remove(actor, target, is_self=False)
        for actor in (MEMBER, VIEWER, BILLING)
        for target in Role
    )


@pytest.mark.parametrize(("current", "new"), list(itertools.product(Role, Role)))
def test_admins_change_non_owners_to_roles_whose_powers_they_hold(current: Role, new: Role) -> None:
    assert can_change_role(OWNER, current, new)
    assert can_change_role(ADMIN, current, new) == (
        current is not OWNER and new not in (OWNER, BILLING)
    )
    assert not can_change_role(MEMBER, current, new)
