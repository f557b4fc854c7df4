"""Every HTTP function, end to end: a signed-in client calls it through the Functions emulator
with an Auth-emulator ID token, and Firestore shows the effect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from google.cloud import firestore

from teamkit import paths
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.state import assert_counts_match, role_of


def test_create_and_update_a_team(api: Api, build: Builders, db: firestore.Client) -> None:
    alice = build.new_user()

    created = api.call("createTeam", alice, {"name": "Acme"})
    team_id = created.body["teamId"]
    updated = api.call(
        "updateTeam",
        alice,
        {"teamId": team_id, "name": "Acme Corp", "allowedDomains": ["acme.com"], "seatLimit": 10},
    )

    assert created.status == 201
    assert updated.status == 200, updated.body
    assert updated.body["name"] == "Acme Corp"
    assert updated.body["allowedDomains"] == ["acme.com"] and updated.body["seatLimit"] == 10
    assert "billing" not in updated.body
    assert paths.team(db, team_id).get().get("seatLimit") == 10


def test_invite_then_accept_by_token(
    api: Api,
    build: Builders,
    role_team: RoleTeam,
    db: firestore.Client,
    latest_token: Callable[[str, str], str],
) -> None:
    invited = api.call(
        "inviteMember",
        role_team[Role.ADMIN],
        {"teamId": role_team.id, "email": "Pat@Example.com", "role": "viewer", "firstName": "Pat"},
    )
    pat = build.new_user("pat@example.com", verified=False)

    accepted = api.call(
        "acceptInvite", pat, {"token": latest_token(role_team.id, invited.body["inviteId"])}
    )

    assert invited.status == 201, invited.body
    assert invited.body["expiresAt"].endswith("Z")
    assert accepted.status == 200, accepted.body
    assert accepted.body == {"teamId": role_team.id, "role": "viewer"}
    assert role_of(db, role_team.id, pat.uid) is Role.VIEWER
    assert_counts_match(db, role_team.id)


def test_accept_and_decline_by_team_and_invite_id(
    api: Api, build: Builders, role_team: RoleTeam, db: firestore.Client
) -> None:
    owner = role_team[Role.OWNER]
    results = api.call(
        "inviteMembers",
        owner,
        {"teamId": role_team.id, "invites": [{"email": "a@x.io"}, {"email": "b@x.io"}]},
    ).body["results"]
    a, b = build.new_user("a@x.io"), build.new_user("b@x.io")

    accepted = api.call(
        "acceptInvite", a, {"teamId": role_team.id, "inviteId": results[0]["inviteId"]}
    )
    declined = api.call(
        "declineInvite", b, {"teamId": role_team.id, "inviteId": results[1]["inviteId"]}
    )

    assert (accepted.status, declined.status) == (200, 200)
    assert role_of(db, role_team.id, a.uid) is Role.MEMBER
    assert role_of(db, role_team.id, b.uid) is None
    assert_counts_match(db, role_team.id)


def test_bulk_invites_answer_per_item(api: Api, role_team: RoleTeam) -> None:
    reply = api.call(
        "inviteMembers",
        role_team[Role.ADMIN],
        {
            "teamId": role_team.id,
            "invites": [
                {"email": "ok@x.io", "role": "member"},
                {"email": "not an email"},
                {"email": "boss@x.io", "role": "owner"},
            ],
        },
    )

    assert reply.status == 200
    ok, bad, boss = reply.body["results"]
    assert ok["email"] == "ok@x.io" and "inviteId" in ok
    assert bad["email"] == "not an email" and bad["error"]["status"] == "INVALID_ARGUMENT"
    assert boss["error"]["status"] == "PERMISSION_DENIED"


def test_resend_and_revoke(
    api: Api,
    role_team: RoleTeam,
    db: firestore.Client,
    age_invite: Callable[[str, str, timedelta], None],
) -> None:
    owner = role_team[Role.OWNER]
    invite_id = api.call("inviteMember", owner, {"teamId": role_team.id, "email": "p@x.io"}).body[
        "inviteId"
    ]

    too_soon = api.call("resendInvite", owner, {"teamId": role_team.id, "inviteId": invite_id})
    age_invite(role_team.id, invite_id, timedelta(minutes=2))
    resent = api.call("resendInvite", owner, {"teamId": role_team.id, "email": "P@x.io"})
    revoked = api.call("revokeInvite", owner, {"teamId": role_team.id, "inviteId": invite_id})

    assert too_soon.status == 429 and too_soon.error_status == "RESOURCE_EXHAUSTED"
    assert resent.status == 200 and resent.body["inviteId"] == invite_id
    assert revoked.status == 200 and revoked.body == {}
    assert paths.invite(db, role_team.id, invite_id).get().get("status") == "revoked"


def test_add_change_remove_leave_switch(
    api: Api, build: Builders, role_team: RoleTeam, db: firestore.Client
) -> None:
    owner, admin = role_team[Role.OWNER], role_team[Role.ADMIN]
    pat = build.new_user("pat@x.io", name="Pat")

    added = api.call("addExistingMember", admin, {"teamId": role_team.id, "email": "PAT@x.io"})
    changed = api.call(
        "changeMemberRoles", owner, {"teamId": role_team.id, "changes": {pat.uid: "admin"}}
    )
    switched = api.call("switchTeam", pat, {"teamId": role_team.id})
    removed = api.call(
        "removeMember", owner, {"teamId": role_team.id, "uid": role_team[Role.VIEWER].uid}
    )
    left = api.call("leaveTeam", pat, {"teamId": role_team.id})

    assert added.status == 201 and added.body["uid"] == pat.uid and added.body["role"] == "member"
    assert changed.status == 200 and changed.body["members"][0]["role"] == "admin"
    assert switched.status == 200
    assert removed.status == 200 and left.status == 200
    assert role_of(db, role_team.id, pat.uid) is None
    assert role_of(db, role_team.id, role_team[Role.VIEWER].uid) is None
    assert_counts_match(db, role_team.id)


def test_delete_team_and_delete_account(
    api: Api, build: Builders, role_team: RoleTeam, db: firestore.Client
) -> None:
    member = role_team[Role.MEMBER]

    gone = api.call("deleteAccount", member, {})
    deleted = api.call("deleteTeam", role_team[Role.OWNER], {"teamId": role_team.id})

    assert gone.status == 200 and deleted.status == 200
    assert not paths.user(db, member.uid).get().exists
    assert paths.team(db, role_team.id).get().get("status") == "deleted"


def test_delete_account_accepts_an_empty_body(api: Api, build: Builders) -> None:
    loner = build.new_user()

    reply = api.call("deleteAccount", loner, data=b"")

    assert reply.status == 200, reply.body
