"""firestore.indexes.json: the Firebase CLI accepts it, and it declares an index for every query
the project runs (the client queries docs/rules.md documents and the functions' own queries).

The emulator serves any query without indexes, so it cannot catch a missing one; production
answers FAILED_PRECONDITION instead. The check below applies Firestore's index rules: one field
needs a single-field index (automatic for a collection, declared for a collection group);
equalities alone may merge single-field indexes; anything ordered or ranged on top of
equalities needs a composite index with the equality fields first and that field last.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest

from devtools.emulators import ROOT
from devtools.rules_client import Query
from tests.rules.operations import (
    active_links_query,
    my_join_requests_query,
    own_entities_query,
    pending_join_requests_query,
    shared_entities_query,
)
from tests.rules.world import ENTITY_KINDS

INDEXES = json.loads((ROOT / "firestore.indexes.json").read_text())
EQUALITY = {"==", "in", "array-contains"}
NOW = "now"


@dataclass(frozen=True)
class ProjectQuery:
    who: str  # "client" (documented in docs/rules.md) or the server code that runs it
    description: str
    query: Query


def _group(collection: str, *where: tuple[str, str, Any]) -> Query:
    return Query(collection, group=True, where=where)


PROJECT_QUERIES = [
    ProjectQuery("client", "my memberships", _group("members", ("uid", "==", "me"))),
    ProjectQuery("client", "invites for me", _group("invites", ("email", "==", "me@x.org"))),
    ProjectQuery(
        "client",
        "pending invites for me",
        _group("invites", ("email", "==", "me@x.org"), ("status", "==", "pending")),
    ),
    ProjectQuery(
        "client", "a team's pending invites", Query("invites", where=(("status", "==", "p"),))
    ),
    ProjectQuery("client", "a team's event log", Query("events", order_by=(("at", "desc"),))),
    *(
        ProjectQuery(
            "client",
            f"a team's members by {field} prefix",
            Query(
                "members",
                where=((field, ">=", "a"), (field, "<=", "a\uf8ff")),
                order_by=((field, "asc"),),
            ),
        )
        for field in ("email", "displayName")
    ),
    ProjectQuery(
        "client", "my notifications", Query("notifications", order_by=(("createdAt", "desc"),))
    ),
    ProjectQuery(
        "client",
        "my unread notifications",
        Query("notifications", where=(("read", "==", False),), order_by=(("createdAt", "desc"),)),
    ),
    *(
        ProjectQuery("client", f"a team's shared {kind}", shared_entities_query(kind, "t"))
        for kind in ENTITY_KINDS
    ),
    *(
        ProjectQuery("client", f"my own {kind} in a team", own_entities_query(kind, "t", "me"))
        for kind in ENTITY_KINDS
    ),
    ProjectQuery("client", "a team's active invite links", active_links_query("teams/t")),
    ProjectQuery(
        "client", "a team's pending join requests", pending_join_requests_query("teams/t")
    ),
    ProjectQuery("client", "my join requests", my_join_requests_query("me")),
    ProjectQuery(
        "listJoinableTeams",
        "active teams open to a proven domain, the largest first",
        Query(
            "teams",
            where=(("joinDomains", "array-contains", "corp.com"), ("status", "==", "active")),
            order_by=(("memberCount", "desc"),),
        ),
    ),
    ProjectQuery(
        "invite expiry sweep",
        "pending join requests past their expiry",
        _group("joinRequests", ("status", "==", "pending"), ("expiresAt", "<", NOW)),
    ),
    ProjectQuery(
        "invite expiry sweep",
        "invite link tokens past their expiry",
        Query("linkTokens", where=(("expiresAt", "<", NOW),)),
    ),
    ProjectQuery(
        "createInviteLink, repeated",
        "the tokens of a link (a fresh one replaces them)",
        Query("linkTokens", where=(("linkId", "==", "l1"),)),
    ),
    ProjectQuery(
        "invite expiry sweep",
        "pending invites past their expiry",
        _group("invites", ("status", "==", "pending"), ("expiresAt", "<", NOW)),
    ),
    ProjectQuery(
        "invite expiry sweep",
        "tokens past their expiry",
        Query("inviteTokens", where=(("expiresAt", "<", NOW),)),
    ),
    ProjectQuery(
        "invite expiry sweep",
        "event secrets past their expiry",
        Query("eventSecrets", where=(("expiresAt", "<", NOW),)),
    ),
    ProjectQuery(
        "notification catch-up",
        "event secrets still waiting, oldest first",
        Query("eventSecrets", where=(("expiresAt", ">", NOW),), order_by=(("expiresAt", "asc"),)),
    ),
    ProjectQuery(
        "mail retry sweep",
        "mail due for another try",
        Query("mail", where=(("delivery.retryAt", "<=", NOW),)),
    ),
    ProjectQuery(
        "billing cancellation",
        "teams whose subscription still awaits cancelling",
        Query("teams", where=(("billing.cancelPending", "==", True),)),
    ),
    ProjectQuery(
        "team clean-up", "a team's tokens", Query("inviteTokens", where=(("teamId", "==", "t"),))
    ),
    ProjectQuery("deleteAccount", "a user's memberships", _group("members", ("uid", "==", "x"))),
    ProjectQuery(
        "deleteAccount", "a user's join requests", _group("joinRequests", ("uid", "==", "x"))
    ),
    ProjectQuery(
        "changeMemberRoles, removeMember, leaveTeam, deleteAccount",
        "a creator's active invite links",
        Query("links", where=(("createdBy", "==", "x"), ("status", "==", "active"))),
    ),
    ProjectQuery(
        "inviteMembers",
        "members among these emails",
        Query("members", where=(("email", "in", ["a@x.org"]),)),
    ),
    ProjectQuery(
        "notification fan-out",
        "owners and admins",
        Query("members", where=(("role", "in", ["owner", "admin"]),)),
    ),
    ProjectQuery(
        "updateTeam, deleteTeam",
        "a team's pending invites",
        Query("invites", where=(("status", "==", "pending"),)),
    ),
]


def _scope(query: Query) -> str:
    return "COLLECTION_GROUP" if query.group else "COLLECTION"


def _single_field_index(collection: str, field: str, scope: str, order: str) -> bool:
    """Whether a single-field index exists: automatic for a collection unless a field override
    replaced it, and only by override for a collection group."""
    for override in INDEXES["fieldOverrides"]:
        if override["collectionGroup"] == collection and override["fieldPath"] == field:
            return any(
                index.get("order") == order and index.get("queryScope", "COLLECTION") == scope
                for index in override["indexes"]
            )
    return scope == "COLLECTION"


def _composite_index(
    collection: str, scope: str, equalities: set[str], last: tuple[str, str] | None
) -> bool:
    for index in INDEXES["indexes"]:
        if index["collectionGroup"] != collection or index["queryScope"] != scope:
            continue
        fields = [(field["fieldPath"], field.get("order")) for field in index["fields"]]
        if last is None:
            if {path for path, _ in fields} == equalities:
                return True
        elif {path for path, _ in fields[:-1]} == equalities and fields[-1] == last:
            return True
    return False


def is_indexed(query: Query) -> bool:
    """Whether firestore.indexes.json (plus automatic indexes) serves `query`."""
    scope = _scope(query)
    equalities = {path for path, op, _ in query.where if op in EQUALITY}
    ranges = [path for path, op, _ in query.where if op not in EQUALITY]
    orders = [(path, "DESCENDING" if d == "desc" else "ASCENDING") for path, d in query.order_by]
    last = orders[0] if orders else ((ranges[0], "ASCENDING") if ranges else None)
    fields = equalities | set(ranges) | {path for path, _ in orders}
    if len(fields) == 1:
        (field,) = fields
        order = last[1] if last else "ASCENDING"
        return _single_field_index(query.collection, field, scope, order)
    if last is None:
        merged = all(
            _single_field_index(query.collection, field, scope, "ASCENDING") for field in equalities
        )
        return merged or _composite_index(query.collection, scope, equalities, None)
    return _composite_index(query.collection, scope, equalities - {last[0]}, last)


@pytest.mark.parametrize(
    "project_query",
    PROJECT_QUERIES,
    ids=[f"{q.who}: {q.description}" for q in PROJECT_QUERIES],
)
def test_every_query_of_the_project_has_its_index(project_query: ProjectQuery) -> None:
    assert is_indexed(project_query.query), project_query.query.structured()


def test_expiring_documents_have_a_ttl_policy() -> None:
    ttl = {
        (override["collectionGroup"], override["fieldPath"])
        for override in INDEXES["fieldOverrides"]
        if override.get("ttl")
    }

    assert ttl == {
        ("inviteTokens", "expiresAt"),
        ("eventSecrets", "expiresAt"),
        ("linkTokens", "expiresAt"),
        ("mail", "expireAt"),
        ("mailLimits", "expireAt"),  # the mail limits' counts, two days after the last send
        ("rateLimits", "expireAt"),
        ("requestRecords", "expireAt"),  # 24 hours after the call; readers check it themselves
        ("stripeEvents", "expireAt"),  # the webhook's ledger, 90 days after the event
    }


def test_the_firebase_cli_accepts_the_index_file() -> None:
    node = shutil.which("node")
    assert node is not None, "Node.js runs the Firebase CLI; install it (scripts/setup)"
    script = (
        "const {FirestoreApi} = require('firebase-tools/lib/firestore/api');"
        "const api = new FirestoreApi();"
        "const spec = api.upgradeOldSpec(require('./firestore.indexes.json'));"
        "api.validateSpec(spec);"
        "console.log(JSON.stringify([spec.indexes.length, spec.fieldOverrides.length]));"
    )

    result = subprocess.run(
        [node, "-e", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts == [len(INDEXES["indexes"]), len(INDEXES["fieldOverrides"])]
