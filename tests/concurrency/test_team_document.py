"""Every membership transaction reads and writes its team document (pinned to the version it
read), so any two changes of one team conflict there and commit one after the other
(`teamkit.transactions`): shown per use case (the event and the team document carry the same
commit time), enforced at commit, and raced for real with threads."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from google.cloud import firestore

from devtools.auth_emulator import TestUser
from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import DomainJoin, Team
from teamkit.errors import TeamsError
from teamkit.event_types import EventType
from teamkit.events import TeamChanged, record_event
from teamkit.invitations.decline_invite import decline_invite
from teamkit.invitations.expire_overdue import expire_overdue
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.resend_invite import resend_invite
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.joining.domain_join import REQUEST_TTL, join_team
from teamkit.joining.join_requests import approve_join_request, deny_join_request
from teamkit.joining.links import create_invite_link, join_by_link, revoke_invite_link
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.roles import Role
from teamkit.tokens import invite_id_for
from teamkit.transactions import Transaction, UnserialisedChange, run_in_transaction
from tests.support.builders import Builders
from tests.support.racing import race
from tests.support.state import assert_counts_match, events_of, latest_invite_token

# Sends of one address are limited to one a minute (teamkit.mail.limits).
ONE_SEND_LATER = timedelta(minutes=2)
UPDATED = TeamChanged(type=EventType.TEAM_UPDATED, changes=[])


def assert_written_with_its_team(db: firestore.Client, team_id: str, event_type: str) -> None:
    """The latest `event_type` event was committed together with a write of the team."""
    events = [
        snapshot
        for snapshot in paths.events(db, team_id).stream()
        if snapshot.get("type") == event_type
    ]
    assert events, f"no {event_type} event"
    latest = max(events, key=lambda snapshot: snapshot.create_time)
    team = paths.team(db, team_id).get()
    assert team.update_time == latest.create_time, (
        f"{event_type} was committed without a write of its team document"
    )


@pytest.fixture
def corp(build: Builders) -> tuple[str, TestUser]:
    """A team taking join requests from corp.com, and its owner."""
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    return team_id, owner


# Each of these committed without writing the team document before (docs/hardening.md, R3.7).


def test_creating_and_revoking_a_link_write_the_team(
    db: firestore.Client, corp: tuple[str, TestUser]
) -> None:
    team_id, owner = corp

    created = create_invite_link(db, owner.caller, team_id)
    assert_written_with_its_team(db, team_id, EventType.LINK_CREATED)
    revoke_invite_link(db, owner.caller, team_id, created.link.id)
    assert_written_with_its_team(db, team_id, EventType.LINK_REVOKED)


def test_resending_a_pending_invite_writes_the_team(
    db: firestore.Client, corp: tuple[str, TestUser]
) -> None:
    team_id, owner = corp
    invite_member(db, owner.caller, team_id, InviteRequest("pat@corp.com"))

    resend_invite(db, owner.caller, team_id, email="pat@corp.com", now=utcnow() + ONE_SEND_LATER)

    assert_written_with_its_team(db, team_id, EventType.INVITE_RESENT)


def test_filing_denying_and_expiring_join_requests_write_the_team(
    db: firestore.Client, build: Builders, corp: tuple[str, TestUser]
) -> None:
    team_id, owner = corp
    pat, sam = build.new_user("pat@corp.com"), build.new_user("sam@corp.com")

    join_team(db, pat.caller, team_id)
    assert_written_with_its_team(db, team_id, EventType.JOIN_REQUESTED)
    deny_join_request(db, owner.caller, team_id, pat.uid)
    assert_written_with_its_team(db, team_id, EventType.JOIN_REQUEST_DENIED)
    join_team(db, sam.caller, team_id)
    expire_overdue(db, now=utcnow() + REQUEST_TTL)
    assert_written_with_its_team(db, team_id, EventType.JOIN_REQUEST_EXPIRED)


def test_approving_the_request_of_someone_already_a_member_writes_the_team(
    db: firestore.Client, build: Builders, corp: tuple[str, TestUser]
) -> None:
    team_id, owner = corp
    pat = build.new_user("pat@corp.com")
    join_team(db, pat.caller, team_id)
    join_by_link(db, pat.caller, build.new_link(team_id, owner).token)

    approved = approve_join_request(db, owner.caller, team_id, pat.uid)

    assert not approved.joined
    assert_written_with_its_team(db, team_id, EventType.JOIN_REQUEST_APPROVED)


def test_an_event_committed_without_a_pinned_write_of_its_team_is_refused(
    db: firestore.Client, corp: tuple[str, TestUser]
) -> None:
    team_id, _ = corp
    team_ref = paths.team(db, team_id)
    before = len(events_of(db, team_id, EventType.TEAM_UPDATED))

    def unpinned(transaction: Transaction) -> None:
        team = Team.from_snapshot(team_ref.get())  # read outside the transaction: no pin
        transaction.update(team_ref, team.touched(utcnow()))
        record_event(transaction, db, team, UPDATED, actor=None, at=utcnow())

    def silent(transaction: Transaction) -> None:
        team = Team.from_snapshot(transaction.get(team_ref))
        record_event(transaction, db, team, UPDATED, actor=None, at=utcnow())

    for body in (unpinned, silent):
        with pytest.raises(UnserialisedChange, match=team_ref.path):
            run_in_transaction(db, body)
    assert len(events_of(db, team_id, EventType.TEAM_UPDATED)) == before


# --- raced for real ---------------------------------------------------------------------------


def test_every_kind_of_membership_change_at_once_keeps_the_counters_exact(
    db: firestore.Client, build: Builders, corp: tuple[str, TestUser]
) -> None:
    team_id, owner = corp  # allows corp.com addresses only
    numbers = itertools.count(1)

    def colleague() -> TestUser:
        return build.new_user(f"colleague{next(numbers)}@corp.com")

    def member() -> TestUser:
        return build.add_member(team_id, user=colleague())

    admin = build.add_member(team_id, Role.ADMIN, user=colleague())
    leavers = [member() for _ in range(3)]
    promoted = [member() for _ in range(3)]
    removed = [member() for _ in range(3)]
    link = build.new_link(team_id, owner, max_uses=50)
    declining = [colleague() for _ in range(2)]
    for user in declining:
        invite_member(db, owner.caller, team_id, InviteRequest(user.email))
    revoked = [
        invite_member(db, owner.caller, team_id, InviteRequest(f"r{i}@corp.com")) for i in (1, 2)
    ]
    resent = [
        invite_member(db, owner.caller, team_id, InviteRequest(f"s{i}@corp.com")) for i in (1, 2)
    ]
    asking = [colleague() for _ in range(4)]
    for user in asking[:2]:
        join_team(db, user.caller, team_id)
    tokens = {
        user.uid: latest_invite_token(db, team_id, invite_id_for(user.email)) for user in declining
    }
    later = utcnow() + ONE_SEND_LATER

    calls: list[Callable[[], Any]] = [
        *(partial(join_by_link, db, colleague().caller, link.token) for _ in range(4)),
        *(partial(leave_team, db, user.caller, team_id) for user in leavers),
        *(partial(remove_member, db, admin.caller, team_id, user.uid) for user in removed),
        *(
            partial(change_member_roles, db, owner.caller, team_id, {user.uid: Role.VIEWER})
            for user in promoted
        ),
        *(
            partial(invite_member, db, admin.caller, team_id, InviteRequest(f"n{i}@corp.com"))
            for i in (1, 2, 3)
        ),
        *(
            partial(decline_invite, db, user.caller, InviteAddress(token=tokens[user.uid]))
            for user in declining
        ),
        *(partial(revoke_invite, db, admin.caller, team_id, sent.invite_id) for sent in revoked),
        *(
            partial(resend_invite, db, owner.caller, team_id, invite_id=sent.invite_id, now=later)
            for sent in resent
        ),
        partial(approve_join_request, db, admin.caller, team_id, asking[0].uid),
        partial(deny_join_request, db, owner.caller, team_id, asking[1].uid),
        *(partial(join_team, db, user.caller, team_id) for user in asking[2:]),
        *(partial(create_invite_link, db, admin.caller, team_id) for _ in range(2)),
    ]

    outcomes = race(calls)

    assert [o for o in outcomes if isinstance(o, TeamsError)] == []
    team = paths.team(db, team_id).get().to_dict() or {}
    assert team["memberCount"] == 1 + 1 + 3 + 4 + 1  # owner, admin, promoted, joiners, approved
    assert team["pendingInviteCount"] == 2 + 3  # resent and new; declined and revoked are gone
    assert_counts_match(db, team_id)
    assert paths.invite(db, team_id, invite_id_for("n1@corp.com")).get().get("status") == "pending"
