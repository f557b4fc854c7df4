"""inviteMember / inviteMembers: who may invite whom, and what an invite writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.config import Settings
from teamkit.errors import (
    AlreadyExists,
    InvalidArgument,
    PermissionDenied,
    Reason,
    SeatLimitReached,
)
from teamkit.invitations.invite_members import (
    InviteRequest,
    InviteSent,
    invite_member,
    invite_members,
)
from teamkit.roles import GRANTABLE, Action, Role
from teamkit.teams.update_team import update_team
from teamkit.tokens import hash_token
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason
from tests.support.roles import roles_denied
from tests.support.state import assert_counts_match, events_of, team_state


def test_an_owner_invites_by_email(db: firestore.Client, role_team: RoleTeam) -> None:
    owner = role_team[Role.OWNER]

    sent = invite_member(db, owner.caller, role_team.id, InviteRequest("New@Example.COM"))

    invite = paths.invite(db, role_team.id, sent.invite_id).get().to_dict()
    assert invite is not None
    assert invite["email"] == "new@example.com"
    assert invite["role"] == "member" and invite["status"] == "pending"
    assert invite["teamName"] == "Acme" and invite["createdBy"] == owner.uid
    assert invite["sendCount"] == 1
    assert invite["expiresAt"] == invite["lastSentAt"] + timedelta(days=7)
    assert sent.expires_at == invite["expiresAt"]
    assert_counts_match(db, role_team.id)


def test_an_invite_writes_its_event_a_token_hash_and_a_server_only_secret(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    sent = invite_member(db, role_team[Role.ADMIN].caller, role_team.id, InviteRequest("a@x.io"))

    (event,) = events_of(db, role_team.id, "member_invited")
    secrets = list(db.collection(paths.EVENT_SECRETS).stream())
    assert len(secrets) == 1
    secret = secrets[0].to_dict() or {}
    token_doc = paths.invite_token(db, hash_token(secret["token"])).get().to_dict()
    assert token_doc is not None
    assert token_doc["inviteId"] == sent.invite_id and token_doc["teamId"] == role_team.id
    assert event["subjectEmail"] == "a@x.io" and event["inviteId"] == sent.invite_id
    assert secret["token"] not in str(
        team_state(db, role_team.id)[paths.invite(db, role_team.id, sent.invite_id).path]
    )
    assert secrets[0].id == _event_id(db, role_team.id, "member_invited")


def _event_id(db: firestore.Client, team_id: str, event_type: str) -> str:
    for event in paths.events(db, team_id).stream():
        if event.get("type") == event_type:
            return event.id
    raise AssertionError(f"no {event_type} event")


@pytest.mark.parametrize("role", sorted(GRANTABLE[Role.ADMIN]))
def test_an_admin_may_invite_the_roles_whose_powers_admins_hold(
    db: firestore.Client, role_team: RoleTeam, role: Role
) -> None:
    sent = invite_member(
        db, role_team[Role.ADMIN].caller, role_team.id, InviteRequest("p@x.io", role)
    )

    assert sent.role is role


@pytest.mark.parametrize("role", [Role.OWNER, Role.BILLING])
def test_an_admin_cannot_invite_an_owner_nor_billing_which_manages_billing(
    db: firestore.Client, role_team: RoleTeam, role: Role
) -> None:
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        invite_member(db, role_team[Role.ADMIN].caller, role_team.id, InviteRequest("p@x.io", role))

    assert team_state(db, role_team.id) == before


def test_an_owner_may_invite_another_owner(db: firestore.Client, role_team: RoleTeam) -> None:
    sent = invite_member(
        db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("p@x.io", Role.OWNER)
    )

    assert sent.role is Role.OWNER


@pytest.mark.parametrize("role", roles_denied(Action.INVITE))
def test_roles_without_the_invite_permission_cannot_invite(
    db: firestore.Client, role_team: RoleTeam, role: Role
) -> None:
    before = team_state(db, role_team.id)

    with raises_reason(Reason.NOT_ALLOWED):
        invite_member(db, role_team[role].caller, role_team.id, InviteRequest("p@x.io"))

    assert team_state(db, role_team.id) == before


def test_a_stranger_cannot_invite(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    before = team_state(db, role_team.id)

    with pytest.raises(PermissionDenied):
        invite_member(db, build.new_user().caller, role_team.id, InviteRequest("p@x.io"))

    assert team_state(db, role_team.id) == before


def test_a_super_admin_acts_as_an_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    sent = invite_member(
        db, build.operator.caller, role_team.id, InviteRequest("p@x.io", Role.OWNER)
    )

    assert sent.role is Role.OWNER


def test_inviting_a_member_again_is_refused(db: firestore.Client, role_team: RoleTeam) -> None:
    viewer = role_team[Role.VIEWER]

    with raises_reason(Reason.ALREADY_MEMBER):
        invite_member(
            db, role_team[Role.OWNER].caller, role_team.id, InviteRequest(viewer.email.upper())
        )


def test_inviting_a_pending_invitee_again_is_refused(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    invite_member(db, owner, role_team.id, InviteRequest("p@x.io"))
    before = team_state(db, role_team.id)

    with raises_reason(Reason.ALREADY_INVITED, match="resendInvite"):
        invite_member(db, owner, role_team.id, InviteRequest("P@X.io"))

    assert team_state(db, role_team.id) == before


@pytest.mark.parametrize("address", [" p@x.io", "p@x.io ", "p@x.io\n", "\tp@x.io"])
def test_refuses_an_address_with_whitespace_around_it_rather_than_trimming_it(
    db: firestore.Client, role_team: RoleTeam, address: str
) -> None:
    before = team_state(db, role_team.id)

    with pytest.raises(InvalidArgument, match="around it"):
        invite_member(db, role_team[Role.OWNER].caller, role_team.id, InviteRequest(address))

    assert team_state(db, role_team.id) == before


def test_refuses_an_invalid_address(db: firestore.Client, role_team: RoleTeam) -> None:
    with pytest.raises(InvalidArgument):
        invite_member(db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("not-an-email"))


def test_refuses_an_address_outside_the_allowed_domains(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    update_team(db, owner, role_team.id, allowed_domains=["acme.com"])

    with raises_reason(Reason.DOMAIN_NOT_ALLOWED):
        invite_member(db, owner, role_team.id, InviteRequest("p@evil.com"))
    sent = invite_member(db, owner, role_team.id, InviteRequest("p@ACME.com"))

    assert sent.email == "p@acme.com"


def test_pending_invites_count_against_the_seat_limit(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, seat_limit=3)
    invite_member(db, owner.caller, team_id, InviteRequest("a@x.io"))
    invite_member(db, owner.caller, team_id, InviteRequest("b@x.io"))

    with raises_reason(Reason.SEAT_LIMIT_REACHED):
        invite_member(db, owner.caller, team_id, InviteRequest("c@x.io"))

    assert_counts_match(db, team_id)


def test_a_custom_ttl_sets_the_expiry(db: firestore.Client, role_team: RoleTeam) -> None:
    sent = invite_member(
        db,
        role_team[Role.OWNER].caller,
        role_team.id,
        InviteRequest("p@x.io"),
        settings=Settings(invite_ttl=timedelta(days=2)),
    )

    invite = paths.invite(db, role_team.id, sent.invite_id).get()
    assert sent.expires_at - invite.get("lastSentAt") == timedelta(days=2)


class TestBulkInvites:
    def test_answers_each_address_in_order(self, db: firestore.Client, role_team: RoleTeam) -> None:
        owner = role_team[Role.OWNER]
        requests = [
            InviteRequest("one@x.io"),
            InviteRequest("bad address"),
            InviteRequest(role_team[Role.MEMBER].email),
            InviteRequest("two@x.io", Role.ADMIN),
            InviteRequest("ONE@x.io"),
        ]

        outcomes = invite_members(db, owner.caller, role_team.id, requests)

        assert isinstance(outcomes[0], InviteSent) and outcomes[0].email == "one@x.io"
        assert isinstance(outcomes[1], InvalidArgument)
        assert isinstance(outcomes[2], AlreadyExists)
        assert isinstance(outcomes[3], InviteSent) and outcomes[3].role is Role.ADMIN
        assert isinstance(outcomes[4], AlreadyExists)
        assert len(events_of(db, role_team.id, "member_invited")) == 2
        assert_counts_match(db, role_team.id)

    def test_an_admin_gets_a_per_item_refusal_for_owner_invites(
        self, db: firestore.Client, role_team: RoleTeam
    ) -> None:
        outcomes = invite_members(
            db,
            role_team[Role.ADMIN].caller,
            role_team.id,
            [InviteRequest("a@x.io", Role.OWNER), InviteRequest("b@x.io", Role.VIEWER)],
        )

        assert isinstance(outcomes[0], PermissionDenied)
        assert isinstance(outcomes[1], InviteSent)

    def test_the_seat_limit_holds_across_the_batch(
        self, db: firestore.Client, build: Builders
    ) -> None:
        team_id, owner = build.new_team()
        update_team(db, owner.caller, team_id, seat_limit=3)

        outcomes = invite_members(
            db, owner.caller, team_id, [InviteRequest(f"p{i}@x.io") for i in range(4)]
        )

        assert [type(o) for o in outcomes] == [
            InviteSent,
            InviteSent,
            SeatLimitReached,
            SeatLimitReached,
        ]
        assert_counts_match(db, team_id)

    def test_a_hundred_invites_fit_in_one_call(self, db: firestore.Client, build: Builders) -> None:
        team_id, owner = build.new_team()

        outcomes = invite_members(
            db, owner.caller, team_id, [InviteRequest(f"p{i}@x.io") for i in range(100)]
        )

        assert all(isinstance(o, InviteSent) for o in outcomes)
        assert paths.team(db, team_id).get().get("pendingInviteCount") == 100
        assert_counts_match(db, team_id)

    def test_more_than_a_hundred_is_refused(self, db: firestore.Client, build: Builders) -> None:
        team_id, owner = build.new_team()

        with pytest.raises(InvalidArgument):
            invite_members(
                db, owner.caller, team_id, [InviteRequest(f"p{i}@x.io") for i in range(101)]
            )
