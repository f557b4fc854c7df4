"""Firestore cost per operation: billed reads and writes of every HTTP function and trigger, for a
team of 10 members and a team of 10,000, run in-process against the emulator.

Each team gets the same cast (1 owner, 3 admins, 1 billing, 1 viewer, 4 members with jobs to
do) and the same script of operations, so the two columns differ only by the number of
anonymous members; every operation should then cost the same in both. HTTP functions are
called through their area's endpoint (the body model and the handler `serve` calls once
the ID token is verified, which costs no Firestore reads); triggers through the entry points
`main.py` hands their events to, on the counting client. Set-up (invites to answer, a
subscription in localstripe, looking events up) is not counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar
from unittest import mock

from flask import Request
from google.cloud import firestore
from google.cloud.firestore import FieldFilter
from werkzeug.test import EnvironBuilder

import teamkit.db
from bench.counting import Cost, CountingClient
from bench.seeding import Seat, SeededTeam, seed_team
from bench.services import Services
from devtools.auth_emulator import AuthEmulator
from devtools.fakes.stripe_events import event_body, sign, stripe_event
from devtools.fakes.stripe_fake import SEAT_PRICE
from teamkit import paths
from teamkit.auth import Caller
from teamkit.billing.triggers import sync_billing_with_team_event
from teamkit.clock import utcnow
from teamkit.documents import DomainJoin
from teamkit.endpoint_table import ENDPOINTS
from teamkit.event_types import EventType
from teamkit.http import parse_body, serve
from teamkit.invitations.invite_members import InviteRequest, invite_members
from teamkit.invitations.triggers import run_expiry_sweep
from teamkit.joining.domain_join import join_team
from teamkit.mail.outbox import mail_id_for
from teamkit.mail.triggers import send_queued_mail
from teamkit.notifications.triggers import fan_out_team_event
from teamkit.roles import Role
from teamkit.teams.update_team import update_team
from teamkit.tokens import invite_id_for

SIZES = (10, 10_000)
ADMINS = 3

T = TypeVar("T")


@dataclass(frozen=True)
class CostRow:
    """One operation's cost in the small and in the large team."""

    operation: str
    small: Cost
    large: Cost
    note: str = ""

    @property
    def same(self) -> bool:
        return (self.small.reads, self.small.writes) == (self.large.reads, self.large.writes)


@dataclass(frozen=True)
class CostReport:
    """The cost table: one row per operation, for the two team sizes."""

    sizes: tuple[int, int]
    rows: tuple[CostRow, ...]


NOTES = {
    "updateTeam (rename)": "also rewrites teamName on each pending invite (5 here)",
    "deleteTeam": "revokes each pending invite (5 here) after the commit",
    "deleteAccount": "per team the account belongs to (1 here), plus its notifications; "
    "1 query for its join requests",
    "inviteMembers (5 addresses)": "4 invited, 1 already a member",
    "onTeamEvent (member_invited)": "reads 4 owners/admins, notifies the 3 who did not act; "
    "queues the invite mail, drops the token's secret",
    "onTeamEvent (role_changed)": "notifies 3 admins and the member; queues the member's mail",
    "onTeamEvent (team_renamed)": "notifies 3 admins (the owner acted)",
    "onTeamEvent (billing_changed)": "notifies owner, 3 admins, billing (no actor)",
    "onTeamEvent (replay)": "an event already fanned out",
    "syncBilling (member_added)": "quantity differs from Stripe's: updated",
    "syncBilling (team_deleted)": "cancellation already requested by deleteTeam",
    "joinByLink": "includes 1 read and 1 write of the caller's rate-limit window",
    "joinByLink (again: a no-op)": "the caller is a member already: only the rate-limit "
    "window is written",
    "listJoinableTeams": "per team open to the caller's domain (1 here): the team, the caller's "
    "member document and join request",
    "joinTeam (auto)": "after updateTeam switched domainJoin to auto (uncounted)",
    "joinTeam (request)": "files the request and its event; the team document is not written",
    "approveJoinRequest": "reads the request, then the requester's pending invite (2 round trips)",
    "onTeamEvent (member_joined)": "notifies the 4 owners/admins (the newcomer acted)",
    "onTeamEvent (join_requested)": "notifies the 4 owners/admins (the requester acted)",
    "onTeamEvent (members_invited)": "the bulk invite's one event: notifies the 3 admins",
    "onTeamEvent (member_invited, in a batch)": "an address of the bulk invite: no role "
    "holders notified; queues the invite mail",
    "onTeamEvent (join_request_approved)": "notifies the 3 owners/admins who did not act and the "
    "requester; queues the requester's mail",
    "expireInvites (sweep)": "1 overdue invite with its token and secret; 1 overdue join request",
}


