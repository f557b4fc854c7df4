"""Invite links: who may create and revoke them, what joining by one checks and writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.billing.errors import SubscriptionLapsed
from teamkit.clock import utcnow
from teamkit.errors import (
    DomainNotAllowed,
    EmailNotVerified,
    InvalidArgument,
    LinkExpired,
    LinkNotValid,
    NotFound,
    PermissionDenied,
    RateLimited,
    Reason,
    SeatLimitReached,
    TeamsError,
)
from teamkit.invitations.invite_members import InviteRequest, invite_member
from teamkit.invitations.preview_invite import preview_link
from teamkit.joining.links import (
    TOKEN_RESOLUTION,
    create_invite_link,
    join_by_link,
    revoke_invite_link,
)
from teamkit.roles import NON_OWNER_ROLES, Action, Role, can_grant
from teamkit.teams.delete_team import delete_team
from teamkit.teams.update_team import update_team
from teamkit.tokens import hash_token, invite_id_for
from tests.support.builders import Builders, RoleTeam
from tests.support.roles import roles_allowed, roles_denied
from tests.support.state import assert_counts_match, events_of, role_of, team_state

# --- creating -------------------------------------------------------------------------------


def test_an_owner_creates_a_link_whose_token_is_stored_only_as_its_hash(
    db: firestore.Client, role_team: RoleTeam
) -> None:
    owner = role_team[Role.OWNER]

    created = create_invite_link(
        db, owner.caller, role_team.id, role=Role.VIEWER, label="  Spring   hires ", max_uses=3
    )

    link = paths.link(db, role_team.id, created.link.id).get().to_dict()
    assert link is not None
    assert link["role"] == "viewer" and link["status"] == "active"
    assert link["label"] == "Spring hires" and link["maxUses"] == 3 and link["uses"] == 0
    assert link["expiresAt"] == link["createdAt"] + timedelta(days=7)
    assert created.token.startswith("link.") and len(created.token) > 40
    stored = paths.link_token(db, hash_token(created.token)).get().to_dict()
    assert stored == {
        "teamId": role_team.id,
        "linkId": created.link.id,
        "createdBy": owner.uid,
        "expiresAt": link["expiresAt"],
        "createdAt": link["createdAt"],
    }
    assert created.token not in str(team_state(db, role_team.id))
    (event,) = events_of(db, role_team.id, "invite_link_created")
    assert event["linkId"] == created.link.id and event["role"] == "viewer"
    assert event["actorUid"] == owner.uid and created.token not in str(event)


@pytest.mark.parametrize("actor", roles_allowed(Action.MANAGE_LINKS))
@pytest.mark.parametrize("role", sorted(NON_OWNER_ROLES))
def test_owners_and_admins_create_links_for_the_roles_below_owner_they_may_grant(
    db: firestore.Client, role_team: RoleTeam, actor: Role, role: Role
) -> None:
    if not can_grant(actor, role):
        with pytest.raises(PermissionDenied):
            create_invite_link(db, role_team[actor].caller, role_team.id, role=role)
        return

    created = create_invite_link(db, role_team[actor].caller, role_team.id, role=role)

    assert created.link.role is role


def test_an_admin_cannot_create_a_billing_link(db: firestore.Client, role_team: RoleTeam) -> None:
    before = team_state(db, role_team.id)

    with pytest.raises(PermissionDenied):
        create_invite_link(db, role_team[Role.ADMIN].caller, role_team.id, role=Role.BILLING)

    assert team_state(db, role_team.id) == before


@pytest.mark.parametrize("actor", roles_allowed(Action.MANAGE_LINKS))
def test_no_link_makes_an_owner(db: firestore.Client, role_team: RoleTeam, actor: Role) -> None:
    before = team_state(db, role_team.id)

    with pytest.raises(PermissionDenied, match="never make owners"):
        create_invite_link(db, role_team[actor].caller, role_team.id, role=Role.OWNER)

    assert team_state(db, role_team.id) == before


@pytest.mark.parametrize("actor", roles_denied(Action.MANAGE_LINKS))
def test_roles_without_the_permission_cannot_create_or_revoke_links(
    db: firestore.Client, role_team: RoleTeam, build: Builders, actor: Role
) -> None:
    created = build.new_link(role_team.id, role_team[Role.OWNER])
    before = team_state(db, role_team.id)

    with pytest.raises(PermissionDenied):
        create_invite_link(db, role_team[actor].caller, role_team.id)
    with pytest.raises(PermissionDenied):
        revoke_invite_link(db, role_team[actor].caller, role_team.id, created.link.id)

    assert team_state(db, role_team.id) == before


def test_a_stranger_cannot_create_links(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    with pytest.raises(PermissionDenied):
        create_invite_link(db, build.new_user().caller, role_team.id)


def test_a_super_admin_creates_links_as_an_owner(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = create_invite_link(db, build.operator.caller, role_team.id, role=Role.ADMIN)

    assert created.link.role is Role.ADMIN


@pytest.mark.parametrize("days", [1, 30])
def test_a_link_lives_between_one_and_thirty_days(
    db: firestore.Client, role_team: RoleTeam, days: int
) -> None:
    created = create_invite_link(
        db, role_team[Role.OWNER].caller, role_team.id, expires_in_days=days
    )

    assert created.link.expires_at == created.link.created_at + timedelta(days=days)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"expires_in_days": 31}, "between 1 and 30"),
        ({"expires_in_days": 0}, "between 1 and 30"),
        ({"max_uses": 0}, "at least 1"),
        ({"label": "x" * 101}, "at most 100"),
    ],
)
def test_refuses_limits_out_of_range(
    db: firestore.Client, role_team: RoleTeam, options: dict[str, int | str], problem: str
) -> None:
    with pytest.raises(InvalidArgument, match=problem):
        create_invite_link(db, role_team[Role.OWNER].caller, role_team.id, **options)  # type: ignore[arg-type]


# --- revoking -------------------------------------------------------------------------------


def test_revoking_a_link_stops_it_at_once_and_again_changes_nothing(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.OWNER])

    revoke_invite_link(db, role_team[Role.ADMIN].caller, role_team.id, created.link.id)
    after_first = team_state(db, role_team.id)
    revoke_invite_link(db, role_team[Role.ADMIN].caller, role_team.id, created.link.id)

    assert team_state(db, role_team.id) == after_first
    assert paths.link(db, role_team.id, created.link.id).get().get("status") == "revoked"
    assert len(events_of(db, role_team.id, "invite_link_revoked")) == 1
    with pytest.raises(LinkNotValid):
        join_by_link(db, build.new_user().caller, created.token)


def test_revoking_an_unknown_link_is_not_found(db: firestore.Client, role_team: RoleTeam) -> None:
    with pytest.raises(NotFound):
        revoke_invite_link(db, role_team[Role.OWNER].caller, role_team.id, "no-such-link")


# --- joining --------------------------------------------------------------------------------


def test_joining_by_link_makes_a_member_with_the_links_role(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.ADMIN], Role.VIEWER, max_uses=2)
    pat = build.new_user(name="Pat")

    joined = join_by_link(db, pat.caller, created.token)

    assert (joined.team_id, joined.team_name, joined.role, joined.joined) == (
        role_team.id,
        "Acme",
        Role.VIEWER,
        True,
    )
    member = paths.member(db, role_team.id, pat.uid).get().to_dict() or {}
    assert member["role"] == "viewer" and member["via"] == "link"
    assert member["addedBy"] == role_team[Role.ADMIN].uid
    assert paths.link(db, role_team.id, created.link.id).get().get("uses") == 1
    (event,) = events_of(db, role_team.id, "member_joined")
    assert event["via"] == "link" and event["linkId"] == created.link.id
    assert event["subjectUid"] == pat.uid and event["actorUid"] == pat.uid
    assert event["role"] == "viewer"
    assert paths.user(db, pat.uid).get().get("currentTeamId") == role_team.id
    assert_counts_match(db, role_team.id)


def test_joining_twice_is_a_no_op_answer(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.OWNER])
    pat = build.new_user()
    join_by_link(db, pat.caller, created.token)
    before = team_state(db, role_team.id)

    again = join_by_link(db, pat.caller, created.token)

    assert again.joined is False and again.role is Role.MEMBER
    assert team_state(db, role_team.id) == before


def test_a_member_opening_a_link_keeps_their_role(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.OWNER], Role.ADMIN)

    answer = join_by_link(db, role_team[Role.VIEWER].caller, created.token)

    assert answer.joined is False and answer.role is Role.VIEWER
    assert role_of(db, role_team.id, role_team[Role.VIEWER].uid) is Role.VIEWER


def _refusal(call: object) -> TeamsError:
    try:
        call()  # type: ignore[operator]
    except TeamsError as error:
        return error
    raise AssertionError("the call was not refused")


def test_unknown_revoked_and_used_up_tokens_answer_alike(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    owner = role_team[Role.OWNER]
    revoked = build.new_link(role_team.id, owner)
    revoke_invite_link(db, owner.caller, role_team.id, revoked.link.id)
    used_up = build.new_link(role_team.id, owner, max_uses=1)
    join_by_link(db, build.new_user().caller, used_up.token)

    answers = [
        _refusal(lambda token=token: join_by_link(db, build.new_user().caller, token))
        for token in ("link.made-up", "not-even-a-link", revoked.token, used_up.token)
    ]

    assert {(type(a), a.reason, a.message, a.http_status) for a in answers} == {
        (LinkNotValid, Reason.INVITE_NOT_FOUND, answers[0].message, 404)
    }
    assert paths.link(db, role_team.id, used_up.link.id).get().get("uses") == 1


def test_an_expired_link_is_refused(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(
        role_team.id, role_team[Role.OWNER], expires_in_days=1, now=utcnow() - timedelta(days=2)
    )

    with pytest.raises(LinkExpired) as refused:
        join_by_link(db, build.new_user().caller, created.token)

    assert refused.value.reason is Reason.INVITE_EXPIRED


def test_a_link_of_a_deleted_team_is_not_valid(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.OWNER])
    delete_team(db, role_team[Role.OWNER].caller, role_team.id)

    with pytest.raises(LinkNotValid):
        join_by_link(db, build.new_user().caller, created.token)


def test_the_seat_limit_applies(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, seat_limit=2)
    created = build.new_link(team_id, owner)
    join_by_link(db, build.new_user().caller, created.token)
    before = team_state(db, team_id)

    with pytest.raises(SeatLimitReached):
        join_by_link(db, build.new_user().caller, created.token)

    assert team_state(db, team_id) == before


def test_a_lapsed_subscription_keeps_the_team_to_its_free_seats(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    build.add_member(team_id)
    build.add_member(team_id)
    created = build.new_link(team_id, owner)
    paths.team(db, team_id).update({"billing": {"status": "past_due"}})

    with pytest.raises(SubscriptionLapsed):
        join_by_link(db, build.new_user().caller, created.token)

    assert_counts_match(db, team_id)


def test_allowed_domains_admit_only_a_verified_address_at_them(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, allowed_domains=["corp.com"])
    created = build.new_link(team_id, owner)

    with pytest.raises(EmailNotVerified):
        join_by_link(db, build.new_user("cfo@corp.com", verified=False).caller, created.token)
    with pytest.raises(DomainNotAllowed):
        join_by_link(db, build.new_user("pat@elsewhere.com").caller, created.token)
    joined = join_by_link(db, build.new_user("pat@corp.com").caller, created.token)

    assert joined.joined
    assert paths.link(db, team_id, created.link.id).get().get("uses") == 1


def test_a_pending_invite_of_the_joiner_passes_its_seat_to_the_membership(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, seat_limit=2)
    invite_member(db, owner.caller, team_id, InviteRequest("pat@x.io"))
    created = build.new_link(team_id, owner)

    join_by_link(db, build.new_user("pat@x.io").caller, created.token)

    invite = paths.invite(db, team_id, invite_id_for("pat@x.io")).get().to_dict() or {}
    assert invite["status"] == "revoked"
    assert_counts_match(db, team_id)


def test_resolving_tokens_is_rate_limited_per_caller(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    prober, other = build.new_user(), build.new_user()
    token = build.new_link(role_team.id, role_team[Role.OWNER]).token
    at = utcnow()
    for attempt in range(TOKEN_RESOLUTION.requests):
        with pytest.raises(LinkNotValid):
            join_by_link(db, prober.caller, f"link.guess-{attempt}", now=at)

    with pytest.raises(RateLimited) as limited:
        join_by_link(db, prober.caller, token, now=at)

    assert limited.value.details is not None
    assert 0 < limited.value.details["retryAfterSeconds"] <= 600
    with pytest.raises(LinkNotValid):
        join_by_link(db, other.caller, "link.guess", now=at)
    later = at + TOKEN_RESOLUTION.window + timedelta(seconds=1)
    with pytest.raises(LinkNotValid):
        join_by_link(db, prober.caller, "link.guess-again", now=later)


# --- preview (for previewInvite) --------------------------------------------------------------


def test_a_preview_shows_the_team_role_inviter_label_and_status(
    db: firestore.Client, role_team: RoleTeam, build: Builders
) -> None:
    created = build.new_link(role_team.id, role_team[Role.ADMIN], Role.VIEWER, label="Hires")

    preview = preview_link(db, created.token)
    later = preview_link(db, created.token, now=utcnow() + timedelta(days=8))

    assert (preview.team_name, preview.role, preview.label, preview.status) == (
        "Acme",
        Role.VIEWER,
        "Hires",
        "pending",
    )
    assert preview.inviter_name == role_team[Role.ADMIN].display_name
    assert later.status == "expired"
    with pytest.raises(LinkNotValid):
        preview_link(db, "link.unknown")
