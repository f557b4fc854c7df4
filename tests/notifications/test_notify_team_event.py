"""onTeamEvent's fan-out, called directly on events the use cases recorded (triggers off): who is
notified and mailed, the invite token's path, idempotency under replays, preferences, scale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from google.cloud import firestore

from devtools.auth_emulator import TestUser
from devtools.fakes.sendgrid_fake import FakeSendGrid
from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import Team
from teamkit.event_types import EventType
from teamkit.events import BillingChanged, record_event
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.invite_members import InviteRequest, InviteSent, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.resend_invite import resend_invite
from teamkit.mail.config import MailSettings
from teamkit.mail.delivery import Outcome, deliver_mail
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.notifications.catch_up import catch_up_invite_events
from teamkit.notifications.notify_team_event import FAN_OUT_FIELD, notify_team_event
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from teamkit.teams.update_team import update_team
from teamkit.tokens import accept_link
from teamkit.transactions import Transaction, run_in_transaction
from tests.notifications.helpers import (
    all_mail,
    client_readable_documents,
    event_ids,
    mail_to,
    notifications_of,
    notified_uids,
)
from tests.support.builders import Builders, RoleTeam
from tests.support.state import role_of


def fan_out_latest(
    db: firestore.Client, team_id: str, event_type: EventType, settings: MailSettings
) -> str:
    """Fan out the team's latest event of `event_type`; its id."""
    event_id = event_ids(db, team_id, event_type)[-1]
    notify_team_event(db, team_id, event_id, settings=settings)
    return event_id


@dataclass(frozen=True)
class Invited:
    team: RoleTeam
    sent: InviteSent
    event_id: str


@pytest.fixture
def invited(db: firestore.Client, role_team: RoleTeam) -> Invited:
    """The admin of `role_team` invited pat@x.io as a member; the event is not fanned out yet."""
    sent = invite_member(
        db, role_team[Role.ADMIN].caller, role_team.id, InviteRequest("pat@x.io", Role.MEMBER)
    )
    (event_id,) = event_ids(db, role_team.id, EventType.MEMBER_INVITED)
    return Invited(role_team, sent, event_id)


