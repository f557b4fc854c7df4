"""Who may touch a team's billing, generated from the permission table: every role the table
refuses (and a non-member) gets 403, and Stripe hears nothing of it."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from teamkit.roles import PERMISSIONS, Action, Role
from tests.support.billing import SEAT_PRICE, Billing
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.roles import roles_allowed, roles_denied
from tests.support.state import team_state

FUNCTIONS: dict[str, tuple[Action, dict[str, Any]]] = {
    "createCheckoutSession": (
        Action.MANAGE_BILLING,
        {"priceId": SEAT_PRICE, "successUrl": "https://a.test/ok", "cancelUrl": "https://a.test"},
    ),
    "createBillingPortalSession": (Action.MANAGE_BILLING, {"returnUrl": "https://a.test"}),
    "getBillingOverview": (Action.READ_BILLING, {}),
}

DENIED = [(name, role) for name, (action, _) in FUNCTIONS.items() for role in roles_denied(action)]
ALLOWED = [
    (name, role) for name, (action, _) in FUNCTIONS.items() for role in roles_allowed(action)
]


def test_the_table_gives_billing_to_owner_and_billing_and_reading_to_admins_too() -> None:
    assert PERMISSIONS[Action.MANAGE_BILLING] == {Role.OWNER, Role.BILLING}
    assert PERMISSIONS[Action.READ_BILLING] == {Role.OWNER, Role.ADMIN, Role.BILLING}


@pytest.mark.parametrize(("name", "role"), DENIED)
def test_a_role_without_the_permission_is_refused(
    api: Api, billing: Billing, role_team: RoleTeam, name: str, role: Role
) -> None:
    _, extra = FUNCTIONS[name]
    before = team_state(billing.db, role_team.id)

    reply = api.call(name, role_team[role], {"teamId": role_team.id, **extra})

    assert reply.status == 403, reply.body
    assert reply.error_status == "PERMISSION_DENIED"
    assert team_state(billing.db, role_team.id) == before
    assert billing.recorder.requests() == []


@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_non_member_is_refused(
    api: Api, db: firestore.Client, billing: Billing, build: Builders, name: str
) -> None:
    team_id, _ = build.new_team()
    stranger = build.new_user()
    _, extra = FUNCTIONS[name]

    reply = api.call(name, stranger, {"teamId": team_id, **extra})

    assert reply.status == 403 and reply.error_status == "PERMISSION_DENIED"
    assert billing.recorder.requests() == []


@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_missing_token_is_401(api: Api, billing: Billing, name: str) -> None:
    _, extra = FUNCTIONS[name]

    reply = api.call(name, None, {"teamId": "any", **extra})

    assert reply.status == 401 and reply.error_status == "UNAUTHENTICATED"


@pytest.mark.parametrize(("name", "role"), ALLOWED)
def test_a_role_with_the_permission_is_served(
    api: Api, billing: Billing, role_team: RoleTeam, name: str, role: Role
) -> None:
    _, extra = FUNCTIONS[name]

    reply = api.call(name, role_team[role], {"teamId": role_team.id, **extra})

    assert reply.status == 200, reply.body


@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_deleted_team_is_not_found(
    api: Api, db: firestore.Client, billing: Billing, build: Builders, name: str
) -> None:
    team_id, owner = build.new_team()
    api.call("deleteTeam", owner, {"teamId": team_id})
    _, extra = FUNCTIONS[name]

    reply = api.call(name, owner, {"teamId": team_id, **extra})

    assert reply.status == 404 and reply.error_status == "NOT_FOUND"
