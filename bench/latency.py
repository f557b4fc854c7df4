"""Latency over HTTP through the Functions emulator: p50 and p95 of every HTTP function, as a
ratio to a trivial function (`bench/trivial`, answering `{}`) measured in the same run.

Every call is a real request with a real Auth-emulator ID token to a warm instance: the first
round calls each function once to start its worker and is discarded. Rounds then call every
function once, in a rotating order, so load on the machine hits all of them alike. Each call
gets fixtures of its own where a function changes what it acts on (a team to delete, an invite
to revoke, a user to add), built beforehand through the use cases; Firestore triggers are off,
so nothing runs in the background.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count
from typing import Any

import requests

from bench.services import TRIVIAL_FUNCTION, Services
from devtools.auth_emulator import AuthEmulator, TestUser
from devtools.fakes.stripe_events import event_body, sign, stripe_event
from devtools.fakes.stripe_fake import SEAT_PRICE
from teamkit.clock import utcnow
from teamkit.invitations.invite_members import InviteRequest, InviteSent, invite_members
from teamkit.membership.add_existing_member import add_account
from teamkit.roles import Role
from teamkit.teams.create_team import create_team

# A request: (function name, token or None, JSON body, extra headers, raw body or None).
Call = tuple[str, str | None, Any, dict[str, str], bytes | None]
WEBHOOK = "stripeWebhook"


@dataclass(frozen=True)
class Latency:
    """Milliseconds per call of one function (warm calls only)."""

    function: str
    samples: tuple[float, ...]

    @property
    def p50(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


@dataclass(frozen=True)
class LatencyReport:
    """Warm latencies of the trivial function and of every HTTP function."""

    rounds: int
    trivial: Latency
    functions: tuple[Latency, ...]

    def ratios(self, latency: Latency) -> tuple[float, float]:
        """p50 and p95 of a function over the trivial function's."""
        return latency.p50 / self.trivial.p50, latency.p95 / self.trivial.p95


def percentile(samples: tuple[float, ...], percent: float) -> float:
    """Nearest-rank percentile (with 20 samples, p95 is the 19th fastest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


@dataclass
class Fixtures:
    """What each round's calls act on, made up front through the use cases."""

    services: Services
    accounts: AuthEmulator
    owner: TestUser = field(init=False)
    tokens: dict[str, str] = field(default_factory=dict)
    _numbers: Iterator[int] = field(default_factory=lambda: count(1))

    def __post_init__(self) -> None:
        self.db = self.services.client()
        self.owner = self.user("owner")

    def user(self, name: str) -> TestUser:
        """A new Auth-emulator account with a verified address."""
        number = next(self._numbers)
        return self.accounts.create_user(f"{name}{number}@latency.example.com", name=name)

    def token(self, user: TestUser) -> str:
        """The user's ID token (one sign-in per user, outside the timed calls)."""
        if user.uid not in self.tokens:
            self.tokens[user.uid] = self.accounts.id_token(user)
        return self.tokens[user.uid]

    def team(self, name: str) -> str:
        """A new team owned by the benchmark's owner."""
        return create_team(self.db, self.owner.caller, name).team_id

    def members(self, team_id: str, users: list[TestUser]) -> None:
        """Add the users to the team as members (as `addExistingMember` would)."""
        for user in users:
            add_account(self.db, self.owner.caller, team_id, user.account, role=Role.MEMBER)

    def invites(self, team_id: str, emails: list[str], *, minutes_ago: float = 0) -> list[str]:
        """Invite the addresses (possibly a while ago, so that a resend is allowed now)."""
        sent = invite_members(
            self.db,
            self.owner.caller,
            team_id,
            [InviteRequest(email) for email in emails],
            now=utcnow() - timedelta(minutes=minutes_ago),
        )
        return [outcome.invite_id for outcome in sent if isinstance(outcome, InviteSent)]


