"""The boundary: the statuses and JSON error body of the README, CORS, tokens, bodies. No input a
client can send produces a 5xx or a stack trace."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from firebase_admin import auth

from teamkit.auth import _app
from teamkit.endpoint_table import ENDPOINTS
from teamkit.roles import Role
from tests.e2e.conftest import unsigned_token
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api, Reply

FUNCTIONS = sorted(ENDPOINTS)
SIGNED_IN_FUNCTIONS = sorted(name for name, endpoint in ENDPOINTS.items() if not endpoint.public)


def assert_error(reply: Reply, http: int, status: str, reason: str | None = None) -> None:
    assert reply.status == http, reply.body
    assert reply.headers["Content-Type"].startswith("application/json")
    assert set(reply.body) == {"error"}
    assert reply.body["error"]["status"] == status
    if reason is not None:
        assert reply.body["error"]["reason"] == reason, reply.body
    message = reply.body["error"]["message"]
    assert isinstance(message, str) and message and "Traceback" not in message


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_answers_preflight_with_204_and_cors_headers(api: Api, name: str) -> None:
    reply = api.call(
        name,
        method="OPTIONS",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
    )

    assert reply.status == 204
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in reply.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in reply.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_refuses_other_methods_with_405(api: Api, name: str) -> None:
    reply = api.call(name, method="GET")

    assert_error(reply, 405, "METHOD_NOT_ALLOWED", "METHOD_NOT_ALLOWED")
    assert reply.headers["Allow"] == "POST, OPTIONS"


@pytest.mark.parametrize("name", SIGNED_IN_FUNCTIONS)
def test_every_function_but_the_public_ones_wants_a_token(api: Api, name: str) -> None:
    reply = api.call(name, body={})

    assert_error(reply, 401, "UNAUTHENTICATED", "SIGN_IN_REQUIRED")
    assert reply.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        unsigned_token({"sub": "mallory", "aud": "another-project", "iss": "x", "iat": 1}),
        "Basic dXNlcjpwYXNz",
    ],
    ids=["garbage", "other-project", "not-bearer"],
)
def test_a_forged_or_foreign_token_is_refused(api: Api, token: str) -> None:
    reply = api.call("createTeam", body={"name": "x"}, headers={"Authorization": token})

    assert_error(reply, 401, "UNAUTHENTICATED", "SIGN_IN_REQUIRED")


def test_a_token_from_another_project_is_refused(api: Api) -> None:
    forged = unsigned_token(
        {
            "sub": "mallory",
            "aud": "demo-elsewhere",
            "iss": "https://securetoken.google.com/demo-elsewhere",
            "iat": 1,
        }
    )

    reply = api.call("createTeam", body={"name": "x"}, token=forged)

    assert_error(reply, 401, "UNAUTHENTICATED", "SIGN_IN_REQUIRED")


def test_destructive_functions_refuse_a_revoked_token(api: Api, build: Builders) -> None:
    user = build.new_user()
    token = api.token(user)
    time.sleep(1.1)  # revocation counts whole seconds: a token of the same second stays valid
    auth.revoke_refresh_tokens(user.uid, app=_app())

    reply = api.call("deleteAccount", body={}, token=token)

    assert_error(reply, 401, "UNAUTHENTICATED", "SESSION_ENDED")
    assert "revoked" in reply.body["error"]["message"]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"{not json", "Invalid JSON"),
        (b"[1, 2]", "object"),
        (b'"just a string"', "object"),
        (b"null", "object"),
        (b"\xff\xfe\x00garbage", "Invalid"),
        (json.dumps({"name": 42}).encode(), "name"),
        (json.dumps({"name": "x", "extra": 1}).encode(), "extra"),
        (json.dumps({}).encode(), "name"),
    ],
    ids=[
        "malformed",
        "array",
        "string",
        "null",
        "bad-utf8",
        "wrong-type",
        "extra-field",
        "missing",
    ],
)
def test_bad_bodies_answer_400(api: Api, build: Builders, data: bytes, why: str) -> None:
    reply = api.call("createTeam", build.new_user(), data=data)

    assert_error(reply, 400, "INVALID_ARGUMENT", "INVALID_REQUEST")
    assert why in reply.body["error"]["message"]


def test_an_unknown_role_answers_400(api: Api, role_team: RoleTeam) -> None:
    reply = api.call(
        "inviteMember",
        role_team[Role.OWNER],
        {"teamId": role_team.id, "email": "a@x.io", "role": "god"},
    )

    assert_error(reply, 400, "INVALID_ARGUMENT")


def test_a_bad_email_answers_400(api: Api, role_team: RoleTeam) -> None:
    reply = api.call(
        "inviteMember", role_team[Role.OWNER], {"teamId": role_team.id, "email": "nope"}
    )

    assert_error(reply, 400, "INVALID_ARGUMENT")


def test_a_body_over_64_kib_answers_413(api: Api, build: Builders) -> None:
    reply = api.call("createTeam", build.new_user(), data=b'{"name": "' + b"x" * 70_000 + b'"}')

    assert_error(reply, 413, "PAYLOAD_TOO_LARGE", "PAYLOAD_TOO_LARGE")


def test_a_body_just_under_the_limit_is_read(api: Api, build: Builders) -> None:
    padding = " " * (64 * 1024 - 100)
    reply = api.call("createTeam", build.new_user(), data=f'{{"name": "Acme"{padding}}}'.encode())

    assert reply.status == 201


def test_a_role_without_permission_answers_403(api: Api, role_team: RoleTeam) -> None:
    reply = api.call(
        "inviteMember", role_team[Role.VIEWER], {"teamId": role_team.id, "email": "a@x.io"}
    )

    assert_error(reply, 403, "PERMISSION_DENIED", "NOT_ALLOWED")


def test_an_unknown_team_answers_as_a_team_you_are_not_in(api: Api, build: Builders) -> None:
    reply = api.call("updateTeam", build.new_user(), {"teamId": "nope", "name": "x"})

    # ids reveal nothing (docs/hardening.md)
    assert_error(reply, 403, "PERMISSION_DENIED", "TEAM_NOT_FOUND")


def test_inviting_a_member_answers_409(api: Api, role_team: RoleTeam) -> None:
    reply = api.call(
        "inviteMember",
        role_team[Role.OWNER],
        {"teamId": role_team.id, "email": role_team[Role.MEMBER].email},
    )

    assert_error(reply, 409, "ALREADY_EXISTS", "ALREADY_MEMBER")


def test_the_last_owner_leaving_answers_412(api: Api, role_team: RoleTeam) -> None:
    reply = api.call("leaveTeam", role_team[Role.OWNER], {"teamId": role_team.id})

    assert_error(reply, 412, "FAILED_PRECONDITION", "LAST_OWNER")


def test_an_unknown_invite_token_answers_404_and_a_used_one_412(
    api: Api,
    build: Builders,
    role_team: RoleTeam,
    latest_token: Callable[[str, str], str],
) -> None:
    invite_id = api.call(
        "inviteMember", role_team[Role.OWNER], {"teamId": role_team.id, "email": "p@x.io"}
    ).body["inviteId"]
    pat = build.new_user("p@x.io")
    token = latest_token(role_team.id, invite_id)
    first = api.call("acceptInvite", pat, {"token": token})

    unknown = api.call("acceptInvite", pat, {"token": "made-up"})
    used = api.call("acceptInvite", pat, {"token": token})

    assert first.status == 200
    assert_error(unknown, 404, "NOT_FOUND", "INVITE_NOT_FOUND")
    assert_error(used, 412, "FAILED_PRECONDITION", "INVITE_USED")


def test_role_changes_refused_for_unknown_members_name_them(api: Api, role_team: RoleTeam) -> None:
    reply = api.call(
        "changeMemberRoles",
        role_team[Role.OWNER],
        {
            "teamId": role_team.id,
            "changes": {"ghost": "admin", role_team[Role.MEMBER].uid: "viewer"},
        },
    )

    assert_error(reply, 404, "NOT_FOUND", "MEMBER_NOT_FOUND")
    assert reply.body["error"]["details"] == {"uids": ["ghost"]}


def test_inviting_twice_answers_already_invited_and_resending_at_once_says_when_to_retry(
    api: Api, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER]
    body = {"teamId": role_team.id, "email": "twice@x.io"}
    sent = api.call("inviteMember", owner, body)

    again = api.call("inviteMember", owner, body)
    resent = api.call(
        "resendInvite", owner, {"teamId": role_team.id, "inviteId": sent.body["inviteId"]}
    )

    assert_error(again, 409, "ALREADY_EXISTS", "ALREADY_INVITED")
    assert_error(resent, 429, "RESOURCE_EXHAUSTED", "RATE_LIMITED")
    retry = resent.body["error"]["details"]["retryAfterSeconds"]
    assert 1 <= retry <= 60 and resent.headers["Retry-After"] == str(retry)
