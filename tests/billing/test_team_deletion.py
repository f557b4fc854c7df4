"""Deleting a paying team cancels its subscription (and a Stripe failure never un-deletes the
team); deleting an account never leaves a paying team without an owner."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from devtools.auth_emulator import TestUser
from devtools.fakes.stripe_events import stripe_event
from teamkit import paths
from teamkit.billing.cancel import (
    Cancellation,
    cancel_idempotency_key,
    retry_pending_cancellations,
)
from teamkit.roles import Role
from teamkit.teams import delete_team as delete_team_module
from tests.support.billing import SEAT_PRICE, Billing, deliver
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.waiting import eventually


def paying_team(
    api: Api, billing: Billing, build: Builders, members: int = 1
) -> tuple[str, str, TestUser]:
    """(team id, subscription id, owner) of a team with a live localstripe subscription that
    the webhook has recorded."""
    team_id, owner = build.new_team()
    for _ in range(members - 1):
        build.add_member(team_id)
    subscription_id = billing.subscribe(team_id, SEAT_PRICE, quantity=members)
    event = stripe_event("customer.subscription.created", billing.subscription(subscription_id))
    assert deliver(api, event).body["outcome"] == "applied"
    return team_id, subscription_id, owner


def test_deleting_a_team_cancels_its_subscription(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id, owner = paying_team(api, billing, build)

    reply = api.call("deleteTeam", owner, {"teamId": team_id})

    assert reply.status == 200, reply.body
    assert billing.subscription(subscription_id)["status"] == "canceled"
    (cancel,) = billing.recorder.requests("DELETE", f"/v1/subscriptions/{subscription_id}")
    assert cancel.idempotency_key == cancel_idempotency_key(subscription_id)
    team = paths.team(db, team_id).get().to_dict() or {}
    assert team["status"] == "deleted"
    assert team["billing"]["cancelRequestedAt"] is not None
    assert team["billing"]["cancelPending"] is False


def test_a_crash_right_after_the_deletion_commit_still_leaves_the_cancellation_owed(
    api: Api,
    db: firestore.Client,
    billing: Billing,
    build: Builders,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team_id, subscription_id, owner = paying_team(api, billing, build)

    def crash(*args: object, **kwargs: object) -> None:
        raise SystemExit("the instance died after the commit")

    monkeypatch.setattr(delete_team_module, "cancel_subscription_of_deleted_team", crash)
    with pytest.raises(SystemExit):
        delete_team_module.delete_team(db, owner.caller, team_id, gateway=billing.fake.gateway)
    owed = paths.team(db, team_id).get().to_dict() or {}
    retried = retry_pending_cancellations(db, gateway=billing.fake.gateway)

    assert owed["status"] == "deleted" and owed["billing"]["cancelPending"] is True
    assert retried == {team_id: Cancellation.REQUESTED}
    assert billing.subscription(subscription_id)["status"] == "canceled"


def test_deleting_a_team_without_a_subscription_does_not_call_stripe(
    api: Api, billing: Billing, build: Builders
) -> None:
    team_id, owner = build.new_team()

    reply = api.call("deleteTeam", owner, {"teamId": team_id})

    assert reply.status == 200
    assert billing.recorder.requests() == []


def test_a_stripe_failure_leaves_the_team_deleted_with_a_marker_that_a_retry_clears(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id, owner = paying_team(api, billing, build)
    billing.recorder.fail("DELETE", f"/v1/subscriptions/{subscription_id}", status=503)

    reply = api.call("deleteTeam", owner, {"teamId": team_id})

    assert reply.status == 200, reply.body
    team = paths.team(db, team_id).get().to_dict() or {}
    assert team["status"] == "deleted"
    assert team["billing"]["cancelPending"] is True and team["billing"]["cancelError"]
    assert billing.subscription(subscription_id)["status"] == "active"

    billing.recorder.failures.clear()
    outcomes = retry_pending_cancellations(db, gateway=billing.fake.gateway)

    assert outcomes == {team_id: Cancellation.REQUESTED}
    assert billing.subscription(subscription_id)["status"] == "canceled"
    assert paths.team(db, team_id).get().get("billing")["cancelPending"] is False
    assert retry_pending_cancellations(db, gateway=billing.fake.gateway) == {}


def test_the_only_owner_of_a_paying_team_with_members_cannot_delete_their_account(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id, owner = paying_team(api, billing, build, members=3)

    reply = api.call("deleteAccount", owner, {})

    assert reply.status == 412 and reply.error_status == "FAILED_PRECONDITION"
    assert paths.team(db, team_id).get().get("status") == "active"
    assert billing.subscription(subscription_id)["status"] == "active"
    assert billing.recorder.requests("DELETE") == []


def test_a_paying_team_keeps_an_owner_when_one_of_two_owners_deletes_their_account(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id, owner = paying_team(api, billing, build, members=2)
    build.add_member(team_id, Role.OWNER)

    reply = api.call("deleteAccount", owner, {})

    assert reply.status == 200, reply.body
    team = paths.team(db, team_id).get().to_dict() or {}
    assert team["status"] == "active" and team["ownerCount"] == 1
    assert billing.subscription(subscription_id)["status"] == "active"


@pytest.mark.triggers
def test_the_last_member_deleting_their_account_cancels_the_teams_subscription(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    team_id, subscription_id, owner = paying_team(api, billing, build, members=1)

    reply = api.call("deleteAccount", owner, {})

    assert reply.status == 200, reply.body
    assert paths.team(db, team_id).get().get("status") == "deleted"

    def cancelled() -> None:
        assert billing.subscription(subscription_id)["status"] == "canceled"

    eventually(cancelled, timeout=60)
