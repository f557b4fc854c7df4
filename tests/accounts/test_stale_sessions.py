"""Stale sessions (docs/hardening.md): the still-unexpired ID token of a deleted or disabled
account, or of a session that was revoked, changes nothing. Every function that changes state
asks Auth (check_revoked) and answers 401 UNAUTHENTICATED, reason SESSION_ENDED; the rules no
longer let a client create its profile, so such a token cannot re-create one in Firestore."""

from __future__ import annotations

import time
from typing import Any

import pytest
from firebase_admin import auth
from google.cloud import firestore

from teamkit import auth as teamkit_auth
from teamkit import paths
from teamkit.accounts.delete_account import delete_account
from teamkit.auth import _app, end_sessions, verify_bearer
from teamkit.endpoint_table import ENDPOINTS
from teamkit.errors import LastOwner, SessionEnded
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api, Reply
from tests.support.state import team_state

READS = {"getBillingOverview", "getTeamSummary", "listJoinableTeams"}


def assert_session_ended(reply: Reply) -> None:
    assert reply.status == 401, reply.body
    assert reply.body["error"]["status"] == "UNAUTHENTICATED", reply.body
    assert reply.body["error"]["reason"] == "SESSION_ENDED", reply.body


def test_every_function_but_the_reads_checks_the_session() -> None:
    unchecked = {name for name, endpoint in ENDPOINTS.items() if not endpoint.check_revoked}

    assert unchecked == READS


SIGNED_IN = {name for name, endpoint in ENDPOINTS.items() if not endpoint.public}
"""previewInvite is public: it reads no token, so it has no session to end."""


@pytest.mark.parametrize("name", sorted(SIGNED_IN - READS))
def test_a_deleted_accounts_token_changes_nothing_anywhere(
    api: Api, db: firestore.Client, role_team: RoleTeam, name: str
) -> None:
    admin = role_team[Role.ADMIN]
    token = api.token(admin)
    auth.delete_user(admin.uid, app=_app())
    before = team_state(db, role_team.id)

    reply = api.call(name, body={"teamId": role_team.id, "name": "x"}, token=token)

    assert_session_ended(reply)
    assert team_state(db, role_team.id) == before


def test_a_deleted_account_cannot_accept_a_pending_admin_invite(
    api: Api, db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    pat = build.new_user("pat@x.io")
    invite_member(
        db, role_team[Role.OWNER].caller, role_team.id, InviteRequest("pat@x.io", Role.ADMIN)
    )
    token = api.token(pat)
    auth.delete_user(pat.uid, app=_app())
    before = team_state(db, role_team.id)
    invite_id = next(iter(paths.invites(db, role_team.id).stream())).id

    reply = api.call(
        "acceptInvite", body={"teamId": role_team.id, "inviteId": invite_id}, token=token
    )

    assert_session_ended(reply)
    assert team_state(db, role_team.id) == before


def test_a_deleted_account_cannot_create_a_team_nor_recreate_its_profile(
    api: Api, db: firestore.Client, build: Builders
) -> None:
    pat = build.new_user()
    token = api.token(pat)
    auth.delete_user(pat.uid, app=_app())

    reply = api.call("createTeam", body={"name": "Ghost"}, token=token)

    assert_session_ended(reply)
    assert not paths.user(db, pat.uid).get().exists
    assert list(paths.teams(db).stream()) == []


@pytest.mark.parametrize("name", ["inviteMember", "removeMember", "changeMemberRoles"])
def test_a_disabled_admin_can_no_longer_invite_or_remove(
    api: Api, db: firestore.Client, role_team: RoleTeam, name: str
) -> None:
    admin, member = role_team[Role.ADMIN], role_team[Role.MEMBER]
    bodies: dict[str, dict[str, Any]] = {
        "inviteMember": {"email": "p@x.io"},
        "removeMember": {"uid": member.uid},
        "changeMemberRoles": {"changes": {member.uid: "viewer"}},
    }
    token = api.token(admin)
    auth.update_user(admin.uid, disabled=True, app=_app())
    before = team_state(db, role_team.id)

    reply = api.call(name, body={"teamId": role_team.id, **bodies[name]}, token=token)

    assert_session_ended(reply)
    assert team_state(db, role_team.id) == before


def test_ending_the_sessions_of_an_account_refuses_its_older_tokens(
    api: Api, build: Builders
) -> None:
    pat = build.new_user()
    token = api.token(pat)
    time.sleep(1.1)  # Auth revokes by whole seconds: tokens issued before the revocation's second

    end_sessions(pat.uid)

    with pytest.raises(SessionEnded, match="revoked"):
        verify_bearer(f"Bearer {token}", check_revoked=True)


def test_delete_account_revokes_the_refresh_tokens(
    api: Api, db: firestore.Client, build: Builders, monkeypatch: pytest.MonkeyPatch
) -> None:
    pat = build.new_user()
    build.new_team(owner=pat)
    token = api.token(pat)
    time.sleep(1.1)  # Auth revokes by whole seconds: tokens issued before the revocation's second
    # Keep the Auth account (only its deletion is skipped), to see what deleteAccount did to it.
    monkeypatch.setattr(teamkit_auth, "delete_account", lambda uid: None)

    delete_account(db, pat.caller)

    with pytest.raises(SessionEnded, match="revoked"):
        verify_bearer(f"Bearer {token}", check_revoked=True)


def test_a_refused_delete_account_ends_no_session(
    api: Api, db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER]
    token = api.token(owner)

    with pytest.raises(LastOwner):
        delete_account(db, owner.caller)

    assert verify_bearer(f"Bearer {token}", check_revoked=True).uid == owner.uid
