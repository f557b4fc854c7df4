"""Entitlements: a team whose subscription is past due, unpaid, paused or canceled may not grow
past the free seats; removing people, leaving and accepting invites already sent keep working."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from devtools.fakes.stripe_events import stripe_event, subscription_object
from teamkit import paths
from teamkit.billing.entitlements import LAPSED
from teamkit.billing.errors import SubscriptionLapsed
from teamkit.config import settings
from teamkit.documents import SubscriptionStatus, Team, TeamBilling, TeamStatus
from teamkit.errors import SeatLimitReached
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.membership.core import check_seats
from teamkit.roles import Role
from tests.support.billing import Billing, deliver
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.state import assert_counts_match, role_of


def a_team(members: int, status: str | None = None, seat_limit: int | None = None) -> Team:
    billing: dict[str, Any] = {"subscriptionId": "sub_1", "status": status} if status else {}
    return Team(
        id="t",
        name="Acme",
        status=TeamStatus.ACTIVE,
        member_count=members,
        owner_count=1,
        pending_invite_count=0,
        seat_limit=seat_limit,
        allowed_domains=(),
        billing=TeamBilling.model_validate(billing),
    )


def check_growth(team: Team, adding: int, *, free_seats: int) -> None:
    """What a use case checks before the team grows: its seat limit, then billing's free seats."""
    check_seats(team, adding, free_seats=free_seats)


@pytest.mark.parametrize("status", sorted(LAPSED))
def test_a_lapsed_team_may_not_grow_past_the_free_seats(status: str) -> None:
    with pytest.raises(SubscriptionLapsed, match=status):
        check_growth(a_team(3, status), 1, free_seats=3)


@pytest.mark.parametrize("status", sorted(LAPSED))
def test_a_lapsed_team_may_still_fill_its_free_seats(status: str) -> None:
    check_growth(a_team(2, status), 1, free_seats=3)


@pytest.mark.parametrize(
    "status",
    [None, *sorted(set(SubscriptionStatus) - LAPSED)],
)
def test_a_team_in_good_standing_or_never_subscribed_is_not_limited_by_billing(
    status: str | None,
) -> None:
    check_growth(a_team(50, status), 10, free_seats=3)


def test_using_a_seat_already_counted_is_not_growing() -> None:
    check_growth(a_team(9, "canceled"), 0, free_seats=3)


def test_the_seat_limit_still_applies_in_good_standing() -> None:
    with pytest.raises(SeatLimitReached):
        check_growth(a_team(5, "active", seat_limit=5), 1, free_seats=3)


def test_the_free_seats_default_to_the_param() -> None:
    with pytest.raises(SubscriptionLapsed, match="at most 3"):
        check_growth(a_team(3, "unpaid"), 1, free_seats=settings().free_seats)


def lapse(api: Api, billing: Billing, team_id: str, status: str = "past_due") -> None:
    """Tell the webhook the team's subscription is in `status`."""
    customer = billing.customer_of(team_id)
    event = stripe_event(
        "customer.subscription.updated", subscription_object("sub_lapsed", customer, status=status)
    )
    assert deliver(api, event).body["outcome"] == "applied"


def test_inviting_is_refused_with_412_while_the_subscription_is_past_due(
    api: Api, db: firestore.Client, billing: Billing, role_team: RoleTeam
) -> None:
    lapse(api, billing, role_team.id)

    reply = api.call(
        "inviteMember", role_team[Role.OWNER], {"teamId": role_team.id, "email": "new@example.com"}
    )

    assert reply.status == 412, reply.body
    assert reply.error_status == "FAILED_PRECONDITION"
    assert "past_due" in reply.body["error"]["message"]
    assert paths.invites(db, role_team.id).get() == []


def test_adding_an_existing_user_is_refused_too(
    api: Api, billing: Billing, build: Builders, role_team: RoleTeam
) -> None:
    lapse(api, billing, role_team.id, status="canceled")
    someone = build.new_user()

    reply = api.call(
        "addExistingMember", role_team[Role.ADMIN], {"teamId": role_team.id, "uid": someone.uid}
    )

    assert reply.status == 412 and reply.error_status == "FAILED_PRECONDITION"


def test_removing_and_leaving_still_work_while_lapsed(
    api: Api, db: firestore.Client, billing: Billing, role_team: RoleTeam
) -> None:
    lapse(api, billing, role_team.id, status="unpaid")
    owner, viewer = role_team[Role.OWNER], role_team[Role.VIEWER]

    removed = api.call(
        "removeMember", owner, {"teamId": role_team.id, "uid": role_team[Role.MEMBER].uid}
    )
    left = api.call("leaveTeam", viewer, {"teamId": role_team.id})

    assert removed.status == 200 and left.status == 200
    assert role_of(db, role_team.id, role_team[Role.MEMBER].uid) is None
    assert role_of(db, role_team.id, viewer.uid) is None
    assert_counts_match(db, role_team.id)


def test_an_invite_sent_before_the_lapse_can_still_be_accepted(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()
    guest = build.new_user()
    sent = invite_member(db, owner.caller, team_id, InviteRequest(guest.email))
    lapse(api, billing, team_id)

    reply = api.call("acceptInvite", guest, {"teamId": team_id, "inviteId": sent.invite_id})

    assert reply.status == 200, reply.body
    assert role_of(db, team_id, guest.uid) is Role.MEMBER


def test_a_small_lapsed_team_may_still_invite_up_to_the_free_seats(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()
    lapse(api, billing, team_id, status="canceled")

    replies = [
        api.call("inviteMember", owner, {"teamId": team_id, "email": f"p{n}@example.com"})
        for n in range(3)
    ]

    assert [r.status for r in replies] == [201, 201, 412]
    assert_counts_match(db, team_id)
