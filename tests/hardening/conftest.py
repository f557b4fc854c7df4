"""Fixtures of the hardening tests: the package called in-process against the test emulators,
the world the fuzzers aim at, Stripe's catalogue (from the billing tests), and a summary line
with the figures these tests measure."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from google.cloud import firestore

from devtools.auth_emulator import TestUser
from devtools.emulators import Suite
from devtools.fakes.sendgrid_fake import FAKE_SENDGRID_KEY, FakeSendGrid
from devtools.fakes.stripe_events import sign, stripe_event
from devtools.fakes.stripe_fake import TEST_WEBHOOK_SECRET
from teamkit import paths
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.mail import config as mail_config
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from tests.hardening import tally
from tests.support.billing import FLAT_PRICE, SEAT_PRICE, Billing
from tests.support.builders import Builders, RoleTeam
from tests.support.fuzzing import FuzzWorld
from tests.support.http import Api
from tests.support.in_process import InProcess, RawRequest, in_process_functions


@pytest.fixture
def in_process(suite: Suite) -> Iterator[InProcess]:
    """The HTTP functions served in this process, against this session's emulators."""
    with in_process_functions(suite) as functions:
        yield functions


@pytest.fixture
def mail_from_this_process(
    sendgrid: FakeSendGrid, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeSendGrid]:
    """Mail handlers called in this process send to the fake SendGrid, as in the emulator."""
    monkeypatch.setenv("SENDGRID_API_KEY", FAKE_SENDGRID_KEY)
    monkeypatch.setenv("TEAMKIT_SENDGRID_API_BASE", sendgrid.url)
    mail_config.mail_settings.cache_clear()
    yield sendgrid
    mail_config.mail_settings.cache_clear()


@dataclass(frozen=True)
class PayingTeam:
    """A team with a live per-seat subscription in localstripe that the webhook recorded."""

    id: str
    owner: TestUser
    subscription_id: str


@pytest.fixture
def paying_team(
    build: Builders, billing: Billing, in_process: InProcess
) -> Callable[[int], PayingTeam]:
    """`paying_team(members)`: a team of that size, paying per seat for as many."""

    def make(members: int = 1) -> PayingTeam:
        team_id, owner = build.new_team()
        for _ in range(members - 1):
            build.add_member(team_id)
        subscription_id = billing.subscribe(team_id, SEAT_PRICE, quantity=members)
        event = stripe_event("customer.subscription.created", billing.subscription(subscription_id))
        body = json.dumps(event).encode()
        signed = RawRequest(headers=(("Stripe-Signature", sign(body)),), data=body)
        answer = in_process.call("stripeWebhook", signed)
        assert answer.json()["outcome"] == "applied", answer.data
        return PayingTeam(team_id, owner, subscription_id)

    return make


@pytest.fixture
def fuzz_world(
    api: Api, db: firestore.Client, build: Builders, role_team: RoleTeam, billing: Billing
) -> FuzzWorld:
    """A team with every role, pending invites (one to an existing account), a Stripe customer;
    another team, a deleted one; users outside the team, unverified, a super admin; and a
    valid ID token for each of them."""
    owner = role_team[Role.OWNER]
    outsider = build.new_user(name="Outsider")
    other_team, _ = build.new_team(owner=outsider, name="Other")
    gone, gone_owner = build.new_team(name="Gone")
    delete_team(db, gone_owner.caller, gone)
    invitee = build.new_user("invitee@fuzz.io", name="Invitee")
    unverified = build.new_user(verified=False)
    for email in (invitee.email, "nobody@fuzz.io"):
        invite_member(db, owner.caller, role_team.id, InviteRequest(email, Role.MEMBER))
    # Members of every role first (the first uid and the first two tokens are drawn most).
    users = [
        *(role_team[role] for role in (Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER)),
        role_team[Role.BILLING],
        outsider,
        invitee,
        unverified,
        build.operator,
    ]
    secrets = [s.to_dict() or {} for s in paths.event_secrets(db).stream()]
    return FuzzWorld(
        project=api.suite.project,
        team_ids=(role_team.id, other_team, gone),
        uids=tuple(user.uid for user in users[2:] + users[:2]),  # a member first, not an owner
        emails=(*(user.email for user in users), "nobody@fuzz.io"),
        invite_ids=tuple(str(s["inviteId"]) for s in secrets),
        invite_tokens=tuple(str(s["token"]) for s in secrets),
        id_tokens=tuple(api.token(user) for user in users),
        customer_ids=(billing.customer_of(role_team.id),),
        price_ids=(SEAT_PRICE, FLAT_PRICE),
        webhook_secret=TEST_WEBHOOK_SECRET,
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures the hardening tests measured, for the record."""
    for line in tally.lines():
        terminalreporter.write_line(f"hardening: {line}")
