"""Bulk actions notify owners and admins once per batch, not once per address; every invitee
still gets their own email, and redelivered events change nothing."""

from __future__ import annotations

from google.cloud import firestore

from teamkit import paths
from teamkit.invitations.invite_members import InviteRequest, invite_member, invite_members
from teamkit.mail.config import MailSettings
from teamkit.notifications.notify_team_event import notify_team_event
from teamkit.roles import Role
from tests.notifications.helpers import all_mail, event_ids, notifications_of, notified_uids
from tests.support.builders import Builders
from tests.support.snapshots import database_state, state_difference
from tests.support.state import events_of


def _fan_out_everything(db: firestore.Client, team_id: str, settings: MailSettings) -> None:
    for event in paths.events(db, team_id).stream():
        notify_team_event(db, team_id, event.id, settings=settings)


def test_a_bulk_invite_gives_each_owner_and_admin_one_notification(
    db: firestore.Client, build: Builders, mail_settings: MailSettings
) -> None:
    team_id, bob = build.new_team(owner=build.new_user(name="Bob"))
    admins = [build.add_member(team_id, Role.ADMIN) for _ in range(2)]
    co_owner = build.add_member(team_id, Role.OWNER)
    member = build.add_member(team_id, Role.MEMBER)
    emails = [f"new{n}@x.io" for n in range(12)]
    for event_id in event_ids(db, team_id, "member_added"):
        notify_team_event(db, team_id, event_id, settings=mail_settings)
    mail_before = len(all_mail(db))

    invite_members(db, bob.caller, team_id, [InviteRequest(email) for email in emails])
    _fan_out_everything(db, team_id, mail_settings)

    (batch,) = events_of(db, team_id, "members_invited")
    assert batch["count"] == 12 and batch["actorUid"] == bob.uid
    per_invite = events_of(db, team_id, "member_invited")
    batch_id = event_ids(db, team_id, "members_invited")[0]
    assert len(per_invite) == 12 and {e["batchId"] for e in per_invite} == {batch_id}
    for reviewer in [*admins, co_owner]:
        about_invites = [
            n
            for n in notifications_of(db, reviewer.uid).values()
            if n["type"] in ("members_invited", "member_invited")
        ]
        assert [n["message"] for n in about_invites] == ["Bob invited 12 people to Acme."]
        assert about_invites[0]["count"] == 12
    assert not any(n["type"] == "members_invited" for n in notifications_of(db, bob.uid).values())
    assert [n["type"] for n in notifications_of(db, member.uid).values()] == ["member_added"]
    assert {m["to"] for m in all_mail(db).values() if m["context"]["type"] == "member_invited"} == (
        set(emails)
    )
    assert len(all_mail(db)) - mail_before == 12
    assert list(db.collection(paths.EVENT_SECRETS).stream()) == []


def test_a_single_invite_still_notifies_owners_and_admins_of_it(
    db: firestore.Client, build: Builders, mail_settings: MailSettings
) -> None:
    team_id, owner = build.new_team()
    admin = build.add_member(team_id, Role.ADMIN)

    invite_member(db, owner.caller, team_id, InviteRequest("solo@x.io"))
    invite_members(db, owner.caller, team_id, [InviteRequest("one@x.io"), InviteRequest("bad")])
    (single, one) = event_ids(db, team_id, "member_invited")
    for event_id in (single, one):
        notify_team_event(db, team_id, event_id, settings=mail_settings)

    assert events_of(db, team_id, "members_invited") == []
    assert notified_uids(db, single) == {admin.uid}
    assert notified_uids(db, one) == {admin.uid}


def test_redelivering_the_batch_and_its_items_changes_nothing(
    db: firestore.Client, build: Builders, mail_settings: MailSettings
) -> None:
    team_id, owner = build.new_team()
    build.add_member(team_id, Role.ADMIN)
    invite_members(db, owner.caller, team_id, [InviteRequest(f"r{n}@x.io") for n in range(3)])
    _fan_out_everything(db, team_id, mail_settings)
    once = database_state(db)

    _fan_out_everything(db, team_id, mail_settings)
    _fan_out_everything(db, team_id, mail_settings)

    assert state_difference(once, database_state(db)) == []
