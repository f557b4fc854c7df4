"""Fault injection: SendGrid and Stripe answering 500 or 429, or hanging past the client's
timeout. Membership changes still succeed, and nothing is lost: the mail waits as a retryable
ERROR and goes out once SendGrid is back; a team deleted during a Stripe outage stays deleted and
its cancellation waits for the retry; a failed seat sync heals with the next event; the webhook
answers 5xx only for our own trouble, so that Stripe delivers again."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from google.cloud import firestore

from devtools.fakes.sendgrid_fake import FakeSendGrid
from devtools.fakes.stripe_events import sign, stripe_event, subscription_object
from devtools.fakes.stripe_fake import TEST_SECRET_KEY
from teamkit import paths
from teamkit.billing import config as billing_config
from teamkit.billing import triggers as billing_triggers
from teamkit.billing.cancel import Cancellation, cancel_idempotency_key, retry_pending_cancellations
from teamkit.billing.gateway import MAX_NETWORK_RETRIES, REQUEST_TIMEOUT_SECONDS, StripeGateway
from teamkit.errors import Unavailable
from teamkit.event_types import EventType
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.mail.config import MailSettings
from teamkit.mail.delivery import Outcome, deliver_mail
from teamkit.mail.sweep import retry_due_mail
from teamkit.notifications.notify_team_event import notify_team_event
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from tests.hardening.conftest import PayingTeam
from tests.notifications.helpers import event_ids
from tests.support.billing import Billing
from tests.support.builders import Builders
from tests.support.faults import HangingEndpoint
from tests.support.http import Api
from tests.support.state import assert_counts_match, role_of
from tests.support.waiting import eventually

CLIENT_TIMEOUT = 0.5
"""Seconds the clients under test wait for a hanging provider (production: 10)."""
FUNCTION_TIMEOUT_SECONDS = 60
"""Cloud Functions' default timeout, which `deleteTeam` and `syncBilling` keep."""


def break_sendgrid(sendgrid: FakeSendGrid, fault: str, times: int) -> None:
    if fault == "hang":
        sendgrid.hang_next(CLIENT_TIMEOUT * 4, times=times)
    else:
        sendgrid.fail_next(int(fault), times=times)


def delivery_of(db: firestore.Client, mail_id: str) -> dict[str, Any]:
    return dict(paths.mail_message(db, mail_id).get().get("delivery"))


@pytest.fixture
def hanging() -> Iterator[HangingEndpoint]:
    endpoint = HangingEndpoint.start()
    yield endpoint
    endpoint.stop()