@dataclass
class Script:
    """The operations, run in order on one seeded team, each measured."""

    services: Services
    counting: CountingClient
    accounts: AuthEmulator
    team: SeededTeam
    tag: str
    costs: dict[str, Cost] = field(default_factory=dict)

    @property
    def plain(self) -> firestore.Client:
        return self.services.client()

    @property
    def team_id(self) -> str:
        return self.team.team_id

    def caller(self, index: int) -> Caller:
        return self.team.seats[index].caller

    # --- measuring ----------------------------------------------------------------------------

    def measure(self, operation: str, action: Callable[[], T]) -> T:
        """Run `action` with every RPC counted, `teamkit.db.client()` included (the trigger
        entry points fetch the process-wide client themselves)."""
        with mock.patch.object(teamkit.db, "client", lambda: self.counting.client):
            with self.counting.measure() as tally:
                result = action()
        self.costs[operation] = tally.cost()
        return result

    def call(self, operation: str, name: str, caller: Caller, body: dict[str, Any]) -> Any:
        """Call the HTTP function `name` as `caller` (after token verification)."""
        endpoint = ENDPOINTS[name]
        assert endpoint.body is not None, f"{name} takes a raw body"
        parsed = parse_body(endpoint.body, json.dumps(body).encode())
        payload = self.measure(
            operation, lambda: endpoint.call(self.counting.client, caller, parsed)
        )
        return payload

    # --- set-up helpers (not counted) ---------------------------------------------------------

    def invite(self, email: str, *, days_ago: float = 0, minutes_ago: float = 0) -> str:
        """An invite sent by the owner, possibly in the past (uncounted)."""
        when = utcnow() - timedelta(days=days_ago, minutes=minutes_ago)
        (sent,) = invite_members(
            self.plain, self.caller(0), self.team_id, [InviteRequest(email)], now=when
        )
        if isinstance(sent, Exception):
            raise sent
        return sent.invite_id

    def token_of(self, invite_id: str) -> str:
        """The raw token of an invite's latest send, as its email would carry it."""
        secrets = paths.event_secrets(self.plain).where(
            filter=FieldFilter("inviteId", "==", invite_id)
        )
        found = [s for s in secrets.stream() if s.get("teamId") == self.team_id]
        return str(found[-1].get("token"))

    def event(self, event_type: EventType, **fields: object) -> tuple[str, dict[str, Any]]:
        """The latest event of a type (and with these fields) of the team: (id, data)."""
        matches = [
            (snapshot.id, snapshot.to_dict() or {})
            for snapshot in paths.events(self.plain, self.team_id)
            .where(filter=FieldFilter("type", "==", event_type.value))
            .stream()
        ]
        matches = [m for m in matches if all(m[1].get(k) == v for k, v in fields.items())]
        if not matches:
            raise RuntimeError(f"no {event_type} event with {fields} in team {self.team_id}")
        return max(matches, key=lambda m: m[1]["at"])

    # --- the script ---------------------------------------------------------------------------

    def run(self) -> dict[str, Cost]:
        """Every HTTP function, then the triggers on the events they wrote, then deleteTeam;
        returns the cost of each operation, in order."""
        owner, team_id, tag = self.caller(0), self.team_id, self.tag
        email = f"@{tag}.example.com"
        joiner = Caller(f"{tag}-joiner", f"joiner{email}", email_verified=True, display_name="J")
        decliner = Caller(f"{tag}-decliner", f"decliner{email}", email_verified=True)
        added = self.accounts.create_user(f"added{email}", name="Added")
        joiner_token = self.token_of(self.invite(joiner.email or ""))
        self.invite(decliner.email or "")
        self.invite(f"resend{email}", minutes_ago=2)  # a resend is allowed once a minute

        self.call("createTeam", "createTeam", owner, {"name": "Side project"})
        self.call("switchTeam", "switchTeam", owner, {"teamId": team_id})
        invited = self.call(
            "inviteMember", "inviteMember", owner, {"teamId": team_id, "email": f"new{email}"}
        )
        batch = [{"email": f"bulk{n}{email}"} for n in range(4)]
        batch.append({"email": self.caller(5).email or ""})  # the viewer: already a member
        self.call(
            "inviteMembers (5 addresses)",
            "inviteMembers",
            owner,
            {"teamId": team_id, "invites": batch},
        )
        self.call(
            "resendInvite",
            "resendInvite",
            owner,
            {"teamId": team_id, "inviteId": invite_id_for(f"resend{email}")},
        )
        self.call(
            "revokeInvite",
            "revokeInvite",
            owner,
            {"teamId": team_id, "inviteId": invited["inviteId"]},
        )
        self.call("acceptInvite (token)", "acceptInvite", joiner, {"token": joiner_token})
        self.call(
            "declineInvite (teamId, inviteId)",
            "declineInvite",
            decliner,
            {"teamId": team_id, "inviteId": invite_id_for(decliner.email or "")},
        )
        self.call(
            "addExistingMember",
            "addExistingMember",
            owner,
            {"teamId": team_id, "email": added.email, "role": "member"},
        )
        self.call(
            "changeMemberRoles (1 change)",
            "changeMemberRoles",
            owner,
            {"teamId": team_id, "changes": {self.caller(8).uid: "viewer"}},
        )
        self.call(
            "removeMember", "removeMember", owner, {"teamId": team_id, "uid": self.caller(6).uid}
        )
        self.call("leaveTeam", "leaveTeam", self.caller(7), {"teamId": team_id})
        self.call(
            "updateTeam (rename)", "updateTeam", owner, {"teamId": team_id, "name": "Renamed"}
        )
        self.call("deleteAccount", "deleteAccount", self.caller(9), {})
        self.joining(owner)
        urls = {
            "successUrl": "https://app.example.com/ok",
            "cancelUrl": "https://app.example.com/no",
        }
        self.call(
            "createCheckoutSession",
            "createCheckoutSession",
            owner,
            {"teamId": team_id, "priceId": SEAT_PRICE, **urls},
        )
        self.call(
            "createBillingPortalSession",
            "createBillingPortalSession",
            owner,
            {"teamId": team_id, "returnUrl": "https://app.example.com/billing"},
        )
        self.call("getBillingOverview", "getBillingOverview", owner, {"teamId": team_id})

        subscription = self.services.stripe.subscribe_team(self.plain, team_id, SEAT_PRICE)
        self.webhook(
            "stripeWebhook (subscription created)", "customer.subscription.created", subscription
        )
        self.triggers(added.uid)
        self.call("deleteTeam", "deleteTeam", owner, {"teamId": team_id})
        deleted_id, deleted = self.event(EventType.TEAM_DELETED)
        self.measure(
            "syncBilling (team_deleted)",
            lambda: sync_billing_with_team_event(team_id, deleted_id, deleted),
        )
        return self.costs

    def joining(self, owner: Caller) -> None:
        """Invite links, verified-domain join and join requests (docs/joining.md)."""
        team_id, tag = self.team_id, self.tag
        domain = f"{tag}.example.com"

        def user(name: str) -> Caller:
            return Caller(
                f"{tag}-{name}", f"{name}@{domain}", email_verified=True, display_name=name
            )

        link = self.call(
            "createInviteLink",
            "createInviteLink",
            owner,
            {"teamId": team_id, "role": "member", "maxUses": 5, "label": "Bench"},
        )
        linker = user("linker")
        self.call("joinByLink", "joinByLink", linker, {"token": link["token"]})
        self.call("joinByLink (again: a no-op)", "joinByLink", linker, {"token": link["token"]})
        self.call(
            "revokeInviteLink",
            "revokeInviteLink",
            owner,
            {"teamId": team_id, "linkId": link["linkId"]},
        )
        # The owner's verified address at the domain proves it at once (docs/joining.md).
        self.call(
            "updateTeam (domainJoin)",
            "updateTeam",
            replace(owner, email_verified=True),
            {"teamId": team_id, "allowedDomains": [domain], "domainJoin": "request"},
        )
        # Approval reads the requester's Auth account (their current verified address).
        account = self.accounts.create_user(f"asker@{domain}", name="asker")
        asker = Caller(account.uid, account.email, email_verified=True, display_name="asker")
        refused = user("refused")
        self.call("listJoinableTeams", "listJoinableTeams", asker, {})
        self.call("joinTeam (request)", "joinTeam", asker, {"teamId": team_id})
        join_team(self.plain, refused, team_id)
        # A request the expiry sweep will find overdue.
        join_team(self.plain, user("late"), team_id, now=utcnow() - timedelta(days=31))
        self.call(
            "approveJoinRequest",
            "approveJoinRequest",
            owner,
            {"teamId": team_id, "uid": asker.uid},
        )
        self.call(
            "denyJoinRequest", "denyJoinRequest", owner, {"teamId": team_id, "uid": refused.uid}
        )
        update_team(self.plain, owner, team_id, domain_join=DomainJoin.AUTO)
        self.call("joinTeam (auto)", "joinTeam", user("auto"), {"teamId": team_id})

    def webhook(self, operation: str, event_type: str, obj: dict[str, Any]) -> None:
        """Deliver a signed Stripe event to `stripeWebhook`'s handler as a Flask request."""
        body = event_body(stripe_event(event_type, obj, prefix="evt_bench"))
        request = Request(
            EnvironBuilder(
                method="POST",
                data=body,
                headers=[
                    ("Stripe-Signature", sign(body)),
                    ("Content-Type", "application/json"),
                ],
            ).get_environ()
        )
        response = self.measure(operation, lambda: serve("stripeWebhook", request))
        answer = response.get_json()
        if answer.get("outcome") != "applied":
            raise RuntimeError(f"the webhook did not apply the event: {answer}")

    def triggers(self, added_uid: str) -> None:
        """The Firestore triggers and the schedule, on events the HTTP functions wrote."""
        team_id, email = self.team_id, f"@{self.tag}.example.com"
        added_id, added = self.event(EventType.MEMBER_ADDED, subjectUid=added_uid)
        self.measure(
            "syncBilling (member_added)",
            lambda: sync_billing_with_team_event(team_id, added_id, added),
        )
        invited_id, _ = self.event(EventType.MEMBER_INVITED, subjectEmail=f"new{email}")
        for label, event_id in (
            ("member_invited", invited_id),
            ("role_changed", self.event(EventType.ROLE_CHANGED)[0]),
            ("team_renamed", self.event(EventType.TEAM_RENAMED)[0]),
            ("billing_changed", self.event(EventType.BILLING_CHANGED)[0]),
            ("members_invited", self.event(EventType.MEMBERS_INVITED)[0]),
            (
                "member_invited, in a batch",
                self.event(EventType.MEMBER_INVITED, subjectEmail=f"bulk0{email}")[0],
            ),
            ("member_joined", self.event(EventType.MEMBER_JOINED)[0]),
            ("join_requested", self.event(EventType.JOIN_REQUESTED)[0]),
            ("join_request_approved", self.event(EventType.JOIN_REQUEST_APPROVED)[0]),
        ):
            self.measure(f"onTeamEvent ({label})", partial(fan_out_team_event, team_id, event_id))
        renamed_id = self.event(EventType.TEAM_RENAMED)[0]
        self.measure("onTeamEvent (replay)", lambda: fan_out_team_event(team_id, renamed_id))
        mail_id = mail_id_for(invited_id, f"new{email}")
        self.measure("onMailQueued", lambda: send_queued_mail(mail_id))
        delivery = paths.mail_message(self.plain, mail_id).get().get("delivery") or {}
        if delivery.get("state") != "SUCCESS":
            raise RuntimeError(f"mail {mail_id} was not delivered: {delivery}")
        self.invite(f"overdue{email}", days_ago=8)
        self.measure("expireInvites (sweep)", run_expiry_sweep)


