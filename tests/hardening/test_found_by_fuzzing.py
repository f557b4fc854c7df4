"""Inputs the fuzzers found answering 500 INTERNAL, kept as plain tests over HTTP (the deployed
path) with the answer they get since the fix: Firestore-reserved ids in bodies, the token of a
deleted account on the functions that check revocation, a custom uid holding '/', signed
Stripe events whose ids or numbers Firestore cannot store, and a body shorter than its
Content-Length."""

from __future__ import annotations

import json

import pytest
from firebase_admin import auth

from devtools.auth_emulator import PASSWORD, TestUser
from devtools.fakes.stripe_events import sign, stripe_event, subscription_object
from teamkit.auth import _app
from teamkit.roles import Role
from tests.support.billing import Billing
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.in_process import InProcess, RawRequest

# The last three crashed before the id pattern was anchored with \A...\Z (docs/hardening.md,
# "500 for ids with a newline").
RESERVED_IDS = ["__reserved__", "__.__", "____", "__a\nb__", "__\n__", "__x\n\n__"]


@pytest.mark.parametrize("reserved", RESERVED_IDS)
@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("updateTeam", {"teamId": "{id}", "name": "x"}),
        ("changeMemberRoles", {"teamId": "{team}", "changes": {"{id}": "viewer"}}),
        ("removeMember", {"teamId": "{team}", "uid": "{id}"}),
        ("revokeInvite", {"teamId": "{team}", "inviteId": "{id}"}),
        ("acceptInvite", {"teamId": "{id}", "inviteId": "{id}"}),
        ("switchTeam", {"teamId": "{id}"}),
    ],
)
def test_a_firestore_reserved_id_is_refused_as_invalid_not_crashed_on(
    api: Api, role_team: RoleTeam, name: str, body: dict[str, object], reserved: str
) -> None:
    escaped = json.dumps(reserved)[1:-1]  # "\n" as JSON writes it inside a string
    sent = json.loads(json.dumps(body).replace("{id}", escaped).replace("{team}", role_team.id))

    reply = api.call(name, role_team[Role.OWNER], sent)

    assert reply.status == 400 and reply.error_status == "INVALID_ARGUMENT", reply.body


@pytest.mark.parametrize("name", ["deleteAccount", "deleteTeam"])
def test_the_still_valid_token_of_a_deleted_account_is_unauthenticated(
    api: Api, build: Builders, name: str
) -> None:
    team_id, owner = build.new_team()
    token = api.token(owner)
    auth.delete_user(owner.uid, app=_app())

    reply = api.call(name, body={"teamId": team_id}, token=token)

    assert reply.status == 401 and reply.error_status == "UNAUTHENTICATED", reply.body
    assert reply.body["error"]["reason"] == "SESSION_ENDED"


@pytest.mark.parametrize("event_id", ["\ud800", "evt/../x", "__evt__", "."])
def test_a_signed_event_whose_id_cannot_be_stored_is_refused_with_400(
    api: Api, build: Builders, billing: Billing, event_id: str
) -> None:
    team_id, _ = build.new_team()
    customer = billing.customer_of(team_id)
    event = stripe_event(
        "customer.subscription.updated",
        subscription_object("sub_odd", customer),
        event_id=event_id,
    )
    body = json.dumps(event).encode()

    reply = api.call("stripeWebhook", data=body, headers={"Stripe-Signature": sign(body)})

    assert reply.status == 400 and reply.error_status == "INVALID_ARGUMENT", reply.body


@pytest.mark.parametrize("customer", ["cus/x", "__cus__", "\udfff"])
def test_a_signed_event_about_an_impossible_customer_is_acknowledged_and_ignored(
    api: Api, billing: Billing, customer: str
) -> None:
    event = stripe_event("customer.subscription.updated", subscription_object("sub_x", customer))
    body = json.dumps(event).encode()

    reply = api.call("stripeWebhook", data=body, headers={"Stripe-Signature": sign(body)})

    assert reply.status == 200 and reply.body["outcome"] == "unknown_customer", reply.body


@pytest.mark.parametrize("uid", ["team/alice", "__alice__"])
def test_an_account_whose_uid_cannot_name_a_document_is_refused_not_crashed_on(
    api: Api, uid: str
) -> None:
    account = auth.create_user(uid=uid, email="odd@x.io", password=PASSWORD, app=_app())
    user = TestUser(account.uid, "odd@x.io", "Odd", verified=False)

    reply = api.call("createTeam", user, {"name": "Acme"})

    assert reply.status == 403 and reply.error_status == "PERMISSION_DENIED", reply.body


@pytest.mark.parametrize("name", ["createTeam", "stripeWebhook"])
def test_a_body_shorter_than_its_content_length_is_refused_as_invalid(
    in_process: InProcess, api: Api, build: Builders, name: str
) -> None:
    token = api.token(build.new_user())
    request = RawRequest(
        headers=(("Authorization", f"Bearer {token}"),), data=b"", content_length=1
    )

    answer = in_process.call(name, request)

    assert answer.status == 400 and answer.error_status == "INVALID_ARGUMENT", answer.data


def test_a_signed_event_with_a_number_firestore_cannot_store_is_refused_with_400(
    api: Api, build: Builders, billing: Billing
) -> None:
    team_id, _ = build.new_team()
    customer = billing.customer_of(team_id)
    event = stripe_event("customer.subscription.updated", subscription_object("sub_n", customer))
    event["created"] = -(2**70)
    body = json.dumps(event).encode()

    reply = api.call("stripeWebhook", data=body, headers={"Stripe-Signature": sign(body)})

    assert reply.status == 400 and reply.error_status == "INVALID_ARGUMENT", reply.body
