"""Someone an owner or admin removed does not walk back in through a standing offer (an invite
link, domain join) until an owner or admin invites or adds them again; leaving does not block."""

from __future__ import annotations

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.documents import DomainJoin
from teamkit.errors import LinkNotValid, Reason
from teamkit.invitations.accept_invite import accept_invite
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.lookup import InviteAddress
from teamkit.joining.domain_join import join_team
from teamkit.joining.join_requests import approve_join_request
from teamkit.joining.links import join_by_link, revoke_invite_link
from teamkit.membership.add_existing_member import add_existing_member
from teamkit.membership.remove_member import leave_team, remove_member
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.reasons import answer_of, refusal_of
from tests.support.state import events_of, role_of


def _blocked(db: firestore.Client, team_id: str, uid: str) -> bool:
    return paths.removal_block(db, team_id, uid).get().exists


def test_a_removed_member_cannot_rejoin_through_any_active_link(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner, admin, member = role_team[Role.OWNER], role_team[Role.ADMIN], role_team[Role.MEMBER]
    link = build.new_link(role_team.id, owner)
    revoked = build.new_link(role_team.id, owner)
    revoke_invite_link(db, owner.caller, role_team.id, revoked.link.id)

    remove_member(db, admin.caller, role_team.id, member.uid)

    refused = refusal_of(lambda: join_by_link(db, member.caller, link.token))
    like_revoked = refusal_of(lambda: join_by_link(db, member.caller, revoked.token))
    assert isinstance(refused, LinkNotValid) and answer_of(refused) == answer_of(like_revoked)
    assert role_of(db, role_team.id, member.uid) is None
    assert join_by_link(db, build.new_user().caller, link.token).joined  # the link still works
    block = paths.removal_block(db, role_team.id, member.uid).get().to_dict() or {}
    assert block["uid"] == member.uid and block["blockedBy"] == admin.uid
    (removed,) = events_of(db, role_team.id, "member_removed")
    assert removed["blocked"] is True and removed["subjectUid"] == member.uid


def test_a_removed_member_cannot_rejoin_by_domain(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.AUTO)
    pat = build.new_user("pat@corp.com")
    join_team(db, pat.caller, team_id)

    remove_member(db, owner.caller, team_id, pat.uid)

    refused = refusal_of(lambda: join_team(db, pat.caller, team_id))
    assert refused.http_status == 403 and refused.reason is Reason.NOT_ALLOWED
    assert "removed" in refused.message and "invite" in refused.message
    assert role_of(db, team_id, pat.uid) is None


def test_leaving_does_not_block(db: firestore.Client, role_team: RoleTeam, build: Builders) -> None:
    member = role_team[Role.MEMBER]
    link = build.new_link(role_team.id, role_team[Role.OWNER])

    leave_team(db, member.caller, role_team.id)

    assert not _blocked(db, role_team.id, member.uid)
    assert join_by_link(db, member.caller, link.token).joined


def test_an_accepted_invite_lifts_the_block(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    admin, member = role_team[Role.ADMIN], role_team[Role.MEMBER]
    link = build.new_link(role_team.id, role_team[Role.OWNER])
    remove_member(db, admin.caller, role_team.id, member.uid)
    sent = invite_member(db, admin.caller, role_team.id, InviteRequest(member.email))

    accept_invite(db, member.caller, InviteAddress(team_id=role_team.id, invite_id=sent.invite_id))

    assert role_of(db, role_team.id, member.uid) is Role.MEMBER
    assert not _blocked(db, role_team.id, member.uid)
    leave_team(db, member.caller, role_team.id)
    assert join_by_link(db, member.caller, link.token).joined


def test_adding_again_lifts_the_block(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    admin, member = role_team[Role.ADMIN], role_team[Role.MEMBER]
    remove_member(db, admin.caller, role_team.id, member.uid)

    add_existing_member(db, admin.caller, role_team.id, uid=member.uid, role=Role.VIEWER)

    assert role_of(db, role_team.id, member.uid) is Role.VIEWER
    assert not _blocked(db, role_team.id, member.uid)


def test_approving_a_join_request_lifts_the_block(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    pat = build.new_user("pat@corp.com")
    build.add_member(team_id, Role.MEMBER, user=pat)
    remove_member(db, owner.caller, team_id, pat.uid)
    assert join_team(db, pat.caller, team_id).status == "requested"

    approve_join_request(db, owner.caller, team_id, pat.uid)

    assert role_of(db, team_id, pat.uid) is Role.MEMBER
    assert not _blocked(db, team_id, pat.uid)


@pytest.mark.parametrize("remover", [Role.OWNER, Role.ADMIN])
def test_every_removal_by_an_owner_or_admin_blocks(
    db: firestore.Client, role_team: RoleTeam, remover: Role
) -> None:
    viewer = role_team[Role.VIEWER]

    remove_member(db, role_team[remover].caller, role_team.id, viewer.uid)

    assert _blocked(db, role_team.id, viewer.uid)
