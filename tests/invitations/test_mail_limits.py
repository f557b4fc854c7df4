"""Mail floods (docs/hardening.md, docs/notifications.md): one limit per (team, recipient address),
across every path that mails. Invitations, whatever sent them (invite, re-invite after a revoke,
decline or expiry, resend): one a minute and five a day, a refused one answers 429 and changes
nothing. Membership emails (added, removed, role changed): at most three an hour; the changes and
their in-app notifications go through regardless."""

from __future__ import annotations

from datetime import timedelta

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.errors import RateLimited, Reason
from teamkit.event_types import EventType
from teamkit.invitations.decline_invite import decline_invite
from teamkit.invitations.invite_members import (
    InviteRequest,
    InviteSent,
    invite_member,
    invite_members,
)
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.resend_invite import resend_invite
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.mail.config import MailSettings
from teamkit.mail.limits import MEMBERSHIP_PER_HOUR, limit_ref, queue_limited_mail
from teamkit.membership.add_existing_member import add_existing_member
from teamkit.membership.remove_member import remove_member
from teamkit.notifications.notify_team_event import notify_team_event
from teamkit.roles import Role
from tests.notifications.helpers import event_ids, mail_to, notifications_of
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.racing import race
from tests.support.state import events_of, team_state

MINUTE = timedelta(minutes=1)


def test_revoke_and_invite_again_within_a_minute_is_refused_and_changes_nothing(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    start = utcnow()
    sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
    revoke_invite(db, owner, role_team.id, sent.invite_id, now=start + timedelta(seconds=10))
    before = team_state(db, role_team.id)

    with pytest.raises(RateLimited) as refused:
        invite_member(
            db, owner, role_team.id, InviteRequest("p@x.io"), now=start + timedelta(seconds=20)
        )

    assert refused.value.reason is Reason.RATE_LIMITED
    assert refused.value.details == {"retryAfterSeconds": 40}
    assert team_state(db, role_team.id) == before


def test_decline_and_invite_again_within_a_minute_is_refused(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner = role_team[Role.OWNER].caller
    pat = build.new_user("p@x.io")
    start = utcnow()
    sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
    decline_invite(
        db, pat.caller, InviteAddress(team_id=role_team.id, invite_id=sent.invite_id), now=start
    )

    with pytest.raises(RateLimited):
        invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start + MINUTE / 2)


def test_five_invitations_a_day_whatever_sent_them(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    start = utcnow() - timedelta(hours=1)
    at = [start + i * 2 * MINUTE for i in range(7)]
    sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=at[0])
    resend_invite(db, owner, role_team.id, invite_id=sent.invite_id, now=at[1])
    revoke_invite(db, owner, role_team.id, sent.invite_id, now=at[1])
    invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=at[2])
    revoke_invite(db, owner, role_team.id, sent.invite_id, now=at[2])
    invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=at[3])
    resend_invite(db, owner, role_team.id, email="p@x.io", now=at[4])
    revoke_invite(db, owner, role_team.id, sent.invite_id, now=at[4])
    before = team_state(db, role_team.id)

    with pytest.raises(RateLimited, match="5 a day") as refused:
        invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=at[5])

    assert team_state(db, role_team.id) == before
    retry = refused.value.details or {}
    assert retry["retryAfterSeconds"] == int((timedelta(days=1) - (at[5] - at[0])).total_seconds())
    assert len(events_of(db, role_team.id, "member_invited")) == 3
    assert len(events_of(db, role_team.id, "invite_resent")) == 2


def test_in_a_bulk_invite_only_the_limited_address_fails(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    start = utcnow()
    sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
    revoke_invite(db, owner, role_team.id, sent.invite_id, now=start)

    outcomes = invite_members(
        db,
        owner,
        role_team.id,
        [InviteRequest("p@x.io"), InviteRequest("q@x.io")],
        now=start + timedelta(seconds=5),
    )

    assert isinstance(outcomes[0], RateLimited)
    assert not isinstance(outcomes[1], RateLimited)


def test_the_limit_is_per_team(db: firestore.Client, build: Builders) -> None:
    first, owner = build.new_team(name="First")
    second, _ = build.new_team(owner=owner, name="Second")
    start = utcnow()

    invite_member(db, owner.caller, first, InviteRequest("p@x.io"), now=start)
    invite_member(db, owner.caller, second, InviteRequest("p@x.io"), now=start)

    assert paths.invites(db, second).get()


def test_racing_resends_and_reinvites_send_one_invitation_a_minute(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER].caller
    start = utcnow() - timedelta(hours=1)
    sent = invite_member(db, owner, role_team.id, InviteRequest("p@x.io"), now=start)
    then = start + 2 * MINUTE

    outcomes = race(
        [
            lambda: resend_invite(db, owner, role_team.id, invite_id=sent.invite_id, now=then)
            for _ in range(8)
        ]
    )

    assert sum(isinstance(outcome, InviteSent) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, RateLimited) for outcome in outcomes) == 7
    assert len(events_of(db, role_team.id, "invite_resent")) == 1
    assert limit_ref(db, role_team.id, "p@x.io").get().get("invites") == [start, then]


def test_racing_membership_mails_to_one_address_take_the_cap_and_no_more(
    db: firestore.Client,
) -> None:
    now = utcnow()

    queued = race(
        [
            lambda i=i: queue_limited_mail(  # type: ignore[misc]
                db, "team-1", "p@x.io", f"mail-{i}", {"to": "p@x.io", "n": i}, now=now
            )
            for i in range(8)
        ]
    )

    assert sum(queued) == MEMBERSHIP_PER_HOUR
    assert len(mail_to(db, "p@x.io")) == MEMBERSHIP_PER_HOUR


def test_add_and_remove_cycles_mail_at_most_three_times_an_hour_but_notify_every_time(
    db: firestore.Client, role_team: RoleTeam, build: Builders, mail_settings: MailSettings
) -> None:
    owner = role_team[Role.OWNER].caller
    pat = build.new_user("p@x.io")
    for _ in range(4):
        add_existing_member(db, owner, role_team.id, uid=pat.uid)
        remove_member(db, owner, role_team.id, pat.uid)

    for event_type in (EventType.MEMBER_ADDED, EventType.MEMBER_REMOVED):
        for event_id in event_ids(db, role_team.id, event_type):
            notify_team_event(db, role_team.id, event_id, settings=mail_settings)

    assert len(mail_to(db, "p@x.io")) == MEMBERSHIP_PER_HOUR
    assert len(notifications_of(db, pat.uid)) == 8


def test_over_http_a_refused_invite_answers_429_with_retry_after(
    api: Api, db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER]
    sent = invite_member(db, owner.caller, role_team.id, InviteRequest("p@x.io"))
    revoke_invite(db, owner.caller, role_team.id, sent.invite_id)

    reply = api.call("inviteMember", owner, {"teamId": role_team.id, "email": "p@x.io"})

    assert reply.status == 429, reply.body
    error = reply.body["error"]
    assert (error["status"], error["reason"]) == ("RESOURCE_EXHAUSTED", "RATE_LIMITED")
    seconds = error["details"]["retryAfterSeconds"]
    assert isinstance(seconds, int) and 1 <= seconds <= 60
    assert reply.headers["Retry-After"] == str(seconds)
