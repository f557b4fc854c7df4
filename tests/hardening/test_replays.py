"""At-least-once delivery, in one table: every trigger and schedule handler of `main.py`, and the
Stripe webhook, handled three times with the same event leaves exactly the state of one
delivery: the whole database, and the requests SendGrid and Stripe received, are the same after
the third delivery as after the first.

The handlers are called directly, as `main.py` calls them (the entry points take plain ids and
read their settings from the environment, as in the emulator); the webhook gets the same signed
body three times over HTTP through the Functions emulator.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from google.cloud import firestore

from devtools.fakes.sendgrid_fake import FakeSendGrid
from devtools.fakes.stripe_events import sign, stripe_event, subscription_object
from teamkit import paths, scoped
from teamkit.accounts.delete_account import delete_account
from teamkit.billing import triggers as billing_triggers
from teamkit.clock import utcnow
from teamkit.documents import DomainJoin
from teamkit.event_types import EventType
from teamkit.invitations.expire_overdue import expire_overdue
from teamkit.invitations.invite_members import InviteRequest, invite_member, invite_members
from teamkit.invitations.triggers import run_expiry_sweep
from teamkit.joining.domain_join import join_team
from teamkit.joining.join_requests import approve_join_request, deny_join_request
from teamkit.joining.links import join_by_link, revoke_invite_link
from teamkit.mail.config import MailSettings
from teamkit.mail.delivery import deliver_mail
from teamkit.mail.triggers import retry_mail, send_queued_mail
from teamkit.membership.change_member_roles import change_member_roles
from teamkit.membership.triggers import settle_scoped_items
from teamkit.notifications.notify_team_event import notify_team_event
from teamkit.notifications.triggers import catch_up_fan_outs, fan_out_team_event
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from tests.hardening.conftest import PayingTeam
from tests.notifications.helpers import event_ids
from tests.support.billing import Billing
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.in_process import InProcess
from tests.support.snapshots import database_state, state_difference

DELIVERIES = 3
Deliver = Callable[[], Any]


@dataclass(frozen=True)
class World:
    """What arranging a replay may use."""

    db: firestore.Client
    build: Builders
    billing: Billing
    api: Api
    in_process: InProcess
    sendgrid: FakeSendGrid
    mail_settings: MailSettings
    paying_team: Callable[[int], PayingTeam]

    def latest_event(self, team_id: str, event_type: EventType) -> tuple[str, dict[str, Any]]:
        event_id = event_ids(self.db, team_id, event_type)[-1]
        return event_id, paths.event(self.db, team_id, event_id).get().to_dict() or {}

    def deleted_paying_team_whose_cancellation_failed(self) -> tuple[str, str]:
        """(team id, its team_deleted event id): Stripe was down when the team was deleted."""
        team = self.paying_team(1)
        team_id, owner = team.id, team.owner
        self.billing.recorder.fail("DELETE", r"/v1/subscriptions/.*", status=503)
        delete_team(self.db, owner.caller, team_id, gateway=self.billing.fake.gateway)
        self.billing.recorder.failures.clear()
        assert paths.team(self.db, team_id).get().get("billing")["cancelPending"] is True
        return team_id, self.latest_event(team_id, EventType.TEAM_DELETED)[0]


# --- the table: each arranges a world and returns the delivery to repeat ----------------------


def fan_out_of_an_invitation(world: World) -> Deliver:
    team_id, owner = world.build.new_team()
    world.build.add_member(team_id, Role.ADMIN)
    invite_member(world.db, owner.caller, team_id, InviteRequest("pat@x.io", Role.MEMBER))
    event_id, _ = world.latest_event(team_id, EventType.MEMBER_INVITED)
    return lambda: fan_out_team_event(team_id, event_id)


def fan_out_of_a_role_change(world: World) -> Deliver:
    team_id, owner = world.build.new_team()
    member = world.build.add_member(team_id)
    change_member_roles(world.db, owner.caller, team_id, {member.uid: Role.ADMIN})
    event_id, _ = world.latest_event(team_id, EventType.ROLE_CHANGED)
    return lambda: fan_out_team_event(team_id, event_id)


def fan_out_of(
    event_type: EventType, arrange: Callable[[World], str]
) -> Callable[[World], Deliver]:
    """The delivery of the latest `event_type` event of the team `arrange` returns."""

    def arranged(world: World) -> Deliver:
        team_id = arrange(world)
        event_id, _ = world.latest_event(team_id, event_type)
        return lambda: fan_out_team_event(team_id, event_id)

    return arranged


def a_bulk_invitation(world: World) -> str:
    team_id, owner = world.build.new_team()
    world.build.add_member(team_id, Role.ADMIN)
    invite_members(
        world.db, owner.caller, team_id, [InviteRequest(f"bulk{n}@x.io") for n in range(3)]
    )
    return team_id


def a_link_created_and_revoked(world: World) -> str:
    team_id, owner = world.build.new_team()
    world.build.add_member(team_id, Role.ADMIN)
    created = world.build.new_link(team_id, owner)
    revoke_invite_link(world.db, owner.caller, team_id, created.link.id)
    return team_id


def a_join_by_link(world: World) -> str:
    team_id, owner = world.build.new_team()
    created = world.build.new_link(team_id, owner)
    join_by_link(world.db, world.build.new_user().caller, created.token)
    return team_id


def a_join_by_domain(world: World) -> str:
    team_id, owner = world.build.new_team()
    world.build.open_to_domain(team_id, owner, "corp.com", DomainJoin.AUTO)
    join_team(world.db, world.build.new_user("pat@corp.com").caller, team_id)
    return team_id


def answered_join_requests(world: World) -> str:
    """Two requests: one approved, one denied (each replay picks its event)."""
    team_id, owner = world.build.new_team()
    world.build.add_member(team_id, Role.ADMIN)
    world.build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    pat, sam = world.build.new_user("pat@corp.com"), world.build.new_user("sam@corp.com")
    join_team(world.db, pat.caller, team_id)
    join_team(world.db, sam.caller, team_id)
    approve_join_request(world.db, owner.caller, team_id, pat.uid)
    deny_join_request(world.db, owner.caller, team_id, sam.uid)
    return team_id


def an_expired_join_request(world: World) -> str:
    team_id, owner = world.build.new_team()
    world.build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    join_team(world.db, world.build.new_user("pat@corp.com").caller, team_id)
    expire_overdue(world.db, now=utcnow() + timedelta(days=31))
    return team_id


def expiry_sweep_of_join_requests_and_link_tokens(world: World) -> Deliver:
    team_id, owner = world.build.new_team()
    world.build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    long_ago = utcnow() - timedelta(days=31)
    join_team(world.db, world.build.new_user("old@corp.com").caller, team_id, now=long_ago)
    join_team(world.db, world.build.new_user("new@corp.com").caller, team_id)
    world.build.new_link(team_id, owner, expires_in_days=1, now=long_ago)
    return run_expiry_sweep


def delivery_of_a_queued_mail(world: World) -> Deliver:
    team_id, _ = world.build.new_team()
    world.build.add_member(team_id)
    event_id, _ = world.latest_event(team_id, EventType.MEMBER_ADDED)
    mail_id = notify_team_event(world.db, team_id, event_id, settings=world.mail_settings).mail_id
    assert mail_id is not None
    return lambda: send_queued_mail(mail_id)


def seat_sync_after_a_member_joined(world: World) -> Deliver:
    team_id = world.paying_team(1).id
    world.build.add_member(team_id)
    event_id, data = world.latest_event(team_id, EventType.MEMBER_ADDED)
    return lambda: billing_triggers.sync_billing_with_team_event(team_id, event_id, data)


def cancellation_after_a_team_was_deleted(world: World) -> Deliver:
    team_id, event_id = world.deleted_paying_team_whose_cancellation_failed()
    data = paths.event(world.db, team_id, event_id).get().to_dict()
    return lambda: billing_triggers.sync_billing_with_team_event(team_id, event_id, data)


def tidying_after_an_account_deletion_that_died(world: World) -> Deliver:
    """The account's deletion committed, then died before the tidying: its private chat is
    still there (the shipped declaration's one tidying)."""
    team_id, _ = world.build.new_team()
    member = world.build.add_member(team_id)
    (chats, *_) = scoped.declared().collections
    assert chats.private is not None
    chats.reference(world.db).document("private").set(
        {"workspaceId": team_id, "ownerUid": member.uid, "sharing": chats.private.private_value}
    )
    with (
        mock.patch.object(scoped, "settle", side_effect=RuntimeError("died")),
        pytest.raises(RuntimeError),
    ):
        delete_account(world.db, member.caller)
    event_id, data = world.latest_event(team_id, EventType.MEMBER_LEFT)
    return lambda: settle_scoped_items(team_id, event_id, data)


def scheduled_retry_of_cancellations(world: World) -> Deliver:
    world.deleted_paying_team_whose_cancellation_failed()
    return billing_triggers.retry_failed_cancellations


def expiry_sweep(world: World) -> Deliver:
    team_id, owner = world.build.new_team()
    long_ago = utcnow() - timedelta(days=8)
    for email in ("old@x.io", "older@x.io"):
        invite_member(world.db, owner.caller, team_id, InviteRequest(email), now=long_ago)
    invite_member(world.db, owner.caller, team_id, InviteRequest("fresh@x.io"))
    return run_expiry_sweep


def mail_retry_sweep(world: World) -> Deliver:
    """An invitation whose fan-out never ran (10 minutes ago) and a mail whose delivery failed
    and is due again: the sweep catches up the first and sends the second."""
    team_id, owner = world.build.new_team()
    invite_member(
        world.db,
        owner.caller,
        team_id,
        InviteRequest("late@x.io"),
        now=utcnow() - timedelta(minutes=10),
    )
    world.build.add_member(team_id)
    event_id, _ = world.latest_event(team_id, EventType.MEMBER_ADDED)
    mail_id = notify_team_event(world.db, team_id, event_id, settings=world.mail_settings).mail_id
    assert mail_id is not None
    world.sendgrid.fail_next(503)
    deliver_mail(world.db, mail_id, settings=world.mail_settings, tries=1)
    paths.mail_message(world.db, mail_id).update({"delivery.retryAt": utcnow()})

    def run_retry_mail() -> None:  # what main.py's `retryMail` runs
        catch_up_fan_outs()
        retry_mail()

    return run_retry_mail


def the_same_signed_webhook_over_http(world: World) -> Deliver:
    team_id, _ = world.build.new_team()
    customer = world.billing.customer_of(team_id)
    event = stripe_event(
        "customer.subscription.updated", subscription_object("sub_replayed", customer, quantity=1)
    )
    body = json.dumps(event).encode()
    headers = {"Content-Type": "application/json", "Stripe-Signature": sign(body)}

    def deliver() -> None:
        reply = world.api.call("stripeWebhook", data=body, headers=headers)
        assert reply.status == 200, reply.body

    return deliver


@dataclass(frozen=True)
class Replay:
    """A handler's delivery, and what its first delivery sends: mails to SendGrid and writing
    requests to Stripe (so that a replay that does nothing cannot pass for an idempotent one)."""

    arrange: Callable[[World], Deliver]
    mails: int = 0
    stripe_writes: int = 0


REPLAYS: dict[str, Replay] = {
    "onTeamEvent: an invitation": Replay(fan_out_of_an_invitation),
    "onTeamEvent: a role change": Replay(fan_out_of_a_role_change),
    "onMailQueued": Replay(delivery_of_a_queued_mail, mails=1),
    "syncBilling: a member joined a per-seat team": Replay(
        seat_sync_after_a_member_joined, stripe_writes=1
    ),
    "syncBilling: a paying team was deleted": Replay(
        cancellation_after_a_team_was_deleted, stripe_writes=1
    ),
    "settleScopedItems: an account deletion that died before tidying": Replay(
        tidying_after_an_account_deletion_that_died
    ),
    "retryBillingCancellations": Replay(scheduled_retry_of_cancellations, stripe_writes=1),
    "onTeamEvent: a bulk invitation's batch": Replay(
        fan_out_of(EventType.MEMBERS_INVITED, a_bulk_invitation)
    ),
    "onTeamEvent: an invite of a bulk invitation": Replay(
        fan_out_of(EventType.MEMBER_INVITED, a_bulk_invitation)
    ),
    "onTeamEvent: an invite link created": Replay(
        fan_out_of(EventType.LINK_CREATED, a_link_created_and_revoked)
    ),
    "onTeamEvent: an invite link revoked": Replay(
        fan_out_of(EventType.LINK_REVOKED, a_link_created_and_revoked)
    ),
    "onTeamEvent: a member joined by link": Replay(
        fan_out_of(EventType.MEMBER_JOINED, a_join_by_link)
    ),
    "onTeamEvent: a member joined by domain": Replay(
        fan_out_of(EventType.MEMBER_JOINED, a_join_by_domain)
    ),
    "onTeamEvent: a join request": Replay(
        fan_out_of(EventType.JOIN_REQUESTED, answered_join_requests)
    ),
    "onTeamEvent: a join request approved": Replay(
        fan_out_of(EventType.JOIN_REQUEST_APPROVED, answered_join_requests)
    ),
    "onTeamEvent: a join request denied": Replay(
        fan_out_of(EventType.JOIN_REQUEST_DENIED, answered_join_requests)
    ),
    "onTeamEvent: a join request expired": Replay(
        fan_out_of(EventType.JOIN_REQUEST_EXPIRED, an_expired_join_request)
    ),
    "expireInvites": Replay(expiry_sweep),
    "expireInvites: join requests and link tokens": Replay(
        expiry_sweep_of_join_requests_and_link_tokens
    ),
    "retryMail": Replay(mail_retry_sweep, mails=1),
    "stripeWebhook (HTTP)": Replay(the_same_signed_webhook_over_http),
}


@dataclass(frozen=True)
class Observed:
    """Everything a delivery can change: the database and what the fakes were sent."""

    state: dict[str, dict[str, Any]]
    mails_sent: int
    stripe_writes: list[str]
    stripe_reads: int


def observe(world: World) -> Observed:
    recorded = world.billing.recorder.requests()
    return Observed(
        state=database_state(world.db),
        mails_sent=len(world.sendgrid.requests),
        stripe_writes=[f"{r.method} {r.path}" for r in recorded if r.method != "GET"],
        stripe_reads=sum(r.method == "GET" for r in recorded),
    )


@pytest.fixture
def world(
    *,
    db: firestore.Client,
    build: Builders,
    billing: Billing,
    api: Api,
    in_process: InProcess,
    mail_from_this_process: FakeSendGrid,
    mail_settings: MailSettings,
    paying_team: Callable[[int], PayingTeam],
) -> World:
    return World(
        db, build, billing, api, in_process, mail_from_this_process, mail_settings, paying_team
    )


@pytest.mark.parametrize("name", list(REPLAYS))
def test_three_deliveries_of_the_same_event_leave_the_state_of_one(name: str, world: World) -> None:
    replay = REPLAYS[name]
    deliver = replay.arrange(world)
    before = observe(world)

    deliver()
    once = observe(world)
    for _ in range(DELIVERIES - 1):
        deliver()
    thrice = observe(world)

    assert once.state != before.state, "the first delivery changed nothing"
    assert once.mails_sent - before.mails_sent == replay.mails
    assert len(once.stripe_writes) - len(before.stripe_writes) == replay.stripe_writes
    assert state_difference(once.state, thrice.state) == []
    assert thrice.mails_sent == once.mails_sent
    assert thrice.stripe_writes == once.stripe_writes
