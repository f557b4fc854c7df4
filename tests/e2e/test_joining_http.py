"""Joining without an email invite, end to end over HTTP: invite links, verified-domain join
and join requests, each function called through the Functions emulator with real ID tokens."""

from __future__ import annotations

from google.cloud import firestore

from devtools.fakes.dns_fake import FakeDns
from teamkit import paths
from teamkit.joining.domain_proofs import txt_record
from teamkit.roles import Role
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.state import assert_counts_match, role_of


def test_create_join_by_and_revoke_an_invite_link(
    api: Api, build: Builders, role_team: RoleTeam, db: firestore.Client
) -> None:
    admin = role_team[Role.ADMIN]
    created = api.call(
        "createInviteLink",
        admin,
        {"teamId": role_team.id, "role": "viewer", "label": "Interns", "maxUses": 5},
    )
    pat = build.new_user(verified=False)

    joined = api.call("joinByLink", pat, {"token": created.body["token"]})
    again = api.call("joinByLink", pat, {"token": created.body["token"]})
    revoked = api.call(
        "revokeInviteLink", admin, {"teamId": role_team.id, "linkId": created.body["linkId"]}
    )
    late = api.call("joinByLink", build.new_user(), {"token": created.body["token"]})

    assert created.status == 201, created.body
    assert created.body["role"] == "viewer" and created.body["label"] == "Interns"
    assert created.body["maxUses"] == 5 and created.body["uses"] == 0
    assert created.body["expiresAt"].endswith("Z")
    assert created.body["url"].endswith("token=" + created.body["token"])
    assert joined.status == 200, joined.body
    assert joined.body == {
        "teamId": role_team.id,
        "teamName": "Acme",
        "role": "viewer",
        "joined": True,
    }
    assert again.status == 200 and again.body["joined"] is False
    assert revoked.status == 200 and revoked.body == {}
    assert late.status == 404
    assert late.body["error"]["reason"] == "INVITE_NOT_FOUND"
    assert role_of(db, role_team.id, pat.uid) is Role.VIEWER
    assert_counts_match(db, role_team.id)


def test_links_refuse_owner_role_and_members(api: Api, role_team: RoleTeam) -> None:
    as_owner = api.call(
        "createInviteLink", role_team[Role.OWNER], {"teamId": role_team.id, "role": "owner"}
    )
    as_member = api.call("createInviteLink", role_team[Role.MEMBER], {"teamId": role_team.id})
    too_long = api.call(
        "createInviteLink", role_team[Role.OWNER], {"teamId": role_team.id, "expiresInDays": 31}
    )

    assert as_owner.status == 403 and as_owner.body["error"]["reason"] == "NOT_ALLOWED"
    assert as_member.status == 403
    assert too_long.status == 400 and too_long.body["error"]["status"] == "INVALID_ARGUMENT"


def test_resolving_tokens_too_often_answers_429_with_retry_after(api: Api, build: Builders) -> None:
    prober = build.new_user()
    replies = [api.call("joinByLink", prober, {"token": f"link.guess{n}"}) for n in range(11)]

    assert [r.status for r in replies] == [404] * 10 + [429]
    limited = replies[-1]
    assert limited.body["error"]["reason"] == "RATE_LIMITED"
    seconds = limited.body["error"]["details"]["retryAfterSeconds"]
    assert limited.headers["Retry-After"] == str(seconds)