class TestWhoIsNotified:
    def test_a_role_change_notifies_the_member_and_the_admins_but_not_the_actor(
        self, db: firestore.Client, role_team: RoleTeam, mail_settings: MailSettings
    ) -> None:
        owner, member = role_team[Role.OWNER], role_team[Role.MEMBER]
        change_member_roles(db, owner.caller, role_team.id, {member.uid: Role.VIEWER})

        event_id = fan_out_latest(db, role_team.id, EventType.ROLE_CHANGED, mail_settings)

        assert notified_uids(db, event_id) == {member.uid, role_team[Role.ADMIN].uid}
        note = notifications_of(db, member.uid)[event_id]
        assert note["type"] == "role_changed" and note["read"] is False and note["aboutYou"]
        assert (note["role"], note["previousRole"]) == ("viewer", "member")
        assert (note["actorUid"], note["teamName"]) == (owner.uid, "Acme")
        assert (
            note["message"]
            == f"{owner.display_name} changed your role in Acme from member to viewer."
        )
        (mail,) = all_mail(db).values()
        assert mail["to"] == member.email
        assert mail["message"]["subject"] == "Your role in Acme is now viewer"

    def test_a_removal_by_an_admin_notifies_the_member_and_the_owner_and_mails_the_member(
        self, db: firestore.Client, role_team: RoleTeam, mail_settings: MailSettings
    ) -> None:
        viewer = role_team[Role.VIEWER]
        remove_member(db, role_team[Role.ADMIN].caller, role_team.id, viewer.uid)

        event_id = fan_out_latest(db, role_team.id, EventType.MEMBER_REMOVED, mail_settings)

        assert notified_uids(db, event_id) == {viewer.uid, role_team[Role.OWNER].uid}
        assert [m["message"]["subject"] for m in mail_to(db, viewer.email)] == [
            "You were removed from Acme on Teamkit Test"
        ]

    def test_a_member_who_leaves_is_not_told_what_they_did(
        self, db: firestore.Client, role_team: RoleTeam, mail_settings: MailSettings
    ) -> None:
        leave_team(db, role_team[Role.MEMBER].caller, role_team.id)

        event_id = fan_out_latest(db, role_team.id, EventType.MEMBER_LEFT, mail_settings)

        assert notified_uids(db, event_id) == {role_team[Role.OWNER].uid, role_team[Role.ADMIN].uid}
        assert all_mail(db) == {}

    def test_accepting_an_invite_notifies_the_inviter_and_every_admin(
        self,
        db: firestore.Client,
        build: Builders,
        invited: Invited,
        mail_settings: MailSettings,
    ) -> None:
        team = invited.team
        second_admin = build.add_member(team.id, Role.ADMIN)
        pat = build.new_user("pat@x.io", name="Pat")
        accept_invite(
            db, pat.caller, InviteAddress(team_id=team.id, invite_id=invited.sent.invite_id)
        )

        event_id = fan_out_latest(db, team.id, EventType.INVITE_ACCEPTED, mail_settings)

        admins = {team[Role.OWNER].uid, team[Role.ADMIN].uid, second_admin.uid}
        assert notified_uids(db, event_id) == admins
        note = notifications_of(db, team[Role.ADMIN].uid)[event_id]
        assert note["message"] == "Pat accepted the invite and joined Acme as member."
        assert note["invitedBy"] == team[Role.ADMIN].uid

    def test_the_inviter_hears_of_the_answer_after_losing_the_admin_role(
        self, db: firestore.Client, build: Builders, invited: Invited, mail_settings: MailSettings
    ) -> None:
        team, inviter = invited.team, invited.team[Role.ADMIN]
        change_member_roles(db, team[Role.OWNER].caller, team.id, {inviter.uid: Role.MEMBER})
        pat = build.new_user("pat@x.io")
        accept_invite(
            db, pat.caller, InviteAddress(team_id=team.id, invite_id=invited.sent.invite_id)
        )

        event_id = fan_out_latest(db, team.id, EventType.INVITE_ACCEPTED, mail_settings)

        assert notified_uids(db, event_id) == {team[Role.OWNER].uid, inviter.uid}

    def test_someone_who_changes_their_own_role_gets_no_notification_or_mail(
        self,
        db: firestore.Client,
        role_team: RoleTeam,
        build: Builders,
        mail_settings: MailSettings,
    ) -> None:
        second_owner = build.add_member(role_team.id, Role.OWNER)
        change_member_roles(db, second_owner.caller, role_team.id, {second_owner.uid: Role.ADMIN})

        event_id = fan_out_latest(db, role_team.id, EventType.ROLE_CHANGED, mail_settings)

        assert notified_uids(db, event_id) == {role_team[Role.OWNER].uid, role_team[Role.ADMIN].uid}
        assert all_mail(db) == {}

    def test_a_deleted_team_notifies_its_owners_and_admins(
        self,
        db: firestore.Client,
        role_team: RoleTeam,
        build: Builders,
        mail_settings: MailSettings,
    ) -> None:
        second_owner = build.add_member(role_team.id, Role.OWNER)
        delete_team(db, role_team[Role.OWNER].caller, role_team.id)

        event_id = fan_out_latest(db, role_team.id, EventType.TEAM_DELETED, mail_settings)

        assert notified_uids(db, event_id) == {second_owner.uid, role_team[Role.ADMIN].uid}

    def test_a_billing_change_notifies_owners_admins_and_billing(
        self, db: firestore.Client, role_team: RoleTeam, mail_settings: MailSettings
    ) -> None:
        def billing_changed(transaction: Transaction) -> None:
            # As the billing ledger does: an event commits with a write of its team.
            team_ref = paths.team(db, role_team.id)
            team = Team.from_snapshot(transaction.get(team_ref))
            transaction.update(team_ref, team.touched(utcnow()))
            record_event(
                transaction,
                db,
                team,
                BillingChanged(
                    change="plan_changed",
                    stripeEventId="evt_1",
                    stripeEventType="customer.subscription.updated",
                ),
                actor=None,
                at=utcnow(),
            )

        run_in_transaction(db, billing_changed)

        event_id = fan_out_latest(db, role_team.id, EventType.BILLING_CHANGED, mail_settings)

        assert notified_uids(db, event_id) == {
            role_team[Role.OWNER].uid,
            role_team[Role.ADMIN].uid,
            role_team[Role.BILLING].uid,
        }

    def test_an_event_of_an_unknown_type_is_closed_without_notifying_anyone(
        self, db: firestore.Client, role_team: RoleTeam, mail_settings: MailSettings
    ) -> None:
        event_ref = paths.events(db, role_team.id).document("future")
        event_ref.set({"type": "team_archived", "teamId": role_team.id, "at": utcnow()})

        result = notify_team_event(db, role_team.id, "future", settings=mail_settings)

        assert result.notified == () and result.mail_id is None
        assert event_ref.get().get(FAN_OUT_FIELD)["notifications"] == 0


