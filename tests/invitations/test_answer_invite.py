"""acceptInvite and declineInvite, by token and by team + invite id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from google.cloud import firestore

from devtools.auth_emulator import TestUser
from teamkit import paths
from teamkit.clock import utcnow
from teamkit.errors import (
    InvalidArgument,
    PermissionDenied,
    Reason,
)
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.decline_invite import decline_invite
from teamkit.invitations.invite_members import InviteRequest, InviteSent, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.reasons import raises_reason
from tests.support.state import assert_counts_match, events_of, role_of, team_state

TokenFor = Callable[[str, str], str]


@dataclass(frozen=True)
class Invited:
    team_id: str
    owner: TestUser
    sent: InviteSent


@pytest.fixture
def invited(db: firestore.Client, build: Builders) -> Invited:
    """An admin invite to pat@x.io."""
    team_id, owner = build.new_team()
    sent = invite_member(db, owner.caller, team_id, InviteRequest("Pat@X.io", Role.ADMIN))
    return Invited(team_id, owner, sent)


class TestAccept:
    def test_by_token_the_invitee_joins_with_the_invited_role(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        pat = build.new_user("pat@x.io", verified=False)

        accepted = accept_invite(
            db, pat.caller, InviteAddress(token=token_for(team_id, sent.invite_id))
        )

        assert (accepted.team_id, accepted.role) == (team_id, Role.ADMIN)
        assert role_of(db, team_id, pat.uid) is Role.ADMIN
        member = paths.member(db, team_id, pat.uid).get().to_dict() or {}
        assert member["via"] == "invite" and member["email"] == "pat@x.io"
        assert paths.invite(db, team_id, sent.invite_id).get().get("status") == "accepted"
        assert paths.user(db, pat.uid).get().get("currentTeamId") == team_id
        (event,) = events_of(db, team_id, "invite_accepted")
        assert event["subjectUid"] == pat.uid and event["role"] == "admin"
        assert_counts_match(db, team_id)

    def test_matches_the_email_case_insensitively(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        pat = build.new_user("PAT@x.IO")

        accept_invite(db, pat.caller, InviteAddress(token=token_for(team_id, sent.invite_id)))

        assert role_of(db, team_id, pat.uid) is Role.ADMIN

    def test_by_id_needs_a_verified_email(
        self, db: firestore.Client, build: Builders, invited: Invited
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        pat = build.new_user("pat@x.io", verified=False)
        address = InviteAddress(team_id=team_id, invite_id=sent.invite_id)

        with raises_reason(Reason.INVITE_NOT_FOUND, match="verified email"):
            accept_invite(db, pat.caller, address)
        pat.verified = True
        accept_invite(db, pat.caller, address)

        assert role_of(db, team_id, pat.uid) is Role.ADMIN

    def test_someone_else_cannot_use_the_token(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        before = team_state(db, team_id)

        with raises_reason(Reason.WRONG_ACCOUNT, match="another email"):
            accept_invite(
                db,
                build.new_user("eve@x.io").caller,
                InviteAddress(token=token_for(team_id, sent.invite_id)),
            )

        assert team_state(db, team_id) == before

    def test_an_expired_invite_is_refused(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent

        with raises_reason(Reason.INVITE_EXPIRED, match="expired"):
            accept_invite(
                db,
                build.new_user("pat@x.io").caller,
                InviteAddress(token=token_for(team_id, sent.invite_id)),
                now=utcnow() + timedelta(days=7, seconds=1),
            )

    def test_a_used_token_is_refused(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        pat = build.new_user("pat@x.io")
        token = token_for(team_id, sent.invite_id)
        accept_invite(db, pat.caller, InviteAddress(token=token))

        with raises_reason(Reason.INVITE_USED, match="accepted"):
            accept_invite(db, pat.caller, InviteAddress(token=token))

        assert_counts_match(db, team_id)

    def test_an_unknown_token_is_not_found(self, db: firestore.Client, build: Builders) -> None:
        with raises_reason(Reason.INVITE_NOT_FOUND):
            accept_invite(db, build.new_user().caller, InviteAddress(token="made-up"))

    def test_an_address_without_token_or_ids_is_invalid(
        self, db: firestore.Client, build: Builders
    ) -> None:
        with pytest.raises(InvalidArgument):
            accept_invite(db, build.new_user().caller, InviteAddress(team_id="t"))

    def test_a_deleted_team_cannot_be_joined(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        token = token_for(team_id, sent.invite_id)
        delete_team(db, invited.owner.caller, team_id)

        with raises_reason(Reason.INVITE_REVOKED):
            accept_invite(db, build.new_user("pat@x.io").caller, InviteAddress(token=token))

    def test_the_allowed_domains_are_checked_again(
        self, db: firestore.Client, build: Builders, token_for: TokenFor
    ) -> None:
        team_id, owner = build.new_team()
        sent = invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io"))
        update_team(db, owner.caller, team_id, allowed_domains=["acme.com"])

        with raises_reason(Reason.DOMAIN_NOT_ALLOWED):
            accept_invite(
                db,
                build.new_user("pat@x.io").caller,
                InviteAddress(token=token_for(team_id, sent.invite_id)),
            )

    def test_a_member_who_joined_meanwhile_gets_already_exists(
        self, db: firestore.Client, build: Builders, token_for: TokenFor
    ) -> None:
        team_id, owner = build.new_team()
        sent = invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io"))
        token = token_for(team_id, sent.invite_id)
        pat = build.new_user("pat@x.io")
        # Another team's membership does not matter; the same team's does.
        paths.member(db, team_id, pat.uid).set(
            {"uid": pat.uid, "teamId": team_id, "role": "member"}
        )

        with raises_reason(Reason.ALREADY_MEMBER):
            accept_invite(db, pat.caller, InviteAddress(token=token))


class TestDecline:
    def test_closes_the_invite_and_frees_the_seat(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        pat = build.new_user("pat@x.io")

        decline_invite(db, pat.caller, InviteAddress(token=token_for(team_id, sent.invite_id)))

        assert paths.invite(db, team_id, sent.invite_id).get().get("status") == "declined"
        assert role_of(db, team_id, pat.uid) is None
        (event,) = events_of(db, team_id, "invite_declined")
        assert event["subjectEmail"] == "pat@x.io"
        assert_counts_match(db, team_id)

    def test_by_id_with_a_verified_email(
        self, db: firestore.Client, build: Builders, invited: Invited
    ) -> None:
        team_id, sent = invited.team_id, invited.sent

        decline_invite(
            db,
            build.new_user("pat@x.io").caller,
            InviteAddress(team_id=team_id, invite_id=sent.invite_id),
        )

        assert paths.invite(db, team_id, sent.invite_id).get().get("status") == "declined"

    def test_a_declined_invite_cannot_be_accepted(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        pat = build.new_user("pat@x.io")
        token = token_for(team_id, sent.invite_id)
        decline_invite(db, pat.caller, InviteAddress(token=token))

        with raises_reason(Reason.INVITE_USED, match="declined"):
            accept_invite(db, pat.caller, InviteAddress(token=token))

    def test_someone_else_cannot_decline(
        self, db: firestore.Client, build: Builders, invited: Invited, token_for: TokenFor
    ) -> None:
        team_id, sent = invited.team_id, invited.sent
        before = team_state(db, team_id)

        with raises_reason(Reason.WRONG_ACCOUNT):
            decline_invite(
                db,
                build.new_user("eve@x.io").caller,
                InviteAddress(token=token_for(team_id, sent.invite_id)),
            )

        assert team_state(db, team_id) == before


# --- Invite oracle (docs/hardening.md): invite ids are computable, so answers by id reveal
# nothing about invites ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["acceptInvite", "declineInvite"])
def test_by_id_an_outsider_cannot_tell_an_invite_to_another_address_from_no_invite(
    api: Api, db: firestore.Client, build: Builders, invited: Invited, name: str
) -> None:
    deleted, deleted_owner = build.new_team(name="Gone")
    gone = invite_member(db, deleted_owner.caller, deleted, InviteRequest("pat@x.io"))
    delete_team(db, deleted_owner.caller, deleted)
    eve = build.new_user("eve@x.io")
    token = api.token(eve)
    before = team_state(db, invited.team_id)

    replies = [
        api.call(name, body={"teamId": team_id, "inviteId": invite_id}, token=token)
        for team_id, invite_id in [
            (invited.team_id, invited.sent.invite_id),  # invited address, not eve's
            (invited.team_id, "0" * 24),  # no such invite
            (deleted, gone.invite_id),  # an invite of a deleted team
            ("no-such-team", invited.sent.invite_id),
        ]
    ]

    assert {reply.status for reply in replies} == {404}
    assert len({str(reply.body) for reply in replies}) == 1, [r.body for r in replies]
    assert replies[0].body["error"]["reason"] == "INVITE_NOT_FOUND"
    assert team_state(db, invited.team_id) == before


def test_by_id_an_admin_of_the_team_still_learns_the_invite_is_someone_elses(
    db: firestore.Client, build: Builders, invited: Invited
) -> None:
    admin = build.add_member(invited.team_id, Role.ADMIN)

    with pytest.raises(PermissionDenied, match="another email"):
        accept_invite(
            db,
            admin.caller,
            InviteAddress(team_id=invited.team_id, invite_id=invited.sent.invite_id),
        )
