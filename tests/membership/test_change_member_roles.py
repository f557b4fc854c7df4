"""changeMemberRoles: all or nothing, within what the actor's role may grant."""

from __future__ import annotations

import itertools

import pytest
from google.cloud import firestore

from teamkit.errors import InvalidArgument, Reason
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.roles import NON_OWNER_ROLES, Action, Role
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason
from tests.support.roles import roles_denied
from tests.support.state import assert_counts_match, events_of, role_of, team_state

NON_OWNERS = sorted(NON_OWNER_ROLES)


def test_an_owner_changes_several_roles_at_once(db: firestore.Client, role_team: RoleTeam) -> None:
    changes = {role_team[Role.MEMBER].uid: Role.ADMIN, role_team[Role.VIEWER].uid: Role.OWNER}

    changed = change_member_roles(db, role_team[Role.OWNER].caller, role_team.id, changes)

    assert {m.uid: m.role for m in changed} == changes
    assert role_of(db, role_team.id, role_team[Role.VIEWER].uid) is Role.OWNER
    events = events_of(db, role_team.id, "role_changed")
    assert {(e["subjectUid"], e["previousRole"], e["role"]) for e in events} == {
        (role_team[Role.MEMBER].uid, "member", "admin"),
        (role_team[Role.VIEWER].uid, "viewer", "owner"),
    }
    assert_counts_match(db, role_team.id)


@pytest.mark.parametrize(
    ("current", "new"),
    [(c, n) for c, n in itertools.permutations(NON_OWNERS, 2) if n is not Role.BILLING],
)
def test_an_admin_changes_a_non_owner_to_a_role_whose_powers_admins_hold(
    db: firestore.Client, role_team: RoleTeam, build: Builders, current: Role, new: Role
) -> None:
    target = build.add_member(role_team.id, current)

    change_member_roles(db, role_team[Role.ADMIN].caller, role_team.id, {target.uid: new})

    assert role_of(db, role_team.id, target.uid) is new


@pytest.mark.parametrize("current", NON_OWNERS)
def test_an_admin_cannot_promote_to_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders, current: Role
) -> None:
    target = build.add_member(role_team.id, current)
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        change_member_roles(
            db, role_team[Role.ADMIN].caller, role_team.id, {target.uid: Role.OWNER}
        )

    assert team_state(db, role_team.id) == before


@pytest.mark.parametrize("current", [Role.ADMIN, Role.MEMBER, Role.VIEWER])
def test_an_admin_cannot_make_anyone_billing_which_manages_billing(
    db: firestore.Client, role_team: RoleTeam, build: Builders, current: Role
) -> None:
    target = build.add_member(role_team.id, current)
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        change_member_roles(
            db, role_team[Role.ADMIN].caller, role_team.id, {target.uid: Role.BILLING}
        )

    assert team_state(db, role_team.id) == before


def test_an_admin_still_makes_a_billing_member_a_member(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    billing = role_team[Role.BILLING]

    change_member_roles(db, role_team[Role.ADMIN].caller, role_team.id, {billing.uid: Role.MEMBER})

    assert role_of(db, role_team.id, billing.uid) is Role.MEMBER


@pytest.mark.parametrize("new", NON_OWNERS)
def test_an_admin_cannot_demote_an_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders, new: Role
) -> None:
    build.add_member(role_team.id, Role.OWNER)
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        change_member_roles(
            db, role_team[Role.ADMIN].caller, role_team.id, {role_team[Role.OWNER].uid: new}
        )

    assert team_state(db, role_team.id) == before


@pytest.mark.parametrize("actor", roles_denied(Action.CHANGE_ROLES))
def test_members_viewers_and_billing_cannot_change_roles(
    db: firestore.Client, role_team: RoleTeam, actor: Role
) -> None:
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        change_member_roles(
            db, role_team[actor].caller, role_team.id, {role_team[actor].uid: Role.ADMIN}
        )

    assert team_state(db, role_team.id) == before


def test_one_refused_change_refuses_them_all(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    build.add_member(role_team.id, Role.OWNER)
    before = team_state(db, role_team.id)
    changes = {role_team[Role.MEMBER].uid: Role.VIEWER, role_team[Role.OWNER].uid: Role.MEMBER}

    with raises_reason(Reason.NOT_ALLOWED) as caught:
        change_member_roles(db, role_team[Role.ADMIN].caller, role_team.id, changes)

    assert caught.value.details == {"uids": [role_team[Role.OWNER].uid]}

    assert team_state(db, role_team.id) == before


def test_an_unknown_member_refuses_them_all(db: firestore.Client, role_team: RoleTeam) -> None:
    before = team_state(db, role_team.id)

    with raises_reason(Reason.MEMBER_NOT_FOUND) as caught:
        change_member_roles(
            db,
            role_team[Role.OWNER].caller,
            role_team.id,
            {role_team[Role.MEMBER].uid: Role.ADMIN, "ghost": Role.VIEWER, "wraith": Role.ADMIN},
        )

    assert caught.value.details == {"uids": ["ghost", "wraith"]}

    assert team_state(db, role_team.id) == before


def test_cannot_demote_the_last_owner(db: firestore.Client, role_team: RoleTeam) -> None:
    owner = role_team[Role.OWNER]
    before = team_state(db, role_team.id)

    with raises_reason(Reason.LAST_OWNER) as caught:
        change_member_roles(db, owner.caller, role_team.id, {owner.uid: Role.ADMIN})

    assert caught.value.details == {"uids": [owner.uid]}

    assert team_state(db, role_team.id) == before


def test_swapping_ownership_in_one_call_keeps_an_owner(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner, admin = role_team[Role.OWNER], role_team[Role.ADMIN]

    change_member_roles(
        db, owner.caller, role_team.id, {owner.uid: Role.ADMIN, admin.uid: Role.OWNER}
    )

    assert role_of(db, role_team.id, admin.uid) is Role.OWNER
    assert role_of(db, role_team.id, owner.uid) is Role.ADMIN
    assert_counts_match(db, role_team.id)


def test_an_unchanged_role_writes_nothing(db: firestore.Client, role_team: RoleTeam) -> None:
    before = team_state(db, role_team.id)

    changed = change_member_roles(
        db, role_team[Role.OWNER].caller, role_team.id, {role_team[Role.MEMBER].uid: Role.MEMBER}
    )

    assert changed == []
    assert team_state(db, role_team.id) == before


def test_an_empty_change_set_is_invalid(db: firestore.Client, role_team: RoleTeam) -> None:
    with pytest.raises(InvalidArgument):
        change_member_roles(db, role_team[Role.OWNER].caller, role_team.id, {})
