"""An invite link is a standing grant of its creator: it admits only while the creator could
still grant its role in the team (as a member, or as a platform super admin), and the changes
that take that power away end the creator's links in their own transaction."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from teamkit import paths
from teamkit.accounts.delete_account import delete_account
from teamkit.errors import LinkNotValid
from teamkit.invitations.preview_invite import preview_link
from teamkit.joining.links import CreatedLink, join_by_link, revoke_invite_link
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import answer_of, refusal_of
from tests.support.state import assert_counts_match, events_of, role_of


def _revoked_linkanswer_of(db: firestore.Client, role_team: RoleTeam, build: Builders) -> tuple:
    """What joining by a link its team revoked answers: the answer a dead link must give."""
    owner = role_team[Role.OWNER]
    revoked = build.new_link(role_team.id, owner, label="Revoked")
    revoke_invite_link(db, owner.caller, role_team.id, revoked.link.id)
    return answer_of(refusal_of(lambda: join_by_link(db, build.new_user().caller, revoked.token)))


def assert_dead(
    db: firestore.Client, role_team: RoleTeam, build: Builders, created: CreatedLink
) -> None:
    """Joining and previewing answer exactly as for a revoked link, and nobody joins."""
    expected = _revoked_linkanswer_of(db, role_team, build)
    joiner = build.new_user()

    assert answer_of(refusal_of(lambda: join_by_link(db, joiner.caller, created.token))) == expected
    assert role_of(db, role_team.id, joiner.uid) is None
    with pytest.raises(LinkNotValid):
        preview_link(db, created.token)


def assert_ended(
    db: firestore.Client, team_id: str, created: CreatedLink, reason: str, actor_uid: str
) -> None:
    """The link was revoked with an event saying why, in the change's own transaction."""
    link = paths.link(db, team_id, created.link.id).get()
    assert link.get("status") == "revoked"
    (event,) = [
        e for e in events_of(db, team_id, "invite_link_revoked") if e["linkId"] == created.link.id
    ]
    assert event["reason"] == reason and event["actorUid"] == actor_uid


# --- at join time: whatever took the power away -------------------------------------------


def test_a_link_whose_creator_lost_the_role_by_any_path_admits_nobody(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    admin = role_team[Role.ADMIN]
    created = build.new_link(role_team.id, admin, Role.MEMBER)
    # The creator's role changes without any use case (a restore, a console edit): the join
    # itself must notice.
    paths.member(db, role_team.id, admin.uid).update({"role": Role.VIEWER.value})

    assert_dead(db, role_team, build, created)


def test_a_link_keeps_admitting_while_its_creator_may_grant_its_role(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.ADMIN], Role.VIEWER)
    joiner = build.new_user()

    joined = join_by_link(db, joiner.caller, created.token)

    assert joined.joined and role_of(db, role_team.id, joiner.uid) is Role.VIEWER
    assert preview_link(db, created.token).status == "pending"


# --- demotion -------------------------------------------------------------------------------


def test_demoting_an_admin_ends_their_links_at_once(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner, admin = role_team[Role.OWNER], role_team[Role.ADMIN]
    created = build.new_link(role_team.id, admin, Role.ADMIN)

    change_member_roles(db, owner.caller, role_team.id, {admin.uid: Role.MEMBER})

    assert_ended(db, role_team.id, created, "creator_demoted", owner.uid)
    assert_dead(db, role_team, build, created)


def test_a_demotion_that_still_allows_the_role_keeps_the_link(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner = role_team[Role.OWNER]
    second_owner = build.add_member(role_team.id, Role.OWNER)
    member_link = build.new_link(role_team.id, second_owner, Role.MEMBER)
    billing_link = build.new_link(role_team.id, second_owner, Role.BILLING)

    change_member_roles(db, owner.caller, role_team.id, {second_owner.uid: Role.ADMIN})

    assert paths.link(db, role_team.id, member_link.link.id).get().get("status") == "active"
    assert join_by_link(db, build.new_user().caller, member_link.token).joined
    assert_ended(db, role_team.id, billing_link, "creator_demoted", owner.uid)
    assert_dead(db, role_team, build, billing_link)


# --- removal, leaving, account deletion -----------------------------------------------------


def test_a_removed_admin_cannot_rejoin_through_their_own_link(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner, admin = role_team[Role.OWNER], role_team[Role.ADMIN]
    created = build.new_link(role_team.id, admin, Role.ADMIN)

    remove_member(db, owner.caller, role_team.id, admin.uid)

    assert_ended(db, role_team.id, created, "creator_removed", owner.uid)
    assert refusal_of(lambda: join_by_link(db, admin.caller, created.token)).http_status == 404
    assert role_of(db, role_team.id, admin.uid) is None
    assert_dead(db, role_team, build, created)
    assert_counts_match(db, role_team.id)


def test_leaving_ends_every_link_of_the_leaver(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    admin = role_team[Role.ADMIN]
    links = [build.new_link(role_team.id, admin, role) for role in (Role.MEMBER, Role.VIEWER)]
    others = build.new_link(role_team.id, role_team[Role.OWNER])

    leave_team(db, admin.caller, role_team.id)

    for created in links:
        assert_ended(db, role_team.id, created, "creator_left", admin.uid)
        assert_dead(db, role_team, build, created)
    assert join_by_link(db, build.new_user().caller, others.token).joined


def test_deleting_the_account_ends_every_link_it_made(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    admin = role_team[Role.ADMIN]
    created = build.new_link(role_team.id, admin, Role.MEMBER)

    delete_account(db, admin.caller)

    assert_ended(db, role_team.id, created, "creator_account_deleted", admin.uid)
    assert_dead(db, role_team, build, created)


# --- a super admin who is not a member ------------------------------------------------------


def test_a_super_admins_link_lives_while_the_claim_does(
    db: firestore.Client, role_team: RoleTeam, build: Builders, accounts: AuthEmulator
) -> None:
    operator = build.new_user(super_admin=True)
    created = build.new_link(role_team.id, operator, Role.ADMIN)
    assert paths.link(db, role_team.id, created.link.id).get().get("createdBySuperAdmin")
    assert join_by_link(db, build.new_user().caller, created.token).joined

    accounts.set_super_admin(operator, False)

    assert_dead(db, role_team, build, created)


def test_a_super_admins_link_dies_with_the_account(
    db: firestore.Client, role_team: RoleTeam, build: Builders, accounts: AuthEmulator
) -> None:
    operator = build.new_user(super_admin=True)
    created = build.new_link(role_team.id, operator, Role.MEMBER)

    accounts.delete_user(operator)

    assert_dead(db, role_team, build, created)


def test_a_members_link_does_not_consult_the_claims(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.ADMIN], Role.MEMBER)

    assert not paths.link(db, role_team.id, created.link.id).get().get("createdBySuperAdmin")
