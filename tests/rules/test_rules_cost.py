"""What each common request costs in rules reads, measured on the emulator's rules engine (its
coverage report lists every document a get() in the rules fetched). docs/rules.md quotes these
numbers; the common reads stay at one read of the caller's member document at most."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from google.cloud import firestore

from devtools.emulators import ROOT, Suite
from devtools.rules_client import Outcome, Query, RulesClient, RulesCoverage
from teamkit import paths
from tests.rules.conftest import WorldKeeper
from tests.rules.operations import (
    SERVER_TIMESTAMPS,
    Request,
    active_links_query,
    my_join_requests_query,
    new_entity,
    own_entities_query,
    pending_join_requests_query,
    shared_entities_query,
)
from tests.rules.world import Actor, World

MEMBER_DOC = "member document"
TEAM_DOC = "team document"


@dataclass(frozen=True)
class Priced:
    request: str
    actor: Actor
    run: Callable[[Request], Outcome] = field(repr=False)
    reads: tuple[str, ...]  # what the rules fetch: MEMBER_DOC, TEAM_DOC
    allowed: bool = True
    # Server-side setup (the world is put back afterwards).
    prepare: Callable[[firestore.Client, World, Actor], None] | None = field(
        default=None, repr=False
    )


def forget_current_team(db: firestore.Client, world: World, actor: Actor) -> None:
    paths.user(db, world.uid(actor)).update({"currentTeamId": None})


PRICES = [
    Priced("get the team", Actor.VIEWER, lambda r: r.client.get(r.caller, r.team), (MEMBER_DOC,)),
    Priced("get the team", Actor.SUPER_ADMIN, lambda r: r.client.get(r.caller, r.team), ()),
    Priced(
        "get the team",
        Actor.NON_MEMBER,
        lambda r: r.client.get(r.caller, r.team),
        (MEMBER_DOC,),
        allowed=False,
    ),
    Priced(
        "list the team's members",
        Actor.BILLING,
        lambda r: r.client.query(r.caller, Query("members", parent=r.team)),
        (MEMBER_DOC,),
    ),
    Priced(
        "get another member",
        Actor.VIEWER,
        lambda r: r.client.get(r.caller, f"{r.team}/members/{r.world.author.uid}"),
        (MEMBER_DOC,),
    ),
    Priced(
        "get my own member document",
        Actor.VIEWER,
        lambda r: r.client.get(r.caller, f"{r.team}/members/{r.uid}"),
        (),
    ),
    Priced(
        "list my memberships (collection group)",
        Actor.MEMBER,
        lambda r: r.client.query(
            r.caller, Query("members", group=True, where=(("uid", "==", r.uid),))
        ),
        (),
    ),
    Priced(
        "list the team's pending invites",
        Actor.ADMIN,
        lambda r: r.client.query(
            r.caller, Query("invites", parent=r.team, where=(("status", "==", "pending"),))
        ),
        (MEMBER_DOC,),
    ),
    Priced(
        "list invites for me (collection group)",
        Actor.NON_MEMBER,
        lambda r: r.client.query(
            r.caller,
            Query(
                "invites",
                group=True,
                where=(("email", "==", r.world.email(r.actor)), ("status", "==", "pending")),
            ),
        ),
        (),
    ),
    Priced(
        "get an invite addressed to me",
        Actor.NON_MEMBER,
        lambda r: r.client.get(r.caller, f"{r.team}/invites/{r.world.invitee_invite_id}"),
        (),
    ),
    Priced(
        "list the event log",
        Actor.OWNER,
        lambda r: r.client.query(
            r.caller, Query("events", parent=r.team, order_by=(("at", "desc"),))
        ),
        (MEMBER_DOC,),
    ),
    Priced(
        "list the team's active invite links",
        Actor.ADMIN,
        lambda r: r.client.query(r.caller, active_links_query(r.team)),
        (MEMBER_DOC,),
    ),
    Priced(
        "list the team's pending join requests",
        Actor.OWNER,
        lambda r: r.client.query(r.caller, pending_join_requests_query(r.team)),
        (MEMBER_DOC,),
    ),
    Priced(
        "get my own join request",
        Actor.NON_MEMBER,
        lambda r: r.client.get(r.caller, f"{r.team}/joinRequests/{r.uid}"),
        (),
    ),
    Priced(
        "list my join requests (collection group)",
        Actor.NON_MEMBER,
        lambda r: r.client.query(r.caller, my_join_requests_query(r.uid)),
        (),
    ),
    Priced("get my profile", Actor.MEMBER, lambda r: r.client.get(r.caller, f"users/{r.uid}"), ()),
    Priced(
        "list my notifications",
        Actor.MEMBER,
        lambda r: r.client.query(
            r.caller,
            Query("notifications", parent=f"users/{r.uid}", order_by=(("createdAt", "desc"),)),
        ),
        (),
    ),
    Priced(
        "mark a notification read",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, f"users/{r.uid}/notifications/welcome", {"read": True}),
        (),
    ),
    Priced(
        "change my display name",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, f"users/{r.uid}", {"displayName": "Renamed"}),
        (),
    ),
    Priced(
        "change my notification preferences",
        Actor.VIEWER,
        lambda r: r.client.update(
            r.caller,
            f"users/{r.uid}",
            {"notificationPrefs": {"emailByType": {"role_changed": False}}},
        ),
        (),
    ),
    Priced(
        "switch my current team",
        Actor.MEMBER,
        lambda r: r.client.update(r.caller, f"users/{r.uid}", {"currentTeamId": r.world.team_id}),
        (MEMBER_DOC, TEAM_DOC),
        prepare=forget_current_team,
    ),
    Priced(
        "get a shared entity",
        Actor.VIEWER,
        lambda r: r.client.get(r.caller, "prompts/shared"),
        (MEMBER_DOC,),
    ),
    Priced(
        "get a shared entity",
        Actor.SUPER_ADMIN,
        lambda r: r.client.get(r.caller, "prompts/shared"),
        (),
    ),
    Priced(
        "get my own private entity",
        Actor.BILLING,
        lambda r: r.client.get(r.caller, r.world.own_entity("prompts", r.actor)),
        (MEMBER_DOC,),
    ),
    Priced(
        "list the team's shared entities",
        Actor.MEMBER,
        lambda r: r.client.query(r.caller, shared_entities_query("chats", r.world.team_id)),
        (MEMBER_DOC,),
    ),
    Priced(
        "list my own entities",
        Actor.MEMBER,
        lambda r: r.client.query(r.caller, own_entities_query("chats", r.world.team_id, r.uid)),
        (MEMBER_DOC,),
    ),
    Priced(
        "create an entity",
        Actor.MEMBER,
        lambda r: r.client.create(
            r.caller,
            "chats/priced",
            new_entity("chats", r.world.team_id, r.uid, "private"),
            server_timestamps=SERVER_TIMESTAMPS,
        ),
        (MEMBER_DOC, TEAM_DOC),
    ),
    Priced(
        "edit my entity",
        Actor.MEMBER,
        lambda r: r.client.update(
            r.caller,
            r.world.own_entity("assistants", r.actor),
            {"title": "Edited"},
            server_timestamps=["updatedAt"],
        ),
        (MEMBER_DOC, TEAM_DOC),
    ),
    Priced(
        "delete a shared entity as a moderator",
        Actor.ADMIN,
        lambda r: r.client.delete(r.caller, "assistants/shared"),
        (MEMBER_DOC, TEAM_DOC),
    ),
]


@pytest.fixture(scope="module")
def coverage(suite: Suite) -> RulesCoverage:
    return RulesCoverage(
        suite.firestore_host, suite.project, (ROOT / "firestore.rules").read_text()
    )


@pytest.mark.parametrize(
    "priced",
    PRICES,
    ids=[f"{p.request} as {p.actor.value}: {len(p.reads)} reads" for p in PRICES],
)
def test_each_request_costs_the_reads_the_docs_state(
    priced: Priced,
    rules_client: RulesClient,
    world: World,
    keeper: WorldKeeper,
    coverage: RulesCoverage,
) -> None:
    request = Request(rules_client, world, priced.actor)
    if priced.prepare is not None:
        keeper.dirty = True
        priced.prepare(keeper.db, world, priced.actor)
    coverage.reset()

    outcome = priced.run(request)

    assert outcome.allowed is priced.allowed, outcome.body
    expected = {
        {MEMBER_DOC: f"teams/{world.team_id}/members/{request.uid}", TEAM_DOC: request.team}[kind]
        for kind in priced.reads
    }
    assert coverage.documents_read() == expected
