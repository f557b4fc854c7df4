"""Join requests: owners and admins approve or deny them; they expire after 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from google.cloud import firestore

from devtools.auth_emulator import TestUser
from teamkit import paths
from teamkit.accounts.delete_account import delete_account
from teamkit.clock import utcnow
from teamkit.documents import DomainJoin
from teamkit.errors import JoinRequestNotFound, PermissionDenied, Reason, SeatLimitReached
from teamkit.invitations.expire_overdue import expire_overdue
from teamkit.joining.domain_join import join_team
from teamkit.joining.join_requests import approve_join_request, deny_join_request
from teamkit.mail.config import MailSettings
from teamkit.notifications.notify_team_event import notify_team_event
from teamkit.roles import Action, Role
from teamkit.teams.update_team import update_team
from tests.notifications.helpers import event_ids, mail_to, notifications_of
from tests.support.builders import Builders, RoleTeam
from tests.support.roles import roles_allowed, roles_denied
from tests.support.state import assert_counts_match, events_of, role_of, team_state


@pytest.fixture
def asking_team(build: Builders) -> RoleTeam:
    """A team with every role that takes join requests from corp.com."""
    team = build.team_with_every_role()
    build.open_to_domain(team.id, team[Role.OWNER], "corp.com", DomainJoin.REQUEST)
    return team


def _requester(db: firestore.Client, build: Builders, team_id: str, name: str = "Pat") -> TestUser:
    user = build.new_user(f"{name.lower()}@corp.com", name=name)
    join_team(db, user.caller, team_id)
    return user


@pytest.mark.parametrize("actor", roles_allowed(Action.REVIEW_JOIN_REQUESTS))
def test_owners_and_admins_approve_a_request(
    db: firestore.Client, build: Builders, asking_team: RoleTeam, actor: Role
) -> None:
    pat = _requester(db, build, asking_team.id)

    approved = approve_join_request(db, asking_team[actor].caller, asking_team.id, pat.uid)

    assert approved.joined and approved.member.role is Role.MEMBER
    member = paths.member(db, asking_team.id, pat.uid).get().to_dict() or {}
    assert member["via"] == "request" and member["addedBy"] == asking_team[actor].uid
    request = paths.join_request(db, asking_team.id, pat.uid).get().to_dict() or {}
    assert request["status"] == "approved" and request["answeredBy"] == asking_team[actor].uid
    (event,) = events_of(db, asking_team.id, "join_request_approved")
    assert event["subjectUid"] == pat.uid and event["role"] == "member"
    assert_counts_match(db, asking_team.id)


@pytest.mark.parametrize("actor", roles_denied(Action.REVIEW_JOIN_REQUESTS))
def test_other_roles_can_neither_approve_nor_deny(
    db: firestore.Client, build: Builders, asking_team: RoleTeam, actor: Role
) -> None:
    pat = _requester(db, build, asking_team.id)
    before = team_state(db, asking_team.id)

    with pytest.raises(PermissionDenied):
        approve_join_request(db, asking_team[actor].caller, asking_team.id, pat.uid)
    with pytest.raises(PermissionDenied):
        deny_join_request(db, asking_team[actor].caller, asking_team.id, pat.uid)

    assert team_state(db, asking_team.id) == before


def test_a_stranger_cannot_approve_their_own_request(
    db: firestore.Client, build: Builders, asking_team: RoleTeam
) -> None:
    pat = _requester(db, build, asking_team.id)

    with pytest.raises(PermissionDenied):
        approve_join_request(db, pat.caller, asking_team.id, pat.uid)

    assert role_of(db, asking_team.id, pat.uid) is None


def test_an_approver_grants_only_roles_they_may(
    db: firestore.Client, build: Builders, asking_team: RoleTeam
) -> None:
    pat = _requester(db, build, asking_team.id)

    with pytest.raises(PermissionDenied):
        approve_join_request(
            db, asking_team[Role.ADMIN].caller, asking_team.id, pat.uid, role=Role.OWNER
        )
    approved = approve_join_request(
        db, asking_team[Role.ADMIN].caller, asking_team.id, pat.uid, role=Role.VIEWER
    )

    assert approved.member.role is Role.VIEWER


def test_denying_closes_the_request_without_a_membership(
    db: firestore.Client, build: Builders, asking_team: RoleTeam
) -> None:
    pat = _requester(db, build, asking_team.id)

    deny_join_request(db, asking_team[Role.ADMIN].caller, asking_team.id, pat.uid)

    assert paths.join_request(db, asking_team.id, pat.uid).get().get("status") == "denied"
    assert role_of(db, asking_team.id, pat.uid) is None
    assert len(events_of(db, asking_team.id, "join_request_denied")) == 1
    with pytest.raises(JoinRequestNotFound) as missing:
        approve_join_request(db, asking_team[Role.OWNER].caller, asking_team.id, pat.uid)
    assert missing.value.reason is Reason.JOIN_REQUEST_NOT_FOUND


def test_the_seat_limit_is_enforced_at_approval(
    db: firestore.Client, build: Builders, asking_team: RoleTeam
) -> None:
    pat = _requester(db, build, asking_team.id)
    owner = asking_team[Role.OWNER]
    update_team(db, owner.caller, asking_team.id, seat_limit=5)

    with pytest.raises(SeatLimitReached):
        approve_join_request(db, owner.caller, asking_team.id, pat.uid)

    assert paths.join_request(db, asking_team.id, pat.uid).get().get("status") == "pending"
    assert_counts_match(db, asking_team.id)


def test_a_deleted_account_leaves_no_request_to_approve(
    db: firestore.Client, build: Builders, asking_team: RoleTeam
) -> None:
    pat = _requester(db, build, asking_team.id)

    delete_account(db, pat.caller)

    assert not paths.join_request(db, asking_team.id, pat.uid).get().exists
    with pytest.raises(JoinRequestNotFound):
        approve_join_request(db, asking_team[Role.OWNER].caller, asking_team.id, pat.uid)
    assert not paths.user(db, pat.uid).get().exists


def test_an_unknown_request_is_not_found(db: firestore.Client, asking_team: RoleTeam) -> None:
    with pytest.raises(JoinRequestNotFound):
        deny_join_request(db, asking_team[Role.OWNER].caller, asking_team.id, "nobody")


def test_requests_expire_after_thirty_days(
    db: firestore.Client, build: Builders, asking_team: RoleTeam
) -> None:
    pat = _requester(db, build, asking_team.id)
    owner = asking_team[Role.OWNER]
    month_later = utcnow() + timedelta(days=30, minutes=1)

    with pytest.raises(JoinRequestNotFound):
        approve_join_request(db, owner.caller, asking_team.id, pat.uid, now=month_later)
    sweep = expire_overdue(db, now=month_later)
    again = expire_overdue(db, now=month_later)

    assert (sweep.join_requests_expired, again.join_requests_expired) == (1, 0)
    assert paths.join_request(db, asking_team.id, pat.uid).get().get("status") == "expired"
    (event,) = events_of(db, asking_team.id, "join_request_expired")
    assert event["subjectUid"] == pat.uid and event["actorUid"] is None


def test_the_requester_is_notified_either_way_and_reviewers_of_the_request(
    db: firestore.Client, build: Builders, asking_team: RoleTeam, mail_settings: MailSettings
) -> None:
    team_id, owner = asking_team.id, asking_team[Role.OWNER]
    pat, sam = _requester(db, build, team_id, "Pat"), _requester(db, build, team_id, "Sam")
    approve_join_request(db, owner.caller, team_id, pat.uid)
    deny_join_request(db, owner.caller, team_id, sam.uid)

    for event_type in ("join_requested", "join_request_approved", "join_request_denied"):
        for event_id in event_ids(db, team_id, event_type):
            notify_team_event(db, team_id, event_id, settings=mail_settings)

    messages = {n["type"]: n["message"] for n in notifications_of(db, pat.uid).values()}
    assert messages == {
        "join_request_approved": f"{owner.display_name} accepted your request to join Acme; "
        "you are a member now."
    }
    (denied,) = notifications_of(db, sam.uid).values()
    assert denied["message"] == f"{owner.display_name} declined your request to join Acme."
    admin_types = sorted(
        n["type"] for n in notifications_of(db, asking_team[Role.ADMIN].uid).values()
    )
    assert admin_types == [
        "join_request_approved",
        "join_request_denied",
        "join_requested",
        "join_requested",
    ]
    assert notifications_of(db, asking_team[Role.MEMBER].uid) == {}
    (approved_mail,) = mail_to(db, "pat@corp.com")
    (denied_mail,) = mail_to(db, "sam@corp.com")
    assert "accepted your request to join" in approved_mail["message"]["text"]
    assert "declined your request to join" in denied_mail["message"]["text"]
