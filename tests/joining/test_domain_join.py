"""Verified-domain join: the `domainJoin` setting, the teams a user may join, and joining or
asking to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from google.cloud import firestore

from teamkit import paths
from teamkit.clock import utcnow
from teamkit.documents import DomainJoin
from teamkit.errors import EmailNotVerified, Reason, SeatLimitReached, TeamNotFound, TeamsError
from teamkit.joining.domain_join import join_team, list_joinable_teams
from teamkit.joining.endpoints import joinable_teams_json
from teamkit.roles import Action, Role
from teamkit.teams.delete_team import delete_team
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders
from tests.support.roles import roles_denied
from tests.support.state import assert_counts_match, events_of, role_of, team_state


def test_domain_join_is_off_until_an_owner_or_admin_turns_it_on(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    admin = build.add_member(team_id, Role.ADMIN)

    assert paths.team(db, team_id).get().get("domainJoin") == "off"
    team = update_team(db, admin.caller, team_id, domain_join=DomainJoin.REQUEST)

    assert team.domain_join is DomainJoin.REQUEST
    assert paths.team(db, team_id).get().get("domainJoin") == "request"
    (event,) = events_of(db, team_id, "team_updated")
    assert event["changes"] == ["domainJoin"]


@pytest.mark.parametrize("role", roles_denied(Action.MANAGE_TEAM))
def test_other_roles_cannot_change_domain_join(
    db: firestore.Client, build: Builders, role: Role
) -> None:
    team_id, _ = build.new_team()
    member = build.add_member(team_id, role)

    with pytest.raises(TeamsError) as refused:
        update_team(db, member.caller, team_id, domain_join=DomainJoin.AUTO)

    assert refused.value.http_status == 403


def test_a_verified_user_lists_the_open_teams_of_their_domain(
    db: firestore.Client, build: Builders
) -> None:
    auto_id, auto_owner = build.new_team(name="Corp Sales")
    build.open_to_domain(auto_id, auto_owner, "corp.com", DomainJoin.AUTO)
    asking_id, asking_owner = build.new_team(name="Corp Board")
    build.open_to_domain(asking_id, asking_owner, "corp.com", DomainJoin.REQUEST)
    build.add_member(asking_id, user=build.new_user("sam@corp.com"))  # larger: listed first
    closed_id, closed_owner = build.new_team(name="Corp Secret")
    build.open_to_domain(closed_id, closed_owner, "corp.com", DomainJoin.OFF)
    other_id, other_owner = build.new_team(name="Other")
    build.open_to_domain(other_id, other_owner, "other.com", DomainJoin.AUTO)
    gone_id, gone_owner = build.new_team(name="Corp Gone")
    build.open_to_domain(gone_id, gone_owner, "corp.com", DomainJoin.AUTO)
    delete_team(db, gone_owner.caller, gone_id)
    pat = build.new_user("pat@corp.com")
    join_team(db, pat.caller, asking_id)

    listed = list_joinable_teams(db, pat.caller)

    assert listed.next_cursor is None
    assert joinable_teams_json(listed)["teams"] == [
        {
            "teamId": asking_id,
            "name": "Corp Board",
            "memberCount": 2,
            "domainJoin": "request",
            "requested": True,
        },
        {
            "teamId": auto_id,
            "name": "Corp Sales",
            "memberCount": 1,
            "domainJoin": "auto",
            "requested": False,
        },
    ]
    join_team(db, pat.caller, auto_id)
    assert [team.id for team in list_joinable_teams(db, pat.caller).teams] == [asking_id]


def test_an_unverified_user_lists_nothing_and_joins_nothing(
    db: firestore.Client, build: Builders
) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com")
    impostor = build.new_user("cfo@corp.com", verified=False)

    with pytest.raises(EmailNotVerified):
        list_joinable_teams(db, impostor.caller)
    with pytest.raises(EmailNotVerified):
        join_team(db, impostor.caller, team_id)

    assert role_of(db, team_id, impostor.uid) is None


def test_auto_join_makes_a_member_at_once(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.AUTO)
    pat = build.new_user("Pat@Corp.com")

    outcome = join_team(db, pat.caller, team_id)

    assert outcome.to_json() == {"teamId": team_id, "status": "joined", "role": "member"}
    member = paths.member(db, team_id, pat.uid).get().to_dict() or {}
    assert member["via"] == "domain" and member["role"] == "member"
    (event,) = events_of(db, team_id, "member_joined")
    assert event["via"] == "domain" and event["subjectUid"] == pat.uid
    assert_counts_match(db, team_id)
    before = team_state(db, team_id)
    assert join_team(db, pat.caller, team_id).status == "member"
    assert team_state(db, team_id) == before


def test_auto_join_respects_the_seat_limit(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.AUTO)
    update_team(db, owner.caller, team_id, seat_limit=1)

    with pytest.raises(SeatLimitReached):
        join_team(db, build.new_user("pat@corp.com").caller, team_id)

    assert_counts_match(db, team_id)


def test_request_mode_files_one_pending_request(db: firestore.Client, build: Builders) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    pat = build.new_user("pat@corp.com", name="Pat")

    first = join_team(db, pat.caller, team_id)
    second = join_team(db, pat.caller, team_id)

    assert first.to_json() == {"teamId": team_id, "status": "requested", "role": None}
    assert second.status == "requested"
    request = paths.join_request(db, team_id, pat.uid).get().to_dict() or {}
    assert request["status"] == "pending" and request["email"] == "pat@corp.com"
    assert request["uid"] == pat.uid and request["displayName"] == "Pat"
    assert request["expiresAt"] == request["createdAt"] + timedelta(days=30)
    assert len(events_of(db, team_id, "join_requested")) == 1
    assert role_of(db, team_id, pat.uid) is None


def test_teams_a_user_cannot_join_answer_like_teams_that_do_not_exist(
    db: firestore.Client, build: Builders
) -> None:
    closed_id, closed_owner = build.new_team()
    build.open_to_domain(closed_id, closed_owner, "corp.com", DomainJoin.OFF)
    other_id, other_owner = build.new_team()
    build.open_to_domain(other_id, other_owner, "other.com", DomainJoin.AUTO)
    plain_id, _ = build.new_team()
    pat = build.new_user("pat@corp.com")

    answers = []
    for team_id in (closed_id, other_id, plain_id, "no-such-team"):
        with pytest.raises(TeamNotFound) as refused:
            join_team(db, pat.caller, team_id)
        answers.append((refused.value.reason, refused.value.message, refused.value.http_status))

    assert set(answers) == {(Reason.TEAM_NOT_FOUND, answers[0][1], 403)}


def test_a_denied_user_may_ask_again_a_day_later(db: firestore.Client, build: Builders) -> None:
    from teamkit.errors import RateLimited
    from teamkit.joining.join_requests import deny_join_request

    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
    pat = build.new_user("pat@corp.com")
    join_team(db, pat.caller, team_id)
    deny_join_request(db, owner.caller, team_id, pat.uid)

    with pytest.raises(RateLimited) as limited:
        join_team(db, pat.caller, team_id)
    again = join_team(db, pat.caller, team_id, now=utcnow() + timedelta(hours=25))

    assert limited.value.details and limited.value.details["retryAfterSeconds"] > 0
    assert again.status == "requested"
    assert paths.join_request(db, team_id, pat.uid).get().get("status") == "pending"
