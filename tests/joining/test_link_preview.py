"""previewInvite covers invite links: what the accept page may show before sign-in, and the
same 404 for unknown, revoked and used-up links."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

from google.cloud import firestore

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.errors import TeamsError
from teamkit.invitations.endpoints import preview_json
from teamkit.invitations.preview_invite import preview_invite
from teamkit.joining.links import create_invite_link, join_by_link, revoke_invite_link
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api

_hosts = itertools.count(1)


def _ip() -> str:
    return f"198.51.100.{next(_hosts)}"


def test_a_link_previews_its_team_role_inviter_and_label_but_no_address(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    admin = role_team[Role.ADMIN]
    created = build.new_link(role_team.id, admin, Role.VIEWER, label="Interns")

    now = preview_json(preview_invite(db, created.token, caller_ip=_ip()))
    later = preview_json(
        preview_invite(db, created.token, caller_ip=_ip(), now=utcnow() + timedelta(days=8))
    )

    assert now == {
        "kind": "link",
        "teamName": "Acme",
        "role": "viewer",
        "inviterName": admin.display_name,
        "label": "Interns",
        "expiresAt": created.link.expires_at,
        "status": "pending",
    }
    assert later["status"] == "expired"


def test_unknown_revoked_and_used_up_links_preview_alike(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner = role_team[Role.OWNER]
    revoked = build.new_link(role_team.id, owner)
    revoke_invite_link(db, owner.caller, role_team.id, revoked.link.id)
    used_up = build.new_link(role_team.id, owner, max_uses=1)
    join_by_link(db, build.new_user().caller, used_up.token)

    answers = []
    for token in ("link.unknown", revoked.token, used_up.token):
        try:
            preview_invite(db, token, caller_ip=_ip())
        except TeamsError as error:
            answers.append((error.http_status, error.reason, error.message))

    assert len(answers) == 3 and len(set(answers)) == 1
    assert answers[0][:2] == (404, "INVITE_NOT_FOUND")


def test_a_signed_out_visitor_previews_a_link_over_http(
    api: Api, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.OWNER], label="Everyone")

    reply = api.call(
        "previewInvite",
        body={"token": created.token},
        headers={"X-Forwarded-For": _ip()},
    )

    assert reply.status == 200, reply.body
    assert reply.body["kind"] == "link" and reply.body["label"] == "Everyone"
    assert "email" not in reply.body


def test_a_link_whose_creator_has_no_display_name_previews_a_neutral_word_never_an_address(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    admin = role_team[Role.ADMIN]
    nameless = replace(admin.caller, display_name=None)

    created = create_invite_link(db, nameless, role_team.id)
    preview = preview_json(preview_invite(db, created.token, caller_ip=_ip()))

    assert preview["inviterName"] == "a team admin"
    assert admin.email not in str(preview)
    assert paths.link(db, role_team.id, created.link.id).get().get("createdByName") is None


def test_a_link_stored_with_its_creators_address_previews_no_address(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    admin = role_team[Role.ADMIN]
    created = build.new_link(role_team.id, admin)
    # Links made before names were enforced kept the creator's address when they had no name.
    paths.link(db, role_team.id, created.link.id).update({"createdByName": admin.email})

    preview = preview_json(preview_invite(db, created.token, caller_ip=_ip()))

    assert preview["inviterName"] == "a team admin"