@pytest.fixture
def stop_stripe(hanging: HangingEndpoint, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """`stop_stripe()`: from now on Stripe does not answer the code in this process (its
    client gives up after `CLIENT_TIMEOUT` per attempt)."""
    gateway = StripeGateway(TEST_SECRET_KEY, api_base=hanging.url, timeout=CLIENT_TIMEOUT)

    def stop() -> None:
        monkeypatch.setattr(billing_config, "default_gateway", lambda: gateway)

    return stop


# --- SendGrid ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["500", "429", "hang"])
def test_an_invitation_survives_a_sendgrid_outage_and_goes_out_once_it_is_over(
    db: firestore.Client,
    build: Builders,
    sendgrid: FakeSendGrid,
    mail_settings: MailSettings,
    fault: str,
) -> None:
    settings = replace(mail_settings, timeout=CLIENT_TIMEOUT)
    team_id, owner = build.new_team()
    pat = build.new_user("pat@x.io")
    break_sendgrid(sendgrid, fault, times=settings.send_tries)

    sent = invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io"))
    (event_id,) = event_ids(db, team_id, EventType.MEMBER_INVITED)
    mail_id = notify_team_event(db, team_id, event_id, settings=settings).mail_id
    assert mail_id is not None
    outage = deliver_mail(db, mail_id, settings=settings)

    assert outage.outcome is Outcome.DEFERRED
    failed = delivery_of(db, mail_id)
    assert failed["state"] == "ERROR" and failed["retryAt"] is not None and failed["error"]
    assert failed["attempts"] == settings.send_tries
    invite = paths.invite(db, team_id, sent.invite_id).get()
    assert invite.get("status") == "pending"
    assert_counts_match(db, team_id)

    sweep = retry_due_mail(db, settings=settings, now=failed["retryAt"])

    assert sweep.outcomes == {Outcome.SENT: 1}
    assert delivery_of(db, mail_id)["state"] == "SUCCESS"
    (delivered,) = sendgrid.sent_to("pat@x.io")
    assert len(sendgrid.requests) == settings.send_tries + 1
    assert delivered.token is not None
    accept_invite(db, pat.caller, InviteAddress(token=delivered.token))
    assert role_of(db, team_id, pat.uid) is Role.MEMBER
    assert_counts_match(db, team_id)


@pytest.mark.triggers
def test_over_http_a_membership_change_succeeds_while_sendgrid_and_stripe_fail(
    *,
    api: Api,
    db: firestore.Client,
    build: Builders,
    billing: Billing,
    sendgrid: FakeSendGrid,
    mail_settings: MailSettings,
    paying_team: Callable[[int], PayingTeam],
) -> None:
    team = paying_team(1)
    newcomer = build.new_user()
    sendgrid.fail_next(500, times=3)
    billing.recorder.fail("POST", f"/v1/subscriptions/{team.subscription_id}", status=500)

    reply = api.call("addExistingMember", team.owner, {"teamId": team.id, "uid": newcomer.uid})

    assert reply.status == 201, reply.body
    assert role_of(db, team.id, newcomer.uid) is Role.MEMBER

    def seat_sync_failed_and_mail_deferred() -> dict[str, Any]:
        billing_map = paths.team(db, team.id).get().get("billing")
        assert (billing_map.get("seatSync") or {}).get("state") == "failed"
        mails = [m.to_dict() or {} for m in paths.mail(db).stream()]
        assert len(mails) == 1, mails
        mail = mails[0]
        assert mail["delivery"]["state"] == "ERROR" and mail["delivery"]["retryAt"], mail
        return dict(mail["delivery"])

    deferred = eventually(seat_sync_failed_and_mail_deferred, timeout=60)
    assert billing.subscription(team.subscription_id)["items"]["data"][0]["quantity"] == 1
    assert_counts_match(db, team.id)

    billing.recorder.failures.clear()
    retry_due_mail(db, settings=mail_settings, now=deferred["retryAt"])
    api.call("addExistingMember", team.owner, {"teamId": team.id, "uid": build.new_user().uid})

    assert len(sendgrid.sent_to(newcomer.email)) == 1

    def seats_follow_members() -> None:
        quantity = billing.subscription(team.subscription_id)["items"]["data"][0]["quantity"]
        assert quantity == 3

    eventually(seats_follow_members, timeout=60)


# --- Stripe: deleting a team -------------------------------------------------------------------


def test_a_hanging_stripe_cannot_keep_a_function_past_its_timeout() -> None:
    back_off = sum(min(0.5 * 2**retry, 5.0) for retry in range(MAX_NETWORK_RETRIES))

    worst = (MAX_NETWORK_RETRIES + 1) * REQUEST_TIMEOUT_SECONDS + back_off

    assert worst + 10 < FUNCTION_TIMEOUT_SECONDS  # ten seconds left for Firestore and the marker


@pytest.mark.parametrize("status", [500, 429])
def test_a_team_deleted_while_stripe_fails_stays_deleted_and_is_cancelled_by_the_retry(
    api: Api,
    db: firestore.Client,
    billing: Billing,
    paying_team: Callable[[int], PayingTeam],
    status: int,
) -> None:
    team = paying_team(1)
    billing.recorder.fail("DELETE", f"/v1/subscriptions/{team.subscription_id}", status=status)

    reply = api.call("deleteTeam", team.owner, {"teamId": team.id})

    assert reply.status == 200, reply.body
    deleted = paths.team(db, team.id).get().to_dict() or {}
    assert deleted["status"] == "deleted"
    assert deleted["billing"]["cancelPending"] is True and deleted["billing"]["cancelError"]
    assert billing.subscription(team.subscription_id)["status"] == "active"
    attempts = billing.recorder.requests("DELETE", f"/v1/subscriptions/{team.subscription_id}")
    assert len(attempts) == (3 if status >= 500 else 1)  # the client retries 5xx, not 429
    key = cancel_idempotency_key(team.subscription_id)
    assert {attempt.idempotency_key for attempt in attempts} == {key}

    billing.recorder.failures.clear()

    assert retry_pending_cancellations(db, gateway=billing.fake.gateway) == {
        team.id: Cancellation.REQUESTED
    }
    assert billing.subscription(team.subscription_id)["status"] == "canceled"
    assert paths.team(db, team.id).get().get("billing")["cancelPending"] is False


def test_a_team_deleted_while_stripe_hangs_stays_deleted_and_is_cancelled_by_the_retry(
    db: firestore.Client,
    billing: Billing,
    paying_team: Callable[[int], PayingTeam],
    hanging: HangingEndpoint,
    stop_stripe: Callable[[], None],
) -> None:
    team = paying_team(1)
    stop_stripe()
    started = time.monotonic()

    delete_team(db, team.owner.caller, team.id, gateway=billing_config.default_gateway)

    took = time.monotonic() - started
    assert took < 3 * CLIENT_TIMEOUT + 5, f"deleteTeam waited {took:.1f}s on a hanging Stripe"
    deleted = paths.team(db, team.id).get().to_dict() or {}
    assert deleted["status"] == "deleted" and deleted["billing"]["cancelPending"] is True
    assert hanging.received == [f"DELETE /v1/subscriptions/{team.subscription_id}"] * 3

    outcomes = retry_pending_cancellations(db, gateway=billing.fake.gateway)

    assert outcomes == {team.id: Cancellation.REQUESTED}
    assert billing.subscription(team.subscription_id)["status"] == "canceled"


# --- Stripe: seat sync ---------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["500", "hang"])
def test_a_failed_seat_sync_blocks_no_membership_change_and_heals_with_the_next_event(
    *,
    db: firestore.Client,
    build: Builders,
    billing: Billing,
    paying_team: Callable[[int], PayingTeam],
    stop_stripe: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
) -> None:
    team = paying_team(1)
    if fault == "hang":
        stop_stripe()
    else:
        billing.recorder.fail("GET", f"/v1/subscriptions/{team.subscription_id}", status=500)
    newcomer = build.add_member(team.id)
    event_id = event_ids(db, team.id, EventType.MEMBER_ADDED)[-1]
    event = paths.event(db, team.id, event_id).get().to_dict()

    with pytest.raises(Unavailable):  # the trigger's run fails, visibly
        billing_triggers.sync_billing_with_team_event(team.id, event_id, event)

    assert role_of(db, team.id, newcomer.uid) is Role.MEMBER
    assert paths.team(db, team.id).get().get("billing")["seatSync"]["state"] == "failed"
    assert billing.subscription(team.subscription_id)["items"]["data"][0]["quantity"] == 1

    monkeypatch.undo()  # Stripe answers again
    billing.recorder.failures.clear()
    build.add_member(team.id)
    next_event = event_ids(db, team.id, EventType.MEMBER_ADDED)[-1]
    billing_triggers.sync_billing_with_team_event(
        team.id, next_event, paths.event(db, team.id, next_event).get().to_dict()
    )

    assert billing.subscription(team.subscription_id)["items"]["data"][0]["quantity"] == 3
    assert paths.team(db, team.id).get().get("billing")["seatSync"]["state"] == "updated"


# --- Stripe: the webhook -----------------------------------------------------------------------


def test_the_webhook_answers_503_while_stripe_is_down_and_applies_the_same_event_afterwards(
    api: Api, db: firestore.Client, build: Builders, billing: Billing
) -> None:
    team_id, _ = build.new_team()
    customer = billing.customer_of(team_id)
    event = stripe_event(
        "customer.subscription.updated", subscription_object("sub_outage", customer, quantity=1)
    )
    body = json.dumps(event).encode()
    headers = {"Content-Type": "application/json", "Stripe-Signature": sign(body)}
    billing.recorder.fail("GET", r"/v1/prices/.*", status=500)

    during = api.call("stripeWebhook", data=body, headers=headers)

    assert during.status == 503 and during.error_status == "UNAVAILABLE", during.body
    assert not paths.stripe_event(db, event["id"]).get().exists
    assert (paths.team(db, team_id).get().get("billing") or {}).get("subscriptionId") is None

    billing.recorder.failures.clear()
    after = api.call("stripeWebhook", data=body, headers=headers)

    assert after.status == 200 and after.body["outcome"] == "applied", after.body
    assert paths.team(db, team_id).get().get("billing")["subscriptionId"] == "sub_outage"