def test_domain_join_list_join_and_answer_requests(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    owner = build.new_user("boss@corp.com")
    team_id = api.call("createTeam", owner, {"name": "Corp"}).body["teamId"]
    opened = api.call(
        "updateTeam",
        owner,
        {"teamId": team_id, "allowedDomains": ["corp.com"], "domainJoin": "request"},
    )
    pat, sam = build.new_user("pat@corp.com"), build.new_user("sam@corp.com")

    listed = api.call("listJoinableTeams", pat, {})
    asked = api.call("joinTeam", pat, {"teamId": team_id})
    sam_asked = api.call("joinTeam", sam, {"teamId": team_id})
    approved = api.call("approveJoinRequest", owner, {"teamId": team_id, "uid": pat.uid})
    denied = api.call("denyJoinRequest", owner, {"teamId": team_id, "uid": sam.uid})
    denied_again = api.call("denyJoinRequest", owner, {"teamId": team_id, "uid": sam.uid})

    assert opened.status == 200 and opened.body["domainJoin"] == "request"
    assert listed.status == 200, listed.body
    assert listed.body == {
        "teams": [
            {
                "teamId": team_id,
                "name": "Corp",
                "memberCount": 1,
                "domainJoin": "request",
                "requested": False,
            }
        ],
        "nextCursor": None,
    }
    assert asked.body == {"teamId": team_id, "status": "requested", "role": None}
    assert sam_asked.status == 200
    assert approved.status == 200, approved.body
    assert approved.body["uid"] == pat.uid and approved.body["via"] == "request"
    assert denied.status == 200 and denied.body == {}
    assert denied_again.status == 404
    assert denied_again.body["error"]["reason"] == "JOIN_REQUEST_NOT_FOUND"
    assert role_of(db, team_id, pat.uid) is Role.MEMBER
    assert role_of(db, team_id, sam.uid) is None
    assert paths.join_request(db, team_id, sam.uid).get().get("status") == "denied"


def test_auto_domain_join_and_its_refusals(api: Api, build: Builders, db: firestore.Client) -> None:
    owner = build.new_user("boss@corp.com")
    team_id = api.call("createTeam", owner, {"name": "Corp"}).body["teamId"]
    api.call(
        "updateTeam",
        owner,
        {"teamId": team_id, "allowedDomains": ["corp.com"], "domainJoin": "auto"},
    )

    joined = api.call("joinTeam", build.new_user("pat@corp.com"), {"teamId": team_id})
    outsider = api.call("joinTeam", build.new_user("eve@evil.com"), {"teamId": team_id})
    unknown = api.call("joinTeam", build.new_user("eve@corp.com"), {"teamId": "no-such-team"})
    unverified = api.call("listJoinableTeams", build.new_user("cfo@corp.com", verified=False), {})

    assert joined.status == 200 and joined.body["status"] == "joined"
    assert outsider.status == unknown.status
    assert outsider.body == unknown.body
    assert outsider.body["error"]["reason"] == "TEAM_NOT_FOUND"
    assert unverified.status in (403, 412)
    assert unverified.body["error"]["reason"] == "EMAIL_NOT_VERIFIED"
    assert_counts_match(db, team_id)


def test_verify_domain_by_dns_over_http_and_remove_the_proof(
    api: Api, build: Builders, db: firestore.Client, dns: FakeDns
) -> None:
    owner = build.new_user("owner@elsewhere.org")
    team_id = api.call("createTeam", owner, {"name": "Corp"}).body["teamId"]
    opened = api.call(
        "updateTeam",
        owner,
        {"teamId": team_id, "allowedDomains": ["corp.com"], "domainJoin": "auto"},
    )
    pat = build.new_user("pat@corp.com")
    unproven = api.call("verifyDomain", owner, {"teamId": team_id, "domain": "corp.com"})
    listed_before = api.call("listJoinableTeams", pat, {})
    dns.publish("corp.com", unproven.body["txtRecord"])

    proven = api.call("verifyDomain", owner, {"teamId": team_id, "domain": "corp.com"})
    listed = api.call("listJoinableTeams", pat, {"limit": 1})
    free_mail = api.call("verifyDomain", owner, {"teamId": team_id, "domain": "gmail.com"})
    bad_cursor = api.call("listJoinableTeams", pat, {"cursor": "bm90IGEgY3Vyc29y"})
    removed = api.call("removeDomainProof", owner, {"teamId": team_id, "domain": "corp.com"})
    listed_after = api.call("listJoinableTeams", pat, {})

    assert opened.body["domainProofs"] == {} and opened.body["joinDomains"] == []
    assert unproven.status == 200, unproven.body
    assert unproven.body == {
        "domain": "corp.com",
        "txtRecord": txt_record(team_id, "corp.com"),
        "proven": False,
        "proof": None,
    }
    assert listed_before.body == {"teams": [], "nextCursor": None}
    assert proven.status == 200 and proven.body["proven"] is True
    assert proven.body["proof"]["method"] == "dns"
    assert proven.body["proof"]["provenBy"] == owner.uid
    assert [team["teamId"] for team in listed.body["teams"]] == [team_id]
    assert isinstance(listed.body["nextCursor"], str)
    assert free_mail.status == 400 and free_mail.body["error"]["reason"] == "INVALID_REQUEST"
    assert bad_cursor.status == 400 and bad_cursor.body["error"]["reason"] == "INVALID_REQUEST"
    assert removed.status == 200 and removed.body["domainProofs"] == {}
    assert listed_after.body == {"teams": [], "nextCursor": None}
    assert paths.team(db, team_id).get().get("joinDomains") == []