class TestInvitations:
    def test_an_invite_mails_the_accept_link_and_drops_the_token_secret(
        self, db: firestore.Client, invited: Invited, mail_settings: MailSettings, build: Builders
    ) -> None:
        team = invited.team
        token = paths.event_secret(db, invited.event_id).get().get("token")

        result = notify_team_event(db, team.id, invited.event_id, settings=mail_settings)

        (mail,) = mail_to(db, "pat@x.io")
        assert f"https://app.teamkit.test/accept-invite?token={token}" in mail["message"]["text"]
        assert mail["message"]["subject"] == (
            f"{team[Role.ADMIN].display_name} invited you to join Acme on Teamkit Test"
        )
        assert mail["delivery"]["state"] == "PENDING"
        assert result.mail_id is not None and mail["context"]["eventId"] == invited.event_id
        assert not paths.event_secret(db, invited.event_id).get().exists
        assert notified_uids(db, invited.event_id) == {team[Role.OWNER].uid}
        pat = build.new_user("pat@x.io")
        accept_invite(db, pat.caller, InviteAddress(token=token))
        assert role_of(db, team.id, pat.uid) is Role.MEMBER

    def test_the_accept_link_carries_the_invited_address_url_encoded(
        self, db: firestore.Client, build: Builders, mail_settings: MailSettings
    ) -> None:
        team_id, owner = build.new_team(name="Acme")
        invite_member(db, owner.caller, team_id, InviteRequest("pat+team@x.io"))

        fan_out_latest(db, team_id, EventType.MEMBER_INVITED, mail_settings)

        (mail,) = mail_to(db, "pat+team@x.io")
        link = next(w for w in mail["message"]["text"].split() if "accept-invite?" in w)
        query = parse_qs(urlsplit(link).query)
        assert query["email"] == ["pat+team@x.io"] and len(query["token"]) == 1
        assert "email=pat%2Bteam%40x.io" in link
        assert "email=pat%2Bteam%40x.io" in mail["message"]["html"]

    def test_the_accept_link_keeps_the_base_query_and_adds_token_then_email(self) -> None:
        link = accept_link("https://app.example.com/accept?lang=fr", "t0k", "a b&c@x.io")

        assert link == "https://app.example.com/accept?lang=fr&token=t0k&email=a+b%26c%40x.io"
        assert accept_link("https://app.example.com/accept", "t0k") == (
            "https://app.example.com/accept?token=t0k"
        )

    def test_a_hostile_team_name_reaches_the_invitation_escaped_in_html(
        self, db: firestore.Client, build: Builders, mail_settings: MailSettings
    ) -> None:
        hostile = "<script>alert(1)</script>"
        team_id, owner = build.new_team(name=hostile)
        invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io"))

        fan_out_latest(db, team_id, EventType.MEMBER_INVITED, mail_settings)

        (mail,) = mail_to(db, "pat@x.io")
        assert "<script>" not in mail["message"]["html"]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail["message"]["html"]
        assert hostile in mail["message"]["text"]

    def test_no_client_readable_document_ever_holds_the_invite_token(
        self, db: firestore.Client, invited: Invited, mail_settings: MailSettings
    ) -> None:
        team = invited.team
        resend_invite(
            db,
            team[Role.OWNER].caller,
            team.id,
            invite_id=invited.sent.invite_id,
            now=utcnow() + timedelta(minutes=2),
        )
        tokens = [s.get("token") for s in paths.event_secrets(db).stream()]
        before_fan_out = dict(client_readable_documents(db))

        for event_type in (EventType.MEMBER_INVITED, EventType.INVITE_RESENT):
            fan_out_latest(db, team.id, event_type, mail_settings)

        after_fan_out = dict(client_readable_documents(db))
        mailed = " ".join(m["message"]["text"] for m in mail_to(db, "pat@x.io"))
        assert len(tokens) == 2 and all(token in mailed for token in tokens)
        assert any("/notifications/" in path for path in after_fan_out)
        for path, document in {**before_fan_out, **after_fan_out}.items():
            assert not any(token in repr(document) for token in tokens), path

    def test_a_resent_invite_mails_a_new_link(
        self, db: firestore.Client, invited: Invited, mail_settings: MailSettings
    ) -> None:
        team = invited.team
        fan_out_latest(db, team.id, EventType.MEMBER_INVITED, mail_settings)
        resend_invite(
            db,
            team[Role.ADMIN].caller,
            team.id,
            invite_id=invited.sent.invite_id,
            now=utcnow() + timedelta(minutes=2),
        )
        token = next(paths.event_secrets(db).stream()).get("token")

        fan_out_latest(db, team.id, EventType.INVITE_RESENT, mail_settings)

        subjects = sorted(m["message"]["subject"] for m in mail_to(db, "pat@x.io"))
        assert len(subjects) == 2 and subjects[0].startswith("Reminder:")
        assert any(token in m["message"]["text"] for m in mail_to(db, "pat@x.io"))

    def test_an_invite_whose_fan_out_never_ran_is_caught_up_by_the_schedule(
        self, db: firestore.Client, invited: Invited, mail_settings: MailSettings
    ) -> None:
        at = paths.event(db, invited.team.id, invited.event_id).get().get("at")

        too_soon = catch_up_invite_events(
            db, settings=mail_settings, now=at + timedelta(seconds=30)
        )
        caught_up = catch_up_invite_events(
            db, settings=mail_settings, now=at + timedelta(minutes=3)
        )

        assert (too_soon, caught_up) == (0, 1)
        assert len(mail_to(db, "pat@x.io")) == 1
        assert list(paths.event_secrets(db).stream()) == []


