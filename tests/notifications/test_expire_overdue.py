"""The expiry sweep (expireInvites): overdue pending invites become expired with their counter
and event; tokens and event secrets past their expiry are deleted; nothing else changes."""

from __future__ import annotations

from datetime import timedelta

from google.cloud import firestore

from teamkit import paths
from teamkit.documents import InviteStatus
from teamkit.event_types import EventType
from teamkit.invitations.expire_overdue import expire_overdue
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.roles import Role
from tests.support.builders import Builders
from tests.support.state import assert_counts_match, events_of

WEEK = timedelta(days=7)


def status_of(db: firestore.Client, team_id: str, invite_id: str) -> str:
    return str(paths.invite(db, team_id, invite_id).get().get("status"))


def test_an_overdue_invite_expires_with_its_seat_freed_and_an_event(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    sent = invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io", Role.ADMIN))

    sweep = expire_overdue(db, now=sent.expires_at + timedelta(seconds=1))

    assert sweep.expired == 1
    assert status_of(db, team_id, sent.invite_id) == InviteStatus.EXPIRED
    assert paths.team(db, team_id).get().get("pendingInviteCount") == 0
    (event,) = events_of(db, team_id, EventType.INVITE_EXPIRED)
    assert event["actorUid"] is None and event["subjectEmail"] == "pat@x.io"
    assert (event["inviteId"], event["invitedBy"], event["role"]) == (
        sent.invite_id,
        owner.uid,
        "admin",
    )
    assert_counts_match(db, team_id)


def test_invites_not_yet_due_or_already_answered_are_left_alone(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    fresh = invite_member(db, owner.caller, team_id, InviteRequest("fresh@x.io"))
    revoked = invite_member(db, owner.caller, team_id, InviteRequest("gone@x.io"))
    revoke_invite(db, owner.caller, team_id, revoked.invite_id)

    sweep = expire_overdue(db, now=fresh.expires_at - timedelta(seconds=1))

    assert sweep.expired == 0
    assert status_of(db, team_id, fresh.invite_id) == InviteStatus.PENDING
    assert status_of(db, team_id, revoked.invite_id) == InviteStatus.REVOKED
    assert_counts_match(db, team_id)


def test_running_the_sweep_twice_expires_each_invite_once(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    sent = [invite_member(db, owner.caller, team_id, InviteRequest(f"p{n}@x.io")) for n in range(3)]
    later = sent[-1].expires_at + timedelta(minutes=1)

    first, second = expire_overdue(db, now=later), expire_overdue(db, now=later)

    assert (first.expired, second.expired) == (3, 0)
    assert len(events_of(db, team_id, EventType.INVITE_EXPIRED)) == 3
    assert_counts_match(db, team_id)


def test_tokens_and_event_secrets_past_their_expiry_are_deleted(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    old = invite_member(db, owner.caller, team_id, InviteRequest("old@x.io"))
    new = invite_member(
        db, owner.caller, team_id, InviteRequest("new@x.io"), now=old.expires_at - WEEK / 2
    )

    sweep = expire_overdue(db, now=old.expires_at + timedelta(seconds=1))

    assert (sweep.tokens_deleted, sweep.secrets_deleted) == (1, 1)
    remaining = [t.get("inviteId") for t in paths.invite_tokens(db).stream()]
    assert remaining == [new.invite_id]
    assert [s.get("inviteId") for s in paths.event_secrets(db).stream()] == [new.invite_id]