def plan_calls(services: Services, calls: int) -> dict[str, list[Call]]:
    """`calls` requests per function (the trivial one included), each ready to send."""
    fx = Fixtures(services, AuthEmulator(services.suite))
    owner = fx.token(fx.owner)
    n = range(calls)
    team = fx.team("Latency")
    renamed = fx.team("Latency renames")
    billed = fx.team("Latency webhooks")

    def as_owner(name: str, bodies: list[Any]) -> list[Call]:
        return [(name, owner, body, {}, None) for body in bodies]

    def as_each(name: str, users: list[TestUser], body: Callable[[TestUser], Any]) -> list[Call]:
        return [(name, fx.token(user), body(user), {}, None) for user in users]

    leavers = [fx.user("leaver") for _ in n]
    deleters = [fx.user("deleter") for _ in n]
    removed = [fx.user("removed") for _ in n]
    regraded = fx.user("regraded")
    fx.members(team, [*leavers, *deleters, *removed, regraded])
    joiners = [fx.user("joiner") for _ in n]
    decliners = [fx.user("decliner") for _ in n]
    joiner_invites = fx.invites(team, [u.email for u in joiners])
    decliner_invites = fx.invites(team, [u.email for u in decliners])
    resent = fx.invites(team, [f"resend{i}@latency.example.com" for i in n], minutes_ago=2)
    revoked = fx.invites(team, [f"revoke{i}@latency.example.com" for i in n])
    addable = [fx.user("added") for _ in n]
    doomed = [fx.team(f"Doomed {i}") for i in n]
    subscription = services.stripe.subscribe_team(fx.db, billed, SEAT_PRICE)
    started = int(time.time())

    def webhook(i: int) -> Call:
        event = stripe_event(
            "customer.subscription.updated",
            subscription,
            created=started + i + 1,
            prefix="evt_bench",
        )
        return (WEBHOOK, None, None, {}, event_body(event))

    urls = {"successUrl": "https://app.example.com/ok", "cancelUrl": "https://app.example.com/no"}
    plan: dict[str, list[Call]] = {
        TRIVIAL_FUNCTION: [(TRIVIAL_FUNCTION, None, {}, {}, None) for _ in n],
        "createTeam": as_owner("createTeam", [{"name": f"Created {i}"} for i in n]),
        "updateTeam": as_owner(
            "updateTeam", [{"teamId": renamed, "name": f"Renamed {i}"} for i in n]
        ),
        "deleteTeam": as_owner("deleteTeam", [{"teamId": doomed[i]} for i in n]),
        "inviteMember": as_owner(
            "inviteMember",
            [{"teamId": team, "email": f"invited{i}@latency.example.com"} for i in n],
        ),
        "inviteMembers": as_owner(
            "inviteMembers",
            [
                {
                    "teamId": team,
                    "invites": [{"email": f"bulk{i}-{j}@latency.example.com"} for j in range(5)],
                }
                for i in n
            ],
        ),
        "resendInvite": as_owner(
            "resendInvite", [{"teamId": team, "inviteId": resent[i]} for i in n]
        ),
        "revokeInvite": as_owner(
            "revokeInvite", [{"teamId": team, "inviteId": revoked[i]} for i in n]
        ),
        "acceptInvite": [
            (
                "acceptInvite",
                fx.token(joiners[i]),
                {"teamId": team, "inviteId": joiner_invites[i]},
                {},
                None,
            )
            for i in n
        ],
        "declineInvite": [
            (
                "declineInvite",
                fx.token(decliners[i]),
                {"teamId": team, "inviteId": decliner_invites[i]},
                {},
                None,
            )
            for i in n
        ],
        "addExistingMember": as_owner(
            "addExistingMember",
            [{"teamId": team, "email": user.email, "role": "member"} for user in addable],
        ),
        "removeMember": as_owner(
            "removeMember", [{"teamId": team, "uid": user.uid} for user in removed]
        ),
        "leaveTeam": as_each("leaveTeam", leavers, lambda _: {"teamId": team}),
        "changeMemberRoles": as_owner(
            "changeMemberRoles",
            [
                {"teamId": team, "changes": {regraded.uid: "viewer" if i % 2 == 0 else "member"}}
                for i in n
            ],
        ),
        "switchTeam": as_owner("switchTeam", [{"teamId": team} for _ in n]),
        "deleteAccount": as_each("deleteAccount", deleters, lambda _: {}),
        "createCheckoutSession": as_owner(
            "createCheckoutSession",
            [{"teamId": team, "priceId": SEAT_PRICE, **urls} for _ in n],
        ),
        "createBillingPortalSession": as_owner(
            "createBillingPortalSession",
            [{"teamId": team, "returnUrl": "https://app.example.com/billing"} for _ in n],
        ),
        "getBillingOverview": as_owner("getBillingOverview", [{"teamId": team} for _ in n]),
        WEBHOOK: [webhook(i) for i in n],
    }
    return plan


def send(session: requests.Session, services: Services, call: Call) -> float:
    """Milliseconds for one request; anything but a 2xx answer is an error of the set-up."""
    name, token, body, extra, raw = call
    headers = {"Content-Type": "application/json", **extra}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = raw if raw is not None else json.dumps(body).encode()
    if name == WEBHOOK:  # signed as it is sent: a signature is good for five minutes only
        headers["Stripe-Signature"] = sign(data)
    started = time.perf_counter()
    response = session.post(
        services.suite.function_url(name), data=data, headers=headers, timeout=60
    )
    elapsed = (time.perf_counter() - started) * 1000
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"{name} answered {response.status_code}: {response.text[:500]}")
    return elapsed


def measure_latency(services: Services, rounds: int = 21) -> LatencyReport:
    """`rounds` calls per function, the first (cold) one discarded."""
    plan = plan_calls(services, rounds)
    names = list(plan)
    samples: dict[str, list[float]] = {name: [] for name in names}
    with requests.Session() as session:
        for round_number in range(rounds):
            shift = round_number % len(names)
            for name in (*names[shift:], *names[:shift]):
                elapsed = send(session, services, plan[name][round_number])
                if round_number > 0:
                    samples[name].append(elapsed)
    latencies = {name: Latency(name, tuple(values)) for name, values in samples.items()}
    trivial = latencies.pop(TRIVIAL_FUNCTION)
    return LatencyReport(rounds - 1, trivial, tuple(latencies.values()))