class TestReplays:
    def test_delivering_an_event_three_times_writes_each_document_once(
        self, db: firestore.Client, invited: Invited, mail_settings: MailSettings
    ) -> None:
        team = invited.team

        results = [
            notify_team_event(db, team.id, invited.event_id, settings=mail_settings)
            for _ in range(3)
        ]

        assert [r.replay for r in results] == [False, True, True]
        assert len(all_mail(db)) == 1
        owner_notes = notifications_of(db, team[Role.OWNER].uid)
        assert list(owner_notes) == [invited.event_id]
        assert [len(notifications_of(db, m.uid)) for m in team.members.values()] == [1, 0, 0, 0, 0]

    def test_a_replay_keeps_what_the_user_and_the_mail_did_since(
        self,
        db: firestore.Client,
        role_team: RoleTeam,
        mail_settings: MailSettings,
        sendgrid: FakeSendGrid,
    ) -> None:
        member = role_team[Role.MEMBER]
        change_member_roles(
            db, role_team[Role.OWNER].caller, role_team.id, {member.uid: Role.ADMIN}
        )
        event_id = fan_out_latest(db, role_team.id, EventType.ROLE_CHANGED, mail_settings)
        paths.notification(db, member.uid, event_id).update({"read": True})
        (mail_id,) = all_mail(db)
        deliver_mail(db, mail_id, settings=mail_settings)

        result = notify_team_event(db, role_team.id, event_id, settings=mail_settings)

        assert result.replay
        assert notifications_of(db, member.uid)[event_id]["read"] is True
        assert all_mail(db)[mail_id]["delivery"]["state"] == "SUCCESS"
        assert len(sendgrid.requests) == 1

    def test_a_fan_out_that_crashed_before_closing_converges_when_run_again(
        self,
        db: firestore.Client,
        invited: Invited,
        mail_settings: MailSettings,
        sendgrid: FakeSendGrid,
    ) -> None:
        team = invited.team
        secret_ref = paths.event_secret(db, invited.event_id)
        secret = secret_ref.get().to_dict() or {}
        event_ref = paths.event(db, team.id, invited.event_id)
        first = notify_team_event(db, team.id, invited.event_id, settings=mail_settings)
        assert first.mail_id is not None
        deliver_mail(db, first.mail_id, settings=mail_settings)
        # As if the last commit (closing the event, dropping the secret) had never happened:
        secret_ref.set(secret)
        event_ref.update({FAN_OUT_FIELD: firestore.DELETE_FIELD})
        before = {
            path: document
            for path, document in client_readable_documents(db)
            if "/notifications/" in path
        }

        second = notify_team_event(db, team.id, invited.event_id, settings=mail_settings)

        after = {
            path: document
            for path, document in client_readable_documents(db)
            if "/notifications/" in path
        }
        assert not second.replay and second.mail_id == first.mail_id
        assert after == before
        assert list(all_mail(db)) == [first.mail_id]
        assert all_mail(db)[first.mail_id]["delivery"]["state"] == "SUCCESS"
        assert len(sendgrid.requests) == 1
        assert not secret_ref.get().exists and event_ref.get().get(FAN_OUT_FIELD)


