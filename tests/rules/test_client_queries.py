"""The client queries the docs document, beyond allow/deny: they return what they should, the
invitee's verified email is what opens an invite, and real Auth-emulator ID tokens (not only
unsigned test tokens) meet the same rules."""

from __future__ import annotations

from dataclasses import replace

from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from devtools.rules_client import Query, RulesClient
from teamkit import paths
from teamkit.invitations.invite_members import InviteRequest, invite_members
from tests.rules.operations import (
    active_links_query,
    my_join_requests_query,
    own_entities_query,
    pending_join_requests_query,
    shared_entities_query,
)
from tests.rules.world import Actor, World
from tests.support.builders import Builders


def _invites_for(email: str) -> Query:
    return Query("invites", group=True, where=(("email", "==", email), ("status", "==", "pending")))


def test_my_memberships_lists_every_team_i_belong_to_and_nothing_else(
    rules_client: RulesClient, world: World
) -> None:
    member = world.identities[Actor.MEMBER]

    outcome = rules_client.query(
        member, Query("members", group=True, where=(("uid", "==", member.uid),))
    )

    assert sorted(outcome.paths) == sorted(
        [
            f"teams/{world.team_id}/members/{member.uid}",
            f"teams/{world.deleted_team_id}/members/{member.uid}",
        ]
    )


def test_nobody_lists_someone_elses_memberships(rules_client: RulesClient, world: World) -> None:
    member = world.identities[Actor.MEMBER]

    outcome = rules_client.query(
        member, Query("members", group=True, where=(("uid", "==", world.author.uid),))
    )

    assert not outcome.allowed


def test_a_member_cannot_list_the_members_of_a_team_they_are_not_in(
    rules_client: RulesClient, world: World
) -> None:
    owner = world.identities[Actor.OWNER]

    outcome = rules_client.query(owner, Query("members", parent=f"teams/{world.other_team_id}"))

    assert not outcome.allowed


def test_invites_for_me_lists_the_invite_addressed_to_me(
    rules_client: RulesClient, world: World
) -> None:
    invitee = world.identities[Actor.NON_MEMBER]

    outcome = rules_client.query(invitee, _invites_for(invitee.email or ""))

    assert outcome.paths == [f"teams/{world.team_id}/invites/{world.invitee_invite_id}"]


def test_the_invitee_email_matches_whatever_its_case_in_the_token(
    rules_client: RulesClient, world: World
) -> None:
    invitee = world.identities[Actor.NON_MEMBER]
    shouting = replace(invitee, email=(invitee.email or "").upper())

    outcome = rules_client.get(shouting, f"teams/{world.team_id}/invites/{world.invitee_invite_id}")

    assert outcome.allowed, outcome.body


def test_an_unverified_email_opens_no_invite(rules_client: RulesClient, world: World) -> None:
    unverified = replace(world.identities[Actor.NON_MEMBER], email_verified=False)

    by_id = rules_client.get(unverified, f"teams/{world.team_id}/invites/{world.invitee_invite_id}")
    by_query = rules_client.query(unverified, _invites_for(unverified.email or ""))

    assert not by_id.allowed
    assert not by_query.allowed


def test_nobody_lists_invites_addressed_to_someone_else(
    rules_client: RulesClient, world: World
) -> None:
    invitee = world.identities[Actor.NON_MEMBER]

    outcome = rules_client.query(invitee, _invites_for("stranger@example.org"))

    assert not outcome.allowed


def test_shared_entities_list_only_shared_ones_newest_first(
    rules_client: RulesClient, world: World
) -> None:
    viewer = world.identities[Actor.VIEWER]

    outcome = rules_client.query(viewer, shared_entities_query("chats", world.team_id))

    assert outcome.paths == ["chats/shared"]


def test_own_entities_list_only_mine(rules_client: RulesClient, world: World) -> None:
    billing = world.identities[Actor.BILLING]

    outcome = rules_client.query(billing, own_entities_query("chats", world.team_id, billing.uid))

    assert outcome.paths == ["chats/own-billing"]


def test_entities_of_a_team_i_am_not_in_stay_hidden(
    rules_client: RulesClient, world: World
) -> None:
    owner = world.identities[Actor.OWNER]

    outcome = rules_client.query(owner, shared_entities_query("chats", world.other_team_id))

    assert not outcome.allowed


def test_a_query_for_all_of_a_workspace_must_say_shared_or_mine(
    rules_client: RulesClient, world: World
) -> None:
    owner = world.identities[Actor.OWNER]

    outcome = rules_client.query(
        owner, Query("chats", where=(("workspaceId", "==", world.team_id),))
    )

    assert not outcome.allowed


def test_auth_emulator_tokens_meet_the_same_rules(
    rules_client: RulesClient, server: firestore.Client, accounts: AuthEmulator
) -> None:
    build = Builders(server, accounts)
    team_id, owner = build.new_team(name="Real tokens")
    stranger = build.new_user()

    as_owner = rules_client.get(accounts.id_token(owner), f"teams/{team_id}")
    as_stranger = rules_client.get(accounts.id_token(stranger), f"teams/{team_id}")

    assert as_owner.allowed, as_owner.body
    assert not as_stranger.allowed


def test_a_super_admin_claim_set_in_auth_opens_every_team(
    rules_client: RulesClient, server: firestore.Client, accounts: AuthEmulator
) -> None:
    build = Builders(server, accounts)
    team_id, _ = build.new_team(name="Supported")
    operator = build.new_user(super_admin=True)

    outcome = rules_client.query(
        accounts.id_token(operator), Query("events", parent=f"teams/{team_id}")
    )

    assert outcome.allowed, outcome.body
    assert len(outcome.paths) == 1  # team_created


def test_an_invitee_reads_their_invite_once_auth_says_their_email_is_verified(
    rules_client: RulesClient, server: firestore.Client, accounts: AuthEmulator
) -> None:
    build = Builders(server, accounts)
    team_id, owner = build.new_team(name="Verified only")
    invitee = build.new_user(verified=False)
    invite_members(server, owner.caller, team_id, [InviteRequest(invitee.email)])
    query = _invites_for(invitee.email.lower())

    before = rules_client.query(accounts.id_token(invitee), query)
    accounts.set_verified(invitee, True)
    after = rules_client.query(accounts.id_token(invitee), query)

    assert not before.allowed
    assert after.allowed, after.body
    assert [path.split("/")[1] for path in after.paths] == [team_id]
    assert paths.invites(server, team_id).get()[0].get("status") == "pending"


def test_reviewers_see_the_pending_join_requests_and_the_requester_only_their_own(
    rules_client: RulesClient, world: World
) -> None:
    requester = world.uid(Actor.NON_MEMBER)
    admin = world.caller(Actor.ADMIN)
    invitee = world.caller(Actor.NON_MEMBER)

    pending = rules_client.query(admin, pending_join_requests_query(f"teams/{world.team_id}"))
    mine = rules_client.query(invitee, my_join_requests_query(requester))
    someone_elses = rules_client.query(
        world.caller(Actor.MEMBER), my_join_requests_query(requester)
    )

    assert pending.paths == [f"teams/{world.team_id}/joinRequests/{requester}"]
    assert mine.paths == pending.paths
    assert not someone_elses.allowed


def test_owners_and_admins_list_the_active_links_without_their_tokens(
    rules_client: RulesClient, world: World
) -> None:
    outcome = rules_client.query(
        world.caller(Actor.OWNER), active_links_query(f"teams/{world.team_id}")
    )

    assert outcome.paths == [f"teams/{world.team_id}/links/{world.link_id}"]
    assert world.link_token_hash not in str(outcome.body)
