"""previewInvite through the Functions emulator: no ID token needed, only what the accept page
shows, unknown and used links alike, and a rate limit per caller network (an IPv4 address, an
IPv6 /64) answered with 429 and when to retry."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from google.cloud import firestore

from teamkit.clock import utcnow
from teamkit.config import DEFAULT_SETTINGS
from teamkit.invitations.preview_invite import preview_limit
from teamkit.ratelimit import counter
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api, Reply

_hosts = itertools.count(1)


def from_ip() -> dict[str, str]:
    """Headers of a caller at an address of its own (the last X-Forwarded-For entry is the one
    Google's front end writes, so the function counts that)."""
    return {"X-Forwarded-For": f"203.0.113.{next(_hosts)}"}


def preview(api: Api, token: str, headers: dict[str, str]) -> Reply:
    return api.call("previewInvite", body={"token": token}, headers=headers)


def test_a_signed_out_visitor_sees_what_the_invite_offers(
    api: Api, role_team: RoleTeam, latest_token: Callable[[str, str], str]
) -> None:
    owner = role_team[Role.OWNER]
    sent = api.call(
        "inviteMember", owner, {"teamId": role_team.id, "email": "pat@corp.com", "role": "admin"}
    ).body

    reply = preview(api, latest_token(role_team.id, sent["inviteId"]), from_ip())

    assert reply.status == 200, reply.body
    assert reply.body == {
        "kind": "invite",
        "teamName": reply.body["teamName"],
        "role": "admin",
        "inviterName": owner.display_name,
        "email": "p***@corp.com",
        "expiresAt": sent["expiresAt"],
        "status": "pending",
    }


def test_unknown_and_used_links_get_the_same_answer(
    api: Api, build: Builders, role_team: RoleTeam, latest_token: Callable[[str, str], str]
) -> None:
    sent = api.call(
        "inviteMember", role_team[Role.OWNER], {"teamId": role_team.id, "email": "u@x.io"}
    ).body
    token = latest_token(role_team.id, sent["inviteId"])
    assert api.call("acceptInvite", build.new_user("u@x.io"), {"token": token}).status == 200

    unknown = preview(api, "x" * len(token), from_ip())
    used = preview(api, token, from_ip())

    assert unknown.status == used.status == 404
    assert unknown.body == used.body
    assert used.body["error"]["reason"] == "INVITE_NOT_FOUND"


def test_a_revoked_invite_previews_as_revoked(
    api: Api, role_team: RoleTeam, latest_token: Callable[[str, str], str]
) -> None:
    owner = role_team[Role.OWNER]
    sent = api.call("inviteMember", owner, {"teamId": role_team.id, "email": "r@x.io"}).body
    api.call("revokeInvite", owner, {"teamId": role_team.id, "inviteId": sent["inviteId"]})

    reply = preview(api, latest_token(role_team.id, sent["inviteId"]), from_ip())

    assert reply.status == 200 and reply.body["status"] == "revoked"


def used_up_but(db: firestore.Client, network: str, left: int) -> None:
    """Spend all but `left` previews of `network`'s current window, as that many earlier
    requests would have (sending a thousand of them would only make the test slow)."""
    limit = preview_limit(DEFAULT_SETTINGS)
    counter(db, limit, network).set(
        {"count": limit.requests - left, "expireAt": utcnow() + limit.window}
    )


def test_one_ip_is_limited_and_told_when_to_retry_while_others_are_not(
    api: Api, db: firestore.Client
) -> None:
    flooding = from_ip()
    used_up_but(db, flooding["X-Forwarded-For"], left=2)

    replies = [preview(api, "made-up", flooding) for _ in range(3)]
    other = preview(api, "made-up", from_ip())

    refused = replies[-1]
    assert [r.status for r in replies] == [404, 404, 429]
    assert refused.body["error"]["reason"] == "RATE_LIMITED"
    retry = refused.body["error"]["details"]["retryAfterSeconds"]
    assert 1 <= retry <= DEFAULT_SETTINGS.preview_window.total_seconds()
    assert refused.headers["Retry-After"] == str(retry)
    assert other.status == 404


def test_ipv6_callers_are_counted_per_64_and_mapped_ipv4_as_ipv4(
    api: Api, db: firestore.Client
) -> None:
    used_up_but(db, "2001:db8:51:7::/64", left=2)
    used_up_but(db, "192.0.2.77", left=0)

    # One site's /64: rotating the interface half does not make a new caller.
    same_site = [
        preview(api, "made-up", {"X-Forwarded-For": address}).status
        for address in ("2001:db8:51:7::1", "2001:db8:51:7:a:b:c:d", "2001:db8:51:7::3")
    ]
    next_site = preview(api, "made-up", {"X-Forwarded-For": "2001:db8:51:8::1"})
    mapped = preview(api, "made-up", {"X-Forwarded-For": "::ffff:192.0.2.77"})

    assert same_site == [404, 404, 429]
    assert next_site.status == 404
    assert mapped.status == 429