class TestPreferences:
    def test_turning_email_off_keeps_the_notification_and_drops_the_mail(
        self, db: firestore.Client, role_team: RoleTeam, mail_settings: MailSettings
    ) -> None:
        member = role_team[Role.MEMBER]
        paths.user(db, member.uid).update({"notificationPrefs": {"email": False}})
        change_member_roles(
            db, role_team[Role.OWNER].caller, role_team.id, {member.uid: Role.ADMIN}
        )

        event_id = fan_out_latest(db, role_team.id, EventType.ROLE_CHANGED, mail_settings)

        assert member.uid in notified_uids(db, event_id)
        assert all_mail(db) == {}

    def test_one_type_of_email_can_be_turned_off(
        self, db: firestore.Client, role_team: RoleTeam, mail_settings: MailSettings
    ) -> None:
        member = role_team[Role.MEMBER]
        paths.user(db, member.uid).update(
            {"notificationPrefs": {"email": True, "emailByType": {"role_changed": False}}}
        )
        owner = role_team[Role.OWNER].caller
        change_member_roles(db, owner, role_team.id, {member.uid: Role.ADMIN})
        fan_out_latest(db, role_team.id, EventType.ROLE_CHANGED, mail_settings)
        remove_member(db, owner, role_team.id, member.uid)

        fan_out_latest(db, role_team.id, EventType.MEMBER_REMOVED, mail_settings)

        assert [m["message"]["subject"] for m in mail_to(db, member.email)] == [
            "You were removed from Acme on Teamkit Test"
        ]


def test_a_failed_mail_leaves_the_membership_it_announces_alone(
    db: firestore.Client,
    role_team: RoleTeam,
    build: Builders,
    mail_settings: MailSettings,
    sendgrid: FakeSendGrid,
) -> None:
    newcomer: TestUser = build.add_member(role_team.id, Role.MEMBER)
    event_id = fan_out_latest(db, role_team.id, EventType.MEMBER_ADDED, mail_settings)
    (mail_id,) = all_mail(db)
    sendgrid.fail_next(400)

    delivery = deliver_mail(db, mail_id, settings=mail_settings)

    assert delivery.outcome is Outcome.FAILED
    assert role_of(db, role_team.id, newcomer.uid) is Role.MEMBER
    assert newcomer.uid in notified_uids(db, event_id)


def test_a_team_with_a_thousand_admins_is_notified_in_batches(
    db: firestore.Client, build: Builders, mail_settings: MailSettings
) -> None:
    team_id, owner = build.new_team()
    admins = [f"admin-{number:04d}" for number in range(1000)]
    for start in range(0, len(admins), 400):
        batch = db.batch()
        for uid in admins[start : start + 400]:
            batch.set(
                paths.member(db, team_id, uid), {"uid": uid, "teamId": team_id, "role": "admin"}
            )
        batch.commit()
    update_team(db, owner.caller, team_id, name="Acme Corp")

    event_id = fan_out_latest(db, team_id, EventType.TEAM_RENAMED, mail_settings)

    notified = db.collection_group(paths.NOTIFICATIONS).where(
        filter=firestore.FieldFilter("eventId", "==", event_id)
    )
    counted: Any = notified.count()  # the client's hints for count() are off
    assert counted.get()[0][0].value == 1000
    assert paths.event(db, team_id, event_id).get().get(FAN_OUT_FIELD)["notifications"] == 1000
    assert notifications_of(db, admins[-1])[event_id]["message"] == (
        f"{owner.display_name} renamed Acme to Acme Corp."
    )