def cast(tag: str) -> list[Seat]:
    """The named members of a benchmark team; the script gives each a job by position."""
    roles = [Role.OWNER, *[Role.ADMIN] * ADMINS, Role.BILLING, Role.VIEWER]
    jobs = ["removed", "leaver", "regraded", "deleter"]
    names = ["owner", *[f"admin{n}" for n in range(1, ADMINS + 1)], "billing", "viewer", *jobs]
    return [
        Seat(
            Caller(uid=f"{tag}-{name}", email=f"{name}@{tag}.example.com", display_name=name),
            role,
        )
        for name, role in zip(names, [*roles, *[Role.MEMBER] * len(jobs)], strict=True)
    ]


def tag_for(size: int) -> str:
    """A short name for a team size, used in ids and addresses (`s10`, `s10k`)."""
    return f"s{size}" if size < 1000 else f"s{size // 1000}k"


def seed_teams(services: Services, sizes: tuple[int, ...] = SIZES) -> dict[int, SeededTeam]:
    """One benchmark team per size, each with the cast and anonymous members up to its size."""
    return {
        size: seed_team(
            services.client(),
            size,
            cast(tag_for(size)),
            name=f"Bench {tag_for(size)}",
            team_id=f"team-{tag_for(size)}",
        )
        for size in sizes
    }


def run_costs(services: Services, teams: dict[int, SeededTeam]) -> CostReport:
    """Run the script on the seeded teams (smallest first) and pair up the results."""
    counting = CountingClient(services.suite.project)
    accounts = AuthEmulator(services.suite)
    small, large = sorted(teams)
    results = {
        size: Script(services, counting, accounts, teams[size], tag_for(size)).run()
        for size in (small, large)
    }
    rows = tuple(
        CostRow(operation, cost, results[large][operation], NOTES.get(operation, ""))
        for operation, cost in results[small].items()
    )
    return CostReport((small, large), rows)
