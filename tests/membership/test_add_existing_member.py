"""addExistingMember: a user with an account joins at once, without an invite."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.errors import (
    EmailNotVerified,
    PermissionDenied,
    Reason,
)
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.membership.add_existing_member import add_existing_member
from teamkit.roles import Action, Role
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason
from tests.support.roles import roles_denied
from tests.support.state import assert_counts_match, events_of, role_of, team_state


def test_an_admin_adds_a_user_by_email(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    pat = build.new_user("Pat@X.io", name="Pat")

    member = add_existing_member(
        db, role_team[Role.ADMIN].caller, role_team.id, email="pat@x.io", role=Role.VIEWER
    )

    assert member.uid == pat.uid and member.role is Role.VIEWER
    stored = paths.member(db, role_team.id, pat.uid).get().to_dict() or {}
    assert stored["via"] == "direct" and stored["addedBy"] == role_team[Role.ADMIN].uid
    assert stored["displayName"] == "Pat" and stored["email"] == "pat@x.io"
    (event,) = events_of(db, role_team.id, "member_added")[-1:]
    assert event["subjectUid"] == pat.uid and event["role"] == "viewer"
    assert paths.user(db, pat.uid).get().get("currentTeamId") == role_team.id
    assert_counts_match(db, role_team.id)


def test_an_owner_adds_another_owner_by_uid(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    pat = build.new_user()

    add_existing_member(
        db, role_team[Role.OWNER].caller, role_team.id, uid=pat.uid, role=Role.OWNER
    )

    assert role_of(db, role_team.id, pat.uid) is Role.OWNER
    assert paths.team(db, role_team.id).get().get("ownerCount") == 2


@pytest.mark.parametrize("role", [Role.OWNER, Role.BILLING])
def test_an_admin_cannot_add_an_owner_nor_billing_which_manages_billing(
    db: firestore.Client, role_team: RoleTeam, build: Builders, role: Role
) -> None:
    pat = build.new_user()
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        add_existing_member(db, role_team[Role.ADMIN].caller, role_team.id, uid=pat.uid, role=role)

    assert team_state(db, role_team.id) == before


@pytest.mark.parametrize("role", roles_denied(Action.INVITE))
def test_roles_that_cannot_invite_cannot_add(
    db: firestore.Client, role_team: RoleTeam, build: Builders, role: Role
) -> None:
    pat = build.new_user()
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        add_existing_member(db, role_team[role].caller, role_team.id, uid=pat.uid)

    assert team_state(db, role_team.id) == before


def test_a_user_without_an_account_is_not_found(db: firestore.Client, role_team: RoleTeam) -> None:
    with raises_reason(Reason.ACCOUNT_NOT_FOUND, match="invite"):
        add_existing_member(db, role_team[Role.OWNER].caller, role_team.id, email="nobody@x.io")


def test_adding_a_member_again_is_refused(db: firestore.Client, role_team: RoleTeam) -> None:
    with raises_reason(Reason.ALREADY_MEMBER):
        add_existing_member(
            db, role_team[Role.OWNER].caller, role_team.id, uid=role_team[Role.MEMBER].uid
        )


def test_the_allowed_domains_apply(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner = role_team[Role.OWNER].caller
    update_team(db, owner, role_team.id, allowed_domains=["acme.com"])

    with raises_reason(Reason.DOMAIN_NOT_ALLOWED):
        add_existing_member(db, owner, role_team.id, uid=build.new_user("p@x.io").uid)


def test_the_seat_limit_applies(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, seat_limit=1)

    with raises_reason(Reason.SEAT_LIMIT_REACHED):
        add_existing_member(db, owner.caller, team_id, uid=build.new_user().uid)


def test_a_pending_invite_to_the_same_address_gives_its_seat_to_the_member(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, seat_limit=2)
    sent = invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io"))
    pat = build.new_user("pat@x.io")

    add_existing_member(db, owner.caller, team_id, uid=pat.uid)

    assert paths.invite(db, team_id, sent.invite_id).get().get("status") == "revoked"
    assert_counts_match(db, team_id)


# --- docs/hardening.md: unverified emails; an admin cancelling an owner invite ---------------


@pytest.mark.parametrize("by", ["uid", "email"])
def test_an_account_with_an_unverified_email_cannot_be_added_even_on_an_allowed_domain(
    db: firestore.Client, role_team: RoleTeam, build: Builders, by: str
) -> None:
    owner = role_team[Role.OWNER].caller
    update_team(db, owner, role_team.id, allowed_domains=["corp.com"])
    claimant = build.new_user("cfo@corp.com", verified=False)
    before = team_state(db, role_team.id)
    uid, email = (claimant.uid, None) if by == "uid" else (None, "cfo@corp.com")

    with pytest.raises(EmailNotVerified, match="send an invite instead") as refused:
        add_existing_member(
            db, role_team[Role.ADMIN].caller, role_team.id, uid=uid, email=email, role=Role.ADMIN
        )

    assert refused.value.reason is Reason.EMAIL_NOT_VERIFIED
    assert refused.value.http_status == 412
    assert team_state(db, role_team.id) == before


def test_an_account_becomes_addable_once_its_email_is_verified(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    pat = build.new_user("pat@corp.com", verified=False)
    build.accounts.set_verified(pat, True)

    member = add_existing_member(db, role_team[Role.ADMIN].caller, role_team.id, uid=pat.uid)

    assert member.email == "pat@corp.com"


def test_an_admin_cannot_cancel_a_pending_owner_invite_by_adding_the_invitee_as_a_member(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    sent = invite_member(
        db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("pat@x.io", Role.OWNER)
    )
    pat = build.new_user("pat@x.io")
    before = team_state(db, role_team.id)

    with pytest.raises(PermissionDenied, match="may not revoke"):
        add_existing_member(
            db, role_team[Role.ADMIN].caller, role_team.id, uid=pat.uid, role=Role.VIEWER
        )

    assert team_state(db, role_team.id) == before
    assert paths.invite(db, role_team.id, sent.invite_id).get().get("status") == "pending"


def test_an_owner_may_add_the_holder_of_a_pending_owner_invite(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    sent = invite_member(
        db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("pat@x.io", Role.OWNER)
    )
    pat = build.new_user("pat@x.io")

    add_existing_member(db, role_team[Role.OWNER].caller, role_team.id, uid=pat.uid)

    assert paths.invite(db, role_team.id, sent.invite_id).get().get("status") == "revoked"
    assert_counts_match(db, role_team.id)
