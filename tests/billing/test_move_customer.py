"""Moving billing from a user to a team: a user billed through Stripe's Firebase extension
(`customers/{uid}` with `stripeId`, a `subscriptions` subcollection) hands their customer, its
payment method and its subscription to a team they own, on localstripe, without a second
charge, idempotently, with a dry run and an event in the team's log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from google.cloud import firestore

from devtools.auth_emulator import TestUser
from devtools.emulators import Suite
from devtools.fakes.stripe_events import stripe_event
from devtools.localstripe import subscribe_customer
from teamkit import paths
from teamkit.billing.config import BillingSettings
from teamkit.billing.move_customer import (
    MOVED_TO,
    move_customer_to_team,
    plan_customer_move,
)
from teamkit.documents import Team, TeamBilling
from teamkit.errors import FailedPrecondition, NotFound, PermissionDenied
from teamkit.roles import Role
from tests.support.billing import SEAT_PRICE, Billing, deliver
from tests.support.builders import Builders
from tests.support.http import Api

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"


def billed_user(db: firestore.Client, billing: Billing, user: TestUser) -> tuple[str, str]:
    """The user as the extension leaves them after a checkout: a customer with a card and a
    one-seat subscription in Stripe, mirrored in `customers/{uid}` and its `subscriptions`."""
    stripe = billing.direct()
    customer = stripe.v1.customers.create(
        params={"email": user.email, "metadata": {"firebaseUID": user.uid}}
    )
    subscription = subscribe_customer(stripe, customer.id, SEAT_PRICE, 1)
    extension = db.collection("customers").document(user.uid)
    extension.set({"email": user.email, "stripeId": customer.id, "stripeLink": "https://x"})
    extension.collection("subscriptions").document(subscription["id"]).set(
        {"status": subscription["status"], "quantity": 1, "metadata": {}, "role": None}
    )
    return str(customer.id), str(subscription["id"])


def team_of_three(build: Builders, owner: TestUser) -> str:
    team_id, _ = build.new_team(owner)
    build.add_member(team_id)
    build.add_member(team_id, Role.ADMIN)
    return team_id


def move(db: firestore.Client, billing: Billing, uid: str, team_id: str) -> Any:
    return move_customer_to_team(
        db, uid, team_id, gateway=billing.fake.gateway(), settings=BillingSettings()
    )


def billing_of(db: firestore.Client, team_id: str) -> TeamBilling:
    return Team.from_snapshot(paths.team(db, team_id).get()).billing


def test_the_dry_run_says_what_moves_and_writes_nothing(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    owner = build.new_user()
    customer_id, subscription_id = billed_user(db, billing, owner)
    team_id = team_of_three(build, owner)
    posted = len(billing.recorder.requests("POST"))

    plan = plan_customer_move(db, owner.uid, team_id, gateway=billing.fake.gateway())

    assert plan.customer_id == customer_id and plan.subscription is not None
    assert plan.subscription.id == subscription_id and not plan.done
    text = plan.describe()
    assert customer_id in text and subscription_id in text and "3 members" in text
    assert billing.recorder.requests("POST")[posted:] == []
    assert billing_of(db, team_id).customer_id is None
    assert MOVED_TO not in (db.collection("customers").document(owner.uid).get().to_dict() or {})


def test_the_customer_and_its_subscription_become_the_teams_without_a_second_charge(
    api: Api, db: firestore.Client, billing: Billing, build: Builders
) -> None:
    owner = build.new_user()
    customer_id, subscription_id = billed_user(db, billing, owner)
    card = billing.direct().v1.customers.retrieve(customer_id).to_dict()["invoice_settings"]
    team_id = team_of_three(build, owner)
    posted = len(billing.recorder.requests("POST"))

    move(db, billing, owner.uid, team_id)

    state = billing_of(db, team_id)
    assert (state.customer_id, state.subscription_id) == (customer_id, subscription_id)
    assert state.status == "active" and state.price_id == SEAT_PRICE
    assert paths.stripe_customer(db, customer_id).get().get("teamId") == team_id
    assert db.collection("customers").document(owner.uid).get().get(MOVED_TO) == team_id
    stripe = billing.direct()
    customer = stripe.v1.customers.retrieve(customer_id).to_dict()
    assert customer["metadata"]["teamId"] == team_id
    assert customer["invoice_settings"] == card  # the payment method stays
    subscriptions = stripe.v1.subscriptions.list(params={"customer": customer_id}).data
    assert [s.id for s in subscriptions] == [subscription_id]  # nothing bought again
    # localstripe keeps no metadata sent to an existing subscription: check what was sent.
    tagged = billing.recorder.requests("POST", f"/v1/subscriptions/{subscription_id}")[0]
    assert tagged.form["metadata[teamId]"] == team_id
    assert subscriptions[0]["items"]["data"][0]["quantity"] == 3  # the seats follow the team
    sent = {r.path for r in billing.recorder.requests("POST")[posted:]}
    assert sent.isdisjoint({"/v1/subscriptions", "/v1/checkout/sessions", "/v1/invoices"})
    events = [e.to_dict() or {} for e in paths.events(db, team_id).stream()]
    moved = [e for e in events if e.get("change") == "customer_moved"]
    assert len(moved) == 1 and moved[0]["subjectUid"] == owner.uid

    # Stripe's later events about the customer now reach the team.
    later = stripe_event("customer.subscription.updated", billing.subscription(subscription_id))
    assert deliver(api, later).body["outcome"] in ("applied", "ignored", "stale")


def test_a_second_run_changes_nothing(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    owner = build.new_user()
    billed_user(db, billing, owner)
    team_id = team_of_three(build, owner)
    move(db, billing, owner.uid, team_id)
    posted = len(billing.recorder.requests("POST"))

    again = move(db, billing, owner.uid, team_id)

    assert again.done and "already belongs" in again.describe()
    assert billing.recorder.requests("POST")[posted:] == []
    events = [e.to_dict() or {} for e in paths.events(db, team_id).stream()]
    assert sum(e.get("change") == "customer_moved" for e in events) == 1


def test_only_an_owner_moves_their_own_customer_to_a_team_without_one(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    owner = build.new_user()
    billed_user(db, billing, owner)
    team_id = team_of_three(build, owner)
    admin = build.add_member(team_id, Role.ADMIN)
    billed_user(db, billing, admin)
    stranger = build.new_user()

    with pytest.raises(PermissionDenied):
        move(db, billing, admin.uid, team_id)  # an admin, not an owner
    with pytest.raises(NotFound):
        move(db, billing, stranger.uid, team_id)  # no customer of the extension
    billing.customer_of(team_id)  # the team already pays through a customer of its own
    with pytest.raises(FailedPrecondition):
        move(db, billing, owner.uid, team_id)


def test_a_customer_moved_to_one_team_is_not_moved_to_another(
    db: firestore.Client, billing: Billing, build: Builders
) -> None:
    owner = build.new_user()
    billed_user(db, billing, owner)
    first = team_of_three(build, owner)
    second, _ = build.new_team(owner, name="Second")
    move(db, billing, owner.uid, first)

    with pytest.raises(FailedPrecondition):
        move(db, billing, owner.uid, second)
    assert billing_of(db, second).customer_id is None


def test_the_admin_command_dry_runs_first_then_applies(
    db: firestore.Client, billing: Billing, build: Builders, suite: Suite
) -> None:
    owner = build.new_user()
    customer_id, _ = billed_user(db, billing, owner)
    team_id = team_of_three(build, owner)
    env = {**os.environ, **suite.client_env(), **billing.fake.function_env()}
    command = [sys.executable, "-m", "teamkit.billing.admin", "move-billing", "--uid", owner.uid]
    command += ["--team", team_id]

    dry = subprocess.run(
        command, check=False, env=env, cwd=FUNCTIONS, capture_output=True, text=True
    )
    assert dry.returncode == 0, dry.stderr
    assert customer_id in dry.stdout and "Dry run: nothing changed" in dry.stdout
    assert billing_of(db, team_id).customer_id is None

    applied = subprocess.run([*command, "--apply"], check=False, env=env, cwd=FUNCTIONS, text=True)
    assert applied.returncode == 0
    assert billing_of(db, team_id).customer_id == customer_id

    refused = subprocess.run(
        [*command[:-1], "no-such-team"],
        check=False,
        env=env,
        cwd=FUNCTIONS,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and refused.stderr.startswith("Refused: ")
