"""End to end through the Functions emulator: HTTP calls record events, `onTeamEvent` fans them
out, `onMailQueued` sends through the fake SendGrid. Few and patient: each waits for the
background work it expects, and for all of it to settle before the next test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from google.cloud import firestore

from devtools.emulators import Suite
from devtools.fakes.sendgrid_fake import FakeSendGrid, SendGridRequest
from teamkit import paths
from teamkit.event_types import EventType
from teamkit.roles import Role
from tests.notifications.helpers import event_ids, mail_to, notified_uids, redeliver
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.state import role_of
from tests.support.waiting import eventually, wait_until_settled

pytestmark = pytest.mark.triggers


@pytest.fixture(autouse=True)
def _settle(db: firestore.Client) -> Iterator[None]:
    """Nothing a test started may still be writing when the next one begins."""
    yield
    wait_until_settled(db)


def one_mail_to(sendgrid: FakeSendGrid, address: str, subject: str = "") -> SendGridRequest:
    """The one mail SendGrid accepted for `address` (with `subject` in its subject), once
    it has."""

    def received() -> SendGridRequest:
        requests = sendgrid.sent_to(address, subject=subject)
        assert len(requests) == 1, requests
        return requests[0]

    return eventually(received, timeout=60)


def wait_for_notified(db: firestore.Client, team_id: str, event_type: str) -> tuple[str, set[str]]:
    """The team's (only) event of `event_type` once fanned out, and who was notified."""

    def fanned_out() -> tuple[str, set[str]]:
        events = event_ids(db, team_id, event_type)
        assert len(events) == 1, events
        event_id = events[0]
        assert (paths.event(db, team_id, event_id).get().to_dict() or {}).get("fanOut")
        return event_id, notified_uids(db, event_id)

    return eventually(fanned_out, timeout=60)


def test_an_http_invite_mails_a_working_link_and_accepting_notifies_the_inviter_and_admins(
    api: Api,
    db: firestore.Client,
    build: Builders,
    role_team: RoleTeam,
    sendgrid: FakeSendGrid,
) -> None:
    admin = role_team[Role.ADMIN]
    second_admin = build.add_member(role_team.id, Role.ADMIN)

    reply = api.call(
        "inviteMember", admin, {"teamId": role_team.id, "email": "Pat@X.io", "role": "member"}
    )

    assert reply.status == 201, reply.body
    invitation = one_mail_to(sendgrid, "pat@x.io")
    assert invitation.subject == f"{admin.display_name} invited you to join Acme on teamkit"
    assert invitation.token is not None
    assert f"accept-invite?token={invitation.token}" in invitation.html
    pat = build.new_user("pat@x.io", name="Pat")
    accepted = api.call("acceptInvite", pat, {"token": invitation.token})
    assert accepted.status == 200, accepted.body
    assert role_of(db, role_team.id, pat.uid) is Role.MEMBER
    _, notified = wait_for_notified(db, role_team.id, EventType.INVITE_ACCEPTED)
    assert notified == {role_team[Role.OWNER].uid, admin.uid, second_admin.uid}
    (queued,) = mail_to(db, "pat@x.io")
    assert queued["delivery"]["state"] == "SUCCESS"
    assert queued["delivery"]["info"]["messageId"] == invitation.message_id
    assert list(paths.event_secrets(db).stream()) == []


def test_a_role_change_and_a_removal_notify_the_member_and_the_admins_not_the_actor(
    api: Api, db: firestore.Client, role_team: RoleTeam, sendgrid: FakeSendGrid
) -> None:
    admin, member, billing = role_team[Role.ADMIN], role_team[Role.MEMBER], role_team[Role.BILLING]

    changed = api.call(
        "changeMemberRoles", admin, {"teamId": role_team.id, "changes": {member.uid: "viewer"}}
    )
    removed = api.call("removeMember", admin, {"teamId": role_team.id, "uid": billing.uid})

    assert (changed.status, removed.status) == (200, 200), (changed.body, removed.body)
    owner = role_team[Role.OWNER].uid
    assert wait_for_notified(db, role_team.id, EventType.ROLE_CHANGED)[1] == {owner, member.uid}
    assert wait_for_notified(db, role_team.id, EventType.MEMBER_REMOVED)[1] == {owner, billing.uid}
    assert one_mail_to(sendgrid, member.email, "role").subject == "Your role in Acme is now viewer"
    assert one_mail_to(sendgrid, billing.email, "removed").subject == (
        "You were removed from Acme on teamkit"
    )
    wait_until_settled(db)
    assert all(r.subject.startswith("You were added") for r in sendgrid.sent_to(admin.email))


def test_an_event_delivered_again_by_the_emulator_converges_to_the_same_documents(
    api: Api,
    db: firestore.Client,
    role_team: RoleTeam,
    sendgrid: FakeSendGrid,
    suite: Suite,
) -> None:
    reply = api.call(
        "inviteMember", role_team[Role.ADMIN], {"teamId": role_team.id, "email": "pat@x.io"}
    )
    assert reply.status == 201, reply.body
    event_id, notified = wait_for_notified(db, role_team.id, EventType.MEMBER_INVITED)
    one_mail_to(sendgrid, "pat@x.io")
    wait_until_settled(db)
    event = paths.event(db, role_team.id, event_id).get()
    before = _notifications(db, notified, event_id)
    (mail,) = [m for m in paths.mail(db).stream() if m.get("to") == "pat@x.io"]

    statuses = [redeliver(suite, "onTeamEvent", event, event_id) for _ in range(2)]
    racing: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: racing.append(redeliver(suite, "onTeamEvent", event, event_id))
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses.append(redeliver(suite, "onMailQueued", mail, "mail-redelivery"))

    assert statuses + racing == [200] * 5
    wait_until_settled(db)
    assert _notifications(db, notified, event_id) == before
    assert len(mail_to(db, "pat@x.io")) == 1
    assert len(sendgrid.sent_to("pat@x.io")) == 1


def _notifications(db: firestore.Client, uids: set[str], event_id: str) -> dict[str, Any]:
    return {uid: paths.notification(db, uid, event_id).get().to_dict() for uid in sorted(uids)}
