"""syncProfile: the address a user's profile and memberships record follows their account's
verified address; an unverified one is never recorded."""

from __future__ import annotations

from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator
from teamkit import paths
from teamkit.accounts.sync_profile import sync_profile
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.joining.links import join_by_link
from teamkit.roles import Role
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.state import latest_invite_token


def _recorded(db: firestore.Client, uid: str, *team_ids: str) -> list[str | None]:
    """The address the profile records, then each membership's."""
    return [
        paths.user(db, uid).get().get("email"),
        *(paths.member(db, team_id, uid).get().get("email") for team_id in team_ids),
    ]


def test_a_verified_change_of_address_is_recorded_on_the_profile_and_every_membership(
    db: firestore.Client, build: Builders, accounts: AuthEmulator
) -> None:
    first, _ = build.new_team(name="First")
    second, _ = build.new_team(name="Second")
    pat = build.new_user("pat@corp.com")
    build.add_member(first, user=pat)
    build.add_member(second, Role.ADMIN, user=pat)
    accounts.set_email(pat, "patricia@corp.com", verified=True)

    synced = sync_profile(db, pat.caller)

    assert synced.email == "patricia@corp.com"
    assert _recorded(db, pat.uid, first, second) == ["patricia@corp.com"] * 3


def test_a_change_to_an_unverified_address_records_none(
    db: firestore.Client, build: Builders, accounts: AuthEmulator
) -> None:
    team_id, _ = build.new_team()
    pat = build.new_user("pat@corp.com")
    build.add_member(team_id, user=pat)
    accounts.set_email(pat, "ceo@corp.com", verified=False)

    synced = sync_profile(db, pat.caller)

    assert synced.email is None
    assert _recorded(db, pat.uid, team_id) == [None, None]


def test_an_address_proven_by_an_invite_token_stays_while_the_account_claims_it(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    sent = invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io"))
    pat = build.new_user("pat@x.io", verified=False)
    token = latest_invite_token(db, team_id, sent.invite_id)
    accept_invite(db, pat.caller, InviteAddress(token=token))

    synced = sync_profile(db, pat.caller)

    assert synced.email == "pat@x.io"
    assert _recorded(db, pat.uid, team_id) == ["pat@x.io", "pat@x.io"]


def test_a_verification_after_joining_unverified_records_the_address(
    db: firestore.Client, build: Builders, accounts: AuthEmulator
) -> None:
    team_id, owner = build.new_team()
    pat = build.new_user("pat@corp.com", verified=False)
    join_by_link(db, pat.caller, build.new_link(team_id, owner).token)
    assert _recorded(db, pat.uid, team_id) == [None, None]
    accounts.set_verified(pat, True)

    sync_profile(db, pat.caller)

    assert _recorded(db, pat.uid, team_id) == ["pat@corp.com", "pat@corp.com"]


def test_nothing_changed_writes_nothing(db: firestore.Client, build: Builders) -> None:
    team_id, _ = build.new_team()
    pat = build.new_user("pat@corp.com")
    build.add_member(team_id, user=pat)
    before = [
        paths.user(db, pat.uid).get().update_time,
        paths.member(db, team_id, pat.uid).get().update_time,
    ]

    synced = sync_profile(db, pat.caller)

    assert synced.email == "pat@corp.com"
    assert [
        paths.user(db, pat.uid).get().update_time,
        paths.member(db, team_id, pat.uid).get().update_time,
    ] == before


def test_sync_profile_over_http_reads_the_address_from_the_fresh_token(
    db: firestore.Client, api: Api, build: Builders, accounts: AuthEmulator
) -> None:
    team_id, _ = build.new_team()
    pat = build.new_user("pat@corp.com")
    build.add_member(team_id, user=pat)
    accounts.set_email(pat, "pat@newcorp.com", verified=True)

    reply = api.call("syncProfile", pat, {})

    assert reply.status == 200, reply.body
    assert reply.body == {"email": "pat@newcorp.com"}
    assert _recorded(db, pat.uid, team_id) == ["pat@newcorp.com"] * 2
