"""previewInvite: what an invite link offers, before sign-in, and nothing more; unknown and used
links answer alike; every caller IP is rate-limited."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from google.cloud import firestore

from teamkit.clock import utcnow
from teamkit.config import Settings
from teamkit.errors import InviteNotFound, Reason
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.decline_invite import decline_invite
from teamkit.invitations.endpoints import preview_json
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.invitations.preview_invite import mask_email, preview_invite
from teamkit.invitations.resend_invite import resend_invite
from teamkit.invitations.revoke_invite import revoke_invite
from teamkit.roles import Role
from teamkit.teams.delete_team import delete_team
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import raises_reason

TokenFor = Callable[[str, str], str]
_ips = itertools.count(1)


def an_ip() -> str:
    """A caller IP of its own, so tests do not share a rate-limit window."""
    return f"198.51.100.{next(_ips)}-{utcnow().timestamp()}"


@pytest.fixture
def invited(db: firestore.Client, role_team: RoleTeam, token_for: TokenFor) -> tuple[str, str]:
    """(invite id, token) of a pending invite for carol@corp.com as viewer, sent by the admin."""
    sent = invite_member(
        db,
        role_team[Role.ADMIN].caller,
        role_team.id,
        InviteRequest("carol@corp.com", Role.VIEWER),
    )
    return sent.invite_id, token_for(role_team.id, sent.invite_id)


def test_a_pending_invite_shows_team_role_inviter_masked_address_and_expiry(
    db: firestore.Client, role_team: RoleTeam, invited: tuple[str, str]
) -> None:
    invite_id, token = invited

    preview = preview_invite(db, token, caller_ip=an_ip())

    admin = role_team[Role.ADMIN]
    stored = db.document(f"teams/{role_team.id}/invites/{invite_id}").get()
    assert preview_json(preview) == {
        "kind": "invite",
        "teamName": stored.get("teamName"),
        "role": "viewer",
        "inviterName": admin.display_name,
        "email": "c***@corp.com",
        "expiresAt": stored.get("expiresAt"),
        "status": "pending",
    }


def test_unknown_accepted_and_declined_links_answer_alike(
    db: firestore.Client, role_team: RoleTeam, build: Builders, token_for: TokenFor
) -> None:
    owner = role_team[Role.OWNER].caller
    accepted = invite_member(db, owner, role_team.id, InviteRequest("a@x.io"))
    declined = invite_member(db, owner, role_team.id, InviteRequest("d@x.io"))
    accepted_token = token_for(role_team.id, accepted.invite_id)
    declined_token = token_for(role_team.id, declined.invite_id)
    accept_invite(db, build.new_user("a@x.io").caller, InviteAddress(token=accepted_token))
    decline_invite(db, build.new_user("d@x.io").caller, InviteAddress(token=declined_token))

    refusals = []
    for token in ("made-up", accepted_token, declined_token):
        with raises_reason(Reason.INVITE_NOT_FOUND) as caught:
            preview_invite(db, token, caller_ip=an_ip())
        refusals.append(caught.value.to_json())

    assert refusals[0] == refusals[1] == refusals[2]
    assert isinstance(caught.value, InviteNotFound)


def test_an_expired_invite_previews_as_expired(
    db: firestore.Client, invited: tuple[str, str]
) -> None:
    _, token = invited

    preview = preview_invite(db, token, caller_ip=an_ip(), now=utcnow() + timedelta(days=8))

    assert preview.status == "expired"


def test_a_link_replaced_by_a_newer_send_previews_as_expired(
    db: firestore.Client, role_team: RoleTeam, invited: tuple[str, str], token_for: TokenFor
) -> None:
    invite_id, old_token = invited
    resend_invite(
        db,
        role_team[Role.OWNER].caller,
        role_team.id,
        invite_id=invite_id,
        now=utcnow() + timedelta(minutes=2),
    )

    assert preview_invite(db, old_token, caller_ip=an_ip()).status == "expired"
    new_token = token_for(role_team.id, invite_id)
    assert preview_invite(db, new_token, caller_ip=an_ip()).status == "pending"


def test_a_revoked_invite_previews_as_revoked(
    db: firestore.Client, role_team: RoleTeam, invited: tuple[str, str]
) -> None:
    invite_id, token = invited
    revoke_invite(db, role_team[Role.OWNER].caller, role_team.id, invite_id)

    assert preview_invite(db, token, caller_ip=an_ip()).status == "revoked"


def test_the_invite_of_a_deleted_team_previews_as_revoked(
    db: firestore.Client, role_team: RoleTeam, invited: tuple[str, str]
) -> None:
    _, token = invited
    delete_team(db, role_team[Role.OWNER].caller, role_team.id)

    assert preview_invite(db, token, caller_ip=an_ip()).status == "revoked"


def test_each_caller_ip_is_rate_limited_and_told_when_to_retry(
    db: firestore.Client, invited: tuple[str, str]
) -> None:
    _, token = invited
    settings = Settings(preview_limit=3, preview_window=timedelta(minutes=10))
    ip, other_ip = an_ip(), an_ip()
    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    for _ in range(3):
        preview_invite(db, token, caller_ip=ip, now=start, settings=settings)

    with raises_reason(Reason.RATE_LIMITED) as caught:
        preview_invite(
            db, "made-up", caller_ip=ip, now=start + timedelta(minutes=4), settings=settings
        )

    assert caught.value.details == {"retryAfterSeconds": 6 * 60}
    assert preview_invite(db, token, caller_ip=other_ip, now=start, settings=settings)
    later = start + timedelta(minutes=10)
    assert preview_invite(db, token, caller_ip=ip, now=later, settings=settings).status == "pending"


def test_a_window_opens_at_the_first_request_so_no_burst_straddles_two(
    db: firestore.Client, invited: tuple[str, str]
) -> None:
    _, token = invited
    settings = Settings(preview_limit=3, preview_window=timedelta(minutes=10))
    ip = an_ip()
    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    first = start + timedelta(minutes=9)
    for _ in range(3):
        preview_invite(db, token, caller_ip=ip, now=first, settings=settings)

    with raises_reason(Reason.RATE_LIMITED) as caught:
        preview_invite(
            db, token, caller_ip=ip, now=start + timedelta(minutes=11), settings=settings
        )

    assert caught.value.details == {"retryAfterSeconds": 8 * 60}
    reopened = first + timedelta(minutes=10)
    assert preview_invite(db, token, caller_ip=ip, now=reopened, settings=settings)


@pytest.mark.parametrize(
    ("email", "masked"),
    [("carol@corp.com", "c***@corp.com"), ("x@y.io", "x***@y.io")],
)
def test_addresses_are_masked_to_their_first_letter_and_domain(email: str, masked: str) -> None:
    assert mask_email(email) == masked


def test_ipv6_callers_in_one_64_share_a_window_and_other_networks_do_not(
    db: firestore.Client, invited: tuple[str, str]
) -> None:
    _, token = invited
    settings = Settings(preview_limit=3, preview_window=timedelta(minutes=10))
    now = utcnow()
    # An attacker rotating the interface half of one /64, as any IPv6 host can.
    for address in ("2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:ffff:ffff:ffff:ffff"):
        preview_invite(db, token, caller_ip=address, now=now, settings=settings)

    with raises_reason(Reason.RATE_LIMITED):
        preview_invite(db, token, caller_ip="2001:DB8:7:1:abcd::9", now=now, settings=settings)

    neighbour = preview_invite(db, token, caller_ip="2001:db8:7:2::1", now=now, settings=settings)
    assert neighbour.status == "pending"


def test_an_ipv4_mapped_ipv6_caller_counts_as_its_ipv4_address(
    db: firestore.Client, invited: tuple[str, str]
) -> None:
    _, token = invited
    settings = Settings(preview_limit=2, preview_window=timedelta(minutes=10))
    now = utcnow()
    preview_invite(db, token, caller_ip="192.0.2.44", now=now, settings=settings)
    preview_invite(db, token, caller_ip="::ffff:192.0.2.44", now=now, settings=settings)

    with raises_reason(Reason.RATE_LIMITED):
        preview_invite(db, token, caller_ip="192.0.2.44", now=now, settings=settings)

    assert preview_invite(db, token, caller_ip="192.0.2.45", now=now, settings=settings)


OFFICE_PEOPLE = 300
PAGE_LOADS_EACH = 3


def test_an_office_of_three_hundred_behind_one_address_previews_freely(
    db: firestore.Client, invited: tuple[str, str]
) -> None:
    """The default ceiling, for real: everyone of an office invited at once opens the accept
    page (a load, a reload, one more after creating the account) within one window, all from
    the office's one public address."""
    _, token = invited
    office = "198.51.100.200"

    statuses = [
        preview_invite(db, token, caller_ip=office).status
        for _ in range(OFFICE_PEOPLE * PAGE_LOADS_EACH)
    ]

    assert statuses == ["pending"] * (OFFICE_PEOPLE * PAGE_LOADS_EACH)


def test_an_inviter_without_a_display_name_previews_as_a_neutral_word_never_an_address(
    db: firestore.Client, role_team: RoleTeam, token_for: TokenFor
) -> None:
    admin = role_team[Role.ADMIN]
    nameless = replace(admin.caller, display_name=None)
    sent = invite_member(db, nameless, role_team.id, InviteRequest("carol@corp.com"))

    preview = preview_invite(db, token_for(role_team.id, sent.invite_id), caller_ip=an_ip())

    assert preview_json(preview)["inviterName"] == "a team admin"
    assert admin.email not in str(preview_json(preview))
    stored = db.document(f"teams/{role_team.id}/invites/{sent.invite_id}").get()
    assert stored.get("createdByName") is None
