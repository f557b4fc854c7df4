"""An unverified address is only a claim: joining with one (by link, by creating a team) changes
nothing keyed by that address and records none; approving a join request records the
requester's current verified address, not the one captured when they asked."""

from __future__ import annotations

from dataclasses import replace

import pytest
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from teamkit import paths
from teamkit.documents import DomainJoin
from teamkit.errors import EmailNotVerified
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.joining.domain_join import join_team
from teamkit.joining.join_requests import approve_join_request
from teamkit.joining.links import join_by_link
from teamkit.roles import Role
from teamkit.teams.create_team import create_team
from teamkit.tokens import invite_id_for
from tests.support.builders import Builders
from tests.support.state import assert_counts_match, events_of, role_of


def test_joining_by_link_with_an_unverified_address_leaves_an_owner_invite_to_it_pending(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    invite_member(db, owner.caller, team_id, InviteRequest("cfo@corp.com", Role.OWNER))
    created = build.new_link(team_id, owner)
    claimant = build.new_user("cfo@corp.com", verified=False)
    nameless = replace(claimant.caller, display_name=None)

    joined = join_by_link(db, nameless, created.token)

    assert joined.joined and joined.role is Role.MEMBER
    invite = paths.invite(db, team_id, invite_id_for("cfo@corp.com")).get().to_dict() or {}
    assert invite["status"] == "pending" and invite["role"] == "owner"
    assert paths.team(db, team_id).get().get("pendingInviteCount") == 1
    assert paths.member(db, team_id, claimant.uid).get().get("email") is None
    assert paths.user(db, claimant.uid).get().get("email") is None
    (event,) = events_of(db, team_id, "member_joined")
    assert event["subjectUid"] == claimant.uid and event["subjectEmail"] is None
    assert event["actorName"] is None  # not the claimed address
    assert events_of(db, team_id, "invite_revoked") == []
    assert_counts_match(db, team_id)


def test_joining_by_link_with_a_verified_address_answers_the_pending_invite_to_it(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    invite_member(db, owner.caller, team_id, InviteRequest("pat@corp.com", Role.VIEWER))
    created = build.new_link(team_id, owner)
    pat = build.new_user("pat@corp.com")

    join_by_link(db, pat.caller, created.token)

    invite = paths.invite(db, team_id, invite_id_for("pat@corp.com")).get().to_dict() or {}
    assert invite["status"] == "revoked"
    assert paths.member(db, team_id, pat.uid).get().get("email") == "pat@corp.com"
    assert_counts_match(db, team_id)


def test_a_team_created_by_an_unverified_account_records_no_address(
    db: firestore.Client, build: Builders
) -> None:
    claimant = build.new_user("ceo@corp.com", verified=False)

    team_id = create_team(db, claimant.caller, "Not Corp").team_id

    assert paths.member(db, team_id, claimant.uid).get().get("email") is None
    assert paths.user(db, claimant.uid).get().get("email") is None
    (event,) = events_of(db, team_id, "team_created")
    assert event["subjectEmail"] is None


# --- approving a join request: the requester's current verified address ----------------------


def test_approval_records_the_requesters_current_verified_address(
    db: firestore.Client, build: Builders, accounts: AuthEmulator
) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    pat = build.new_user("pat@corp.com")
    join_team(db, pat.caller, team_id)
    accounts.set_email(pat, "patricia@corp.com", verified=True)

    approved = approve_join_request(db, owner.caller, team_id, pat.uid)

    assert approved.member.email == "patricia@corp.com"
    assert paths.member(db, team_id, pat.uid).get().get("email") == "patricia@corp.com"
    (event,) = events_of(db, team_id, "join_request_approved")
    assert event["subjectEmail"] == "patricia@corp.com"
    assert_counts_match(db, team_id)


def test_approval_refuses_a_requester_whose_address_is_no_longer_verified(
    db: firestore.Client, build: Builders, accounts: AuthEmulator
) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    pat = build.new_user("pat@corp.com")
    join_team(db, pat.caller, team_id)
    accounts.set_email(pat, "pat@elsewhere.io", verified=False)

    with pytest.raises(EmailNotVerified):
        approve_join_request(db, owner.caller, team_id, pat.uid)

    assert role_of(db, team_id, pat.uid) is None
    assert paths.join_request(db, team_id, pat.uid).get().get("status") == "pending"
    assert_counts_match(db, team_id)
