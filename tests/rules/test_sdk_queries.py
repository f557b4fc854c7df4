"""The queries @teamkit/client's readers run (web/packages/client/src/readers.ts), one test each:
the rules allow them to whoever the reader is for, refuse them to the rest, and they return what
the reader promises. Cursor pages (`startAfter` the last document of a page) have the same shape
for the rules as the first page; a prefix search is a range on the ordered field."""

from __future__ import annotations

from google.cloud import firestore

from devtools.rules_client import Query, RulesClient
from teamkit import paths
from tests.rules.world import Actor, World

PAGE = 50
HIGH = "\uf8ff"  # the highest character a prefix search reaches


def _members_page(world: World, field: str, prefix: str = "") -> Query:
    where = ((field, ">=", prefix), (field, "<=", prefix + HIGH)) if prefix else ()
    return Query(
        "members",
        parent=f"teams/{world.team_id}",
        where=where,
        order_by=((field, "asc"),),
        limit=PAGE,
    )


def test_a_members_page_lists_the_team_ordered_by_email(
    rules_client: RulesClient, world: World, db: firestore.Client
) -> None:
    viewer = world.identities[Actor.VIEWER]
    emails = sorted(s.get("email") for s in paths.members(db, world.team_id).stream())

    outcome = rules_client.query(viewer, _members_page(world, "email"))

    assert outcome.allowed, outcome.body
    assert [row["document"]["fields"]["email"]["stringValue"] for row in outcome.body] == emails


def test_members_are_found_by_email_prefix(
    rules_client: RulesClient, world: World, db: firestore.Client
) -> None:
    billing = world.identities[Actor.BILLING]
    admin_email = world.identities[Actor.ADMIN].email or ""

    outcome = rules_client.query(billing, _members_page(world, "email", admin_email[:-3]))

    assert outcome.allowed, outcome.body
    assert outcome.paths == [f"teams/{world.team_id}/members/{world.uid(Actor.ADMIN)}"]


def test_members_are_found_by_display_name_prefix(
    rules_client: RulesClient, world: World, db: firestore.Client
) -> None:
    member = world.identities[Actor.MEMBER]
    owner_doc = paths.members(db, world.team_id).document(world.uid(Actor.OWNER)).get()
    name = owner_doc.get("displayName")

    outcome = rules_client.query(member, _members_page(world, "displayName", name[:4]))

    assert outcome.allowed, outcome.body
    assert f"teams/{world.team_id}/members/{world.uid(Actor.OWNER)}" in outcome.paths
    found = [row["document"]["fields"]["displayName"]["stringValue"] for row in outcome.body]
    assert all(value.startswith(name[:4]) for value in found)


def test_a_stranger_cannot_page_through_a_teams_members(
    rules_client: RulesClient, world: World
) -> None:
    outsider = world.identities[Actor.NON_MEMBER]

    outcome = rules_client.query(outsider, _members_page(world, "email"))

    assert not outcome.allowed


def test_the_event_log_pages_newest_first_for_owners_and_admins_only(
    rules_client: RulesClient, world: World
) -> None:
    query = Query("events", parent=f"teams/{world.team_id}", order_by=(("at", "desc"),), limit=PAGE)

    by_admin = rules_client.query(world.identities[Actor.ADMIN], query)
    by_member = rules_client.query(world.identities[Actor.MEMBER], query)

    assert by_admin.allowed, by_admin.body
    times = [row["document"]["fields"]["at"]["timestampValue"] for row in by_admin.body]
    assert times == sorted(times, reverse=True) and times
    assert not by_member.allowed


def test_a_teams_pending_invites_are_for_owners_and_admins_only(
    rules_client: RulesClient, world: World
) -> None:
    query = Query("invites", parent=f"teams/{world.team_id}", where=(("status", "==", "pending"),))

    by_owner = rules_client.query(world.identities[Actor.OWNER], query)
    by_viewer = rules_client.query(world.identities[Actor.VIEWER], query)

    assert by_owner.allowed, by_owner.body
    assert f"teams/{world.team_id}/invites/{world.invitee_invite_id}" in by_owner.paths
    assert not by_viewer.allowed


def test_my_notifications_and_my_unread_ones_are_mine_alone(
    rules_client: RulesClient, world: World
) -> None:
    me, other = world.identities[Actor.MEMBER], world.identities[Actor.VIEWER]
    latest = Query(
        "notifications", parent=f"users/{me.uid}", order_by=(("createdAt", "desc"),), limit=PAGE
    )
    unread = Query(
        "notifications",
        parent=f"users/{me.uid}",
        where=(("read", "==", False),),
        order_by=(("createdAt", "desc"),),
        limit=100,
    )

    assert rules_client.query(me, latest).allowed
    assert rules_client.query(me, unread).allowed
    assert not rules_client.query(other, latest).allowed
    assert not rules_client.query(other, unread).allowed


def test_my_member_document_stays_readable_to_me_alone(
    rules_client: RulesClient, world: World
) -> None:
    """The guard of the invites and entities readers listens to it (it notices removal; that
    an absent one is readable too is tested by the web tests, where its listener sees it go)."""
    path = f"teams/{world.team_id}/members/{world.uid(Actor.VIEWER)}"

    assert rules_client.get(world.identities[Actor.VIEWER], path).allowed
    assert not rules_client.get(world.identities[Actor.NON_MEMBER], path).allowed


def test_entity_lists_are_limited_pages(rules_client: RulesClient, world: World) -> None:
    viewer = world.identities[Actor.VIEWER]
    shared = Query(
        "prompts",
        where=(("workspaceId", "==", world.team_id), ("sharing", "==", "public")),
        order_by=(("updatedAt", "desc"),),
        limit=100,
    )
    mine = Query(
        "prompts",
        where=(("workspaceId", "==", world.team_id), ("ownerUid", "==", viewer.uid)),
        order_by=(("updatedAt", "desc"),),
        limit=100,
    )

    assert rules_client.query(viewer, shared).allowed
    assert rules_client.query(viewer, mine).allowed
