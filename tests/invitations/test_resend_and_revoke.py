"""resendInvite and revokeInvite."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.errors import Reason
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.resend_invite import resend_invite
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.roles import Action, Role
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason
from tests.support.roles import roles_denied
from tests.support.state import assert_counts_match, events_of, team_state

MINUTE = timedelta(minutes=1)


class TestResend:
    def test_issues_a_new_token_and_kills_the_old_one(
        self,
        db: firestore.Client,
        role_team: RoleTeam,
        build: Builders,
        token_for: Callable[[str, str], str],
    ) -> None:
        owner = role_team[Role.OWNER].caller
        start = utcnow()
        sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
        old_token = token_for(role_team.id, sent.invite_id)

        resent = resend_invite(
            db, owner, role_team.id, invite_id=sent.invite_id, now=start + 2 * MINUTE
        )

        new_token = token_for(role_team.id, sent.invite_id)
        assert new_token != old_token
        assert resent.expires_at == start + 2 * MINUTE + timedelta(days=7)
        invitee = build.new_user("p@x.io")
        with raises_reason(Reason.INVITE_EXPIRED, match="newer invite"):
            accept_invite(
                db, invitee.caller, InviteAddress(token=old_token), now=start + 3 * MINUTE
            )
        accepted = accept_invite(
            db, invitee.caller, InviteAddress(token=new_token), now=start + 3 * MINUTE
        )
        assert accepted.team_id == role_team.id

    def test_finds_the_invite_by_email_and_records_an_event(
        self, db: firestore.Client, role_team: RoleTeam
    ) -> None:
        owner = role_team[Role.OWNER].caller
        start = utcnow()
        sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)

        resend_invite(db, owner, role_team.id, email="P@x.io", now=start + MINUTE)

        invite = paths.invite(db, role_team.id, sent.invite_id).get()
        assert invite.get("sendCount") == 2
        (event,) = events_of(db, role_team.id, "invite_resent")
        assert event["inviteId"] == sent.invite_id

    def test_at_most_once_a_minute(self, db: firestore.Client, role_team: RoleTeam) -> None:
        owner = role_team[Role.OWNER].caller
        start = utcnow()
        sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
        before = team_state(db, role_team.id)

        with raises_reason(Reason.RATE_LIMITED) as caught:
            resend_invite(
                db, owner, role_team.id, invite_id=sent.invite_id, now=start + timedelta(seconds=59)
            )

        assert caught.value.details == {"retryAfterSeconds": 1}

        assert team_state(db, role_team.id) == before

    def test_at_most_five_sends_a_day_counting_the_first(
        self, db: firestore.Client, role_team: RoleTeam
    ) -> None:
        owner = role_team[Role.OWNER].caller
        start = utcnow()
        sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
        for n in range(1, 5):
            resend_invite(
                db, owner, role_team.id, invite_id=sent.invite_id, now=start + n * 2 * MINUTE
            )

        with raises_reason(Reason.RATE_LIMITED, match="24 hours") as caught:
            resend_invite(
                db, owner, role_team.id, invite_id=sent.invite_id, now=start + 12 * MINUTE
            )

        assert caught.value.details == {"retryAfterSeconds": 24 * 3600 - 12 * 60}
        resend_invite(
            db,
            owner,
            role_team.id,
            invite_id=sent.invite_id,
            now=start + timedelta(hours=24, minutes=1),
        )

        assert paths.invite(db, role_team.id, sent.invite_id).get().get("sendCount") == 6

    def test_an_admin_cannot_resend_an_owner_invite(
        self, db: firestore.Client, role_team: RoleTeam
    ) -> None:
        start = utcnow()
        sent = invite_member(
            db,
            role_team[Role.OWNER].caller,
            role_team.id,
            InviteRequest("p@x.io", Role.OWNER),
            now=start,
        )

        with raises_reason(Reason.NOT_ALLOWED):
            resend_invite(
                db,
                role_team[Role.ADMIN].caller,
                role_team.id,
                invite_id=sent.invite_id,
                now=start + 2 * MINUTE,
            )

    @pytest.mark.parametrize("role", roles_denied(Action.INVITE))
    def test_roles_that_cannot_invite_cannot_resend(
        self, db: firestore.Client, role_team: RoleTeam, role: Role
    ) -> None:
        start = utcnow()
        sent = invite_member(
            db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("p@x.io"), now=start
        )
        before = team_state(db, role_team.id)

        with raises_reason(Reason.NOT_ALLOWED):
            resend_invite(
                db,
                role_team[role].caller,
                role_team.id,
                invite_id=sent.invite_id,
                now=start + 2 * MINUTE,
            )

        assert team_state(db, role_team.id) == before

    def test_an_unknown_invite_is_not_found(
        self, db: firestore.Client, role_team: RoleTeam
    ) -> None:
        with raises_reason(Reason.INVITE_NOT_FOUND):
            resend_invite(db, role_team[Role.OWNER].caller, role_team.id, invite_id="nope")

    def test_a_revoked_invite_cannot_be_resent(
        self, db: firestore.Client, role_team: RoleTeam
    ) -> None:
        owner = role_team[Role.OWNER].caller
        start = utcnow()
        sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
        revoke_invite(db, owner, role_team.id, sent.invite_id)

        with raises_reason(Reason.INVITE_REVOKED):
            resend_invite(db, owner, role_team.id, invite_id=sent.invite_id, now=start + 2 * MINUTE)


class TestRevoke:
    def test_frees_the_seat_and_kills_the_link(
        self,
        db: firestore.Client,
        role_team: RoleTeam,
        build: Builders,
        token_for: Callable[[str, str], str],
    ) -> None:
        sent = invite_member(
            db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("p@x.io")
        )
        token = token_for(role_team.id, sent.invite_id)

        revoke_invite(db, role_team[Role.ADMIN].caller, role_team.id, sent.invite_id)

        invite = paths.invite(db, role_team.id, sent.invite_id).get()
        assert invite.get("status") == "revoked"
        assert_counts_match(db, role_team.id)
        (event,) = events_of(db, role_team.id, "invite_revoked")
        assert event["subjectEmail"] == "p@x.io"
        with raises_reason(Reason.INVITE_REVOKED, match="revoked"):
            accept_invite(db, build.new_user("p@x.io").caller, InviteAddress(token=token))

    def test_revoking_twice_is_refused(self, db: firestore.Client, role_team: RoleTeam) -> None:
        owner = role_team[Role.OWNER].caller
        sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"))
        revoke_invite(db, owner, role_team.id, sent.invite_id)

        with raises_reason(Reason.INVITE_REVOKED):
            revoke_invite(db, owner, role_team.id, sent.invite_id)

        assert_counts_match(db, role_team.id)

    @pytest.mark.parametrize("role", roles_denied(Action.INVITE))
    def test_roles_that_cannot_invite_cannot_revoke(
        self, db: firestore.Client, role_team: RoleTeam, role: Role
    ) -> None:
        sent = invite_member(
            db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("p@x.io")
        )
        before = team_state(db, role_team.id)

        with raises_reason(Reason.NOT_ALLOWED):
            revoke_invite(db, role_team[role].caller, role_team.id, sent.invite_id)

        assert team_state(db, role_team.id) == before

    def test_an_admin_cannot_revoke_an_owner_invite(
        self, db: firestore.Client, role_team: RoleTeam
    ) -> None:
        sent = invite_member(
            db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("p@x.io", Role.OWNER)
        )

        with raises_reason(Reason.NOT_ALLOWED):
            revoke_invite(db, role_team[Role.ADMIN].caller, role_team.id, sent.invite_id)

    def test_a_revoked_address_can_be_invited_again(
        self,
        db: firestore.Client,
        role_team: RoleTeam,
        build: Builders,
        token_for: Callable[[str, str], str],
    ) -> None:
        owner = role_team[Role.OWNER].caller
        start = utcnow() - 2 * MINUTE
        first = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
        old_token = token_for(role_team.id, first.invite_id)
        revoke_invite(db, owner, role_team.id, first.invite_id)

        # A minute later at the earliest: the mail limits count the first send
        # (docs/notifications.md).
        again = invite_member(db, owner, role_team.id, InviteRequest("p@x.io", Role.VIEWER))

        assert again.invite_id == first.invite_id
        invitee = build.new_user("p@x.io")
        with raises_reason(Reason.INVITE_EXPIRED):
            accept_invite(db, invitee.caller, InviteAddress(token=old_token))
        accepted = accept_invite(
            db, invitee.caller, InviteAddress(token=token_for(role_team.id, again.invite_id))
        )
        assert accepted.role is Role.VIEWER
        assert_counts_match(db, role_team.id)
