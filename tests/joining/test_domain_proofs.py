"""Domain proofs: domain join works only for a domain the team has proven, by a verified
address of the acting owner or admin, or by a DNS TXT record; nobody can claim someone else's
domain, and free-mail domains are never proven."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from google.cloud import firestore

from devtools.fakes.dns_fake import FakeDns
from teamkit import paths
from teamkit.auth import Caller
from teamkit.clock import utcnow
from teamkit.documents import DomainJoin
from teamkit.errors import InvalidArgument, RateLimited, TeamNotFound, TeamsError
from teamkit.joining.domain_join import join_team, list_joinable_teams
from teamkit.joining.domain_proofs import remove_domain_proof, txt_record, verify_domain
from teamkit.roles import Action, Role
from teamkit.teams.update_team import update_team
from tests.support.builders import Builders
from tests.support.roles import roles_denied
from tests.support.state import events_of, role_of, team_state


def _grow(build: Builders, team_id: str, members: int) -> None:
    """Add `members` people at corp.com (the teams here allow that domain only)."""
    for _ in range(members):
        build.add_member(team_id, user=build.new_user(f"staff-{uuid.uuid4().hex[:8]}@corp.com"))


def _listed(db: firestore.Client, caller: Caller) -> list[str]:
    return [team.id for team in list_joinable_teams(db, caller).teams]


def test_an_owner_with_no_address_and_no_record_at_a_domain_cannot_open_it_to_domain_join(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, eve = build.new_team(build.new_user("eve@evil.com"), name="Victim Inc (real!)")
    update_team(
        db, eve.caller, team_id, allowed_domains=["victim.com"], domain_join=DomainJoin.AUTO
    )
    pat = build.new_user("pat@victim.com")

    verification = verify_domain(db, eve.caller, team_id, "victim.com", lookup=dns.lookup())

    assert verification.proof is None
    assert list_joinable_teams(db, pat.caller).teams == []
    with pytest.raises(TeamNotFound):
        join_team(db, pat.caller, team_id)
    assert role_of(db, team_id, pat.uid) is None
    assert paths.team(db, team_id).get().get("domainProofs") == {}
    assert events_of(db, team_id, "domain_proven") == []


def test_verifying_without_the_record_writes_nothing_and_names_the_record_to_publish(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, allowed_domains=["corp.com"])
    before = team_state(db, team_id)

    verification = verify_domain(db, owner.caller, team_id, "Corp.com", lookup=dns.lookup())

    assert verification.to_json() == {
        "domain": "corp.com",
        "txtRecord": txt_record(team_id, "corp.com"),
        "proven": False,
        "proof": None,
    }
    assert verification.txt_record.startswith("teamkit-verification=")
    assert dns.questions == ["corp.com"]
    assert team_state(db, team_id) == before


def test_the_published_txt_record_proves_the_domain_and_opens_domain_join(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, owner = build.new_team(name="Corp")
    update_team(
        db, owner.caller, team_id, allowed_domains=["corp.com"], domain_join=DomainJoin.AUTO
    )
    dns.publish("corp.com", "v=spf1 -all")
    dns.publish("corp.com", txt_record(team_id, "corp.com"))

    verification = verify_domain(db, owner.caller, team_id, "corp.com", lookup=dns.lookup())
    again = verify_domain(db, owner.caller, team_id, "corp.com", lookup=dns.lookup())
    pat = build.new_user("pat@corp.com")

    assert verification.proof is not None and verification.proof.method == "dns"
    assert verification.proof.proven_by == owner.uid
    assert again.proof == verification.proof
    team = paths.team(db, team_id).get().to_dict() or {}
    assert team["domainProofs"] == {
        "corp.com": {"method": "dns", "provenBy": owner.uid, "provenAt": team["updatedAt"]}
    }
    assert team["joinDomains"] == ["corp.com"]
    (event,) = events_of(db, team_id, "domain_proven")
    assert (event["domain"], event["method"], event["actorUid"]) == ("corp.com", "dns", owner.uid)
    assert _listed(db, pat.caller) == [team_id]
    assert join_team(db, pat.caller, team_id).status == "joined"


def test_a_record_published_for_another_team_proves_nothing(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    real_id, real_owner = build.new_team(name="Corp")
    build.open_to_domain(real_id, real_owner, "corp.com", DomainJoin.AUTO)
    decoy_id, eve = build.new_team(build.new_user("eve@evil.com"), name="Corp")
    update_team(db, eve.caller, decoy_id, allowed_domains=["corp.com"], domain_join=DomainJoin.AUTO)

    verification = verify_domain(db, eve.caller, decoy_id, "corp.com", lookup=dns.lookup())

    assert verification.proof is None
    assert txt_record(decoy_id, "corp.com") != txt_record(real_id, "corp.com")
    assert _listed(db, build.new_user("pat@corp.com").caller) == [real_id]


def test_an_owners_verified_address_proves_their_domain_when_they_set_it(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, boss = build.new_team(build.new_user("boss@corp.com"))

    team = update_team(
        db,
        boss.caller,
        team_id,
        allowed_domains=["corp.com", "other.com"],
        domain_join=DomainJoin.REQUEST,
    )

    assert sorted(team.domain_proofs) == ["corp.com"]
    assert team.domain_proofs["corp.com"].method == "address"
    assert team.join_domains == ("corp.com",)
    (event,) = events_of(db, team_id, "domain_proven")
    assert (event["domain"], event["method"]) == ("corp.com", "address")
    assert _listed(db, build.new_user("pat@corp.com").caller) == [team_id]
    assert _listed(db, build.new_user("sam@other.com").caller) == []
    assert dns.questions == []


def test_an_unverified_address_proves_nothing(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, claimer = build.new_team(build.new_user("ceo@corp.com", verified=False))
    update_team(
        db, claimer.caller, team_id, allowed_domains=["corp.com"], domain_join=DomainJoin.AUTO
    )

    verification = verify_domain(db, claimer.caller, team_id, "corp.com", lookup=dns.lookup())

    assert verification.proof is None
    assert _listed(db, build.new_user("pat@corp.com").caller) == []


def test_an_admin_proves_a_domain_by_address_with_verify_domain(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, owner = build.new_team()
    update_team(db, owner.caller, team_id, allowed_domains=["corp.com"])
    admin = build.add_member(team_id, Role.ADMIN, build.new_user("it@corp.com"))

    verification = verify_domain(db, admin.caller, team_id, "corp.com", lookup=dns.lookup())

    assert verification.proof is not None and verification.proof.method == "address"
    assert verification.proof.proven_by == admin.uid
    assert dns.questions == []  # the address sufficed


@pytest.mark.parametrize("domain", ["gmail.com", "GoogleMail.com", "mail.yahoo.com"])
def test_free_mail_domains_are_never_proven(
    db: firestore.Client, build: Builders, dns: FakeDns, domain: str
) -> None:
    team_id, owner = build.new_team(build.new_user(f"someone@{domain.lower()}"))
    update_team(db, owner.caller, team_id, allowed_domains=[domain], domain_join=DomainJoin.AUTO)
    dns.publish(domain, txt_record(team_id, domain.lower()))

    with pytest.raises(InvalidArgument) as refused:
        verify_domain(db, owner.caller, team_id, domain, lookup=dns.lookup())

    assert "cannot be proven" in refused.value.message
    assert paths.team(db, team_id).get().get("domainProofs") == {}
    assert _listed(db, build.new_user(f"pat@{domain.lower()}").caller) == []
    assert dns.questions == []


def test_teams_that_opened_domain_join_before_proofs_stay_closed_until_proven(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, owner = build.new_team(name="Legacy")
    team_ref = paths.team(db, team_id)
    # As the functions wrote it before domain proofs existed.
    team_ref.update({"allowedDomains": ["corp.com"], "domainJoin": "auto"})
    for field in ("domainProofs", "joinDomains"):
        team_ref.update({field: firestore.DELETE_FIELD})
    pat = build.new_user("pat@corp.com")

    assert _listed(db, pat.caller) == []
    with pytest.raises(TeamNotFound):
        join_team(db, pat.caller, team_id)
    build.prove_by_dns(team_id, owner, "corp.com")
    assert _listed(db, pat.caller) == [team_id]


def test_removing_a_proof_closes_domain_join_there_at_once(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.AUTO)
    pat = build.new_user("pat@corp.com")

    team = remove_domain_proof(db, owner.caller, team_id, "corp.com")
    unchanged = remove_domain_proof(db, owner.caller, team_id, "corp.com")

    assert team.domain_proofs == {} and unchanged.domain_proofs == {}
    assert paths.team(db, team_id).get().get("joinDomains") == []
    (event,) = events_of(db, team_id, "domain_proof_removed")
    assert (event["domain"], event["method"], event["actorUid"]) == ("corp.com", "dns", owner.uid)
    assert _listed(db, pat.caller) == []
    with pytest.raises(TeamNotFound):
        join_team(db, pat.caller, team_id)


def test_a_proof_outlives_turning_domain_join_off_and_on(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.AUTO)
    pat = build.new_user("pat@corp.com")

    update_team(db, owner.caller, team_id, domain_join=DomainJoin.OFF)
    closed = _listed(db, pat.caller)
    update_team(db, owner.caller, team_id, domain_join=DomainJoin.REQUEST)

    assert closed == []
    assert _listed(db, pat.caller) == [team_id]
    assert len(events_of(db, team_id, "domain_proven")) == 1


@pytest.mark.parametrize("role", roles_denied(Action.MANAGE_TEAM))
def test_other_roles_cannot_prove_or_remove_a_domain(
    db: firestore.Client, build: Builders, dns: FakeDns, role: Role
) -> None:
    team_id, owner = build.new_team()
    build.open_to_domain(team_id, owner, "corp.com", DomainJoin.AUTO)
    update_team(db, owner.caller, team_id, allowed_domains=["corp.com", "other.com"])
    member = build.add_member(team_id, role, build.new_user("pat@other.com"))
    dns.reset()
    before = team_state(db, team_id)

    with pytest.raises(TeamsError) as verifying:  # the address would prove it for an admin
        verify_domain(db, member.caller, team_id, "other.com", lookup=dns.lookup())
    with pytest.raises(TeamsError) as removing:
        remove_domain_proof(db, member.caller, team_id, "corp.com")

    assert verifying.value.http_status == removing.value.http_status == 403
    assert team_state(db, team_id) == before
    assert dns.questions == []


def test_strangers_cannot_make_the_server_ask_dns(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    team_id, _ = build.new_team()

    with pytest.raises(TeamNotFound):
        verify_domain(
            db, build.new_user("eve@evil.com").caller, team_id, "corp.com", lookup=dns.lookup()
        )

    assert dns.questions == []


def test_decoy_teams_do_not_crowd_out_the_real_one(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    real_id, boss = build.new_team(build.new_user("boss@corp.com"), name="Corp")
    update_team(db, boss.caller, real_id, allowed_domains=["corp.com"], domain_join=DomainJoin.AUTO)
    eve = build.new_user("eve@evil.com")
    for number in range(6):
        decoy_id, _ = build.new_team(eve, name=f"Corp {number}")
        update_team(
            db, eve.caller, decoy_id, allowed_domains=["corp.com"], domain_join=DomainJoin.AUTO
        )
        _grow(build, decoy_id, 1)  # bigger than the real team

    page = list_joinable_teams(db, build.new_user("pat@corp.com").caller, page_size=1)

    assert [team.id for team in page.teams] == [real_id]
    assert page.next_cursor is not None


def test_pages_list_every_team_once_largest_first(
    db: firestore.Client, build: Builders, dns: FakeDns
) -> None:
    sizes = [1, 3, 2, 3, 1, 2, 4]
    teams: list[tuple[int, str]] = []
    for size in sizes:
        team_id, owner = build.new_team()
        build.open_to_domain(team_id, owner, "corp.com", DomainJoin.REQUEST)
        _grow(build, team_id, size - 1)
        teams.append((size, team_id))
    pat = build.new_user("pat@corp.com")
    mine_id, _ = build.new_team(pat)  # pat's own team: left out
    build.open_to_domain(mine_id, pat, "corp.com", DomainJoin.REQUEST)

    pages: list[list[tuple[int, str]]] = []
    cursors = []
    cursor = None
    while True:
        page = list_joinable_teams(db, pat.caller, cursor=cursor, page_size=3)
        pages.append([(team.member_count, team.id) for team in page.teams])
        cursors.append(page.next_cursor)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    walked = [team for page in pages for team in page]
    assert walked == sorted(teams, reverse=True)
    assert len(cursors) == 3 and cursors[-1] is None
    assert mine_id not in {team_id for _, team_id in walked}
    again = list_joinable_teams(db, pat.caller, cursor=cursors[0], page_size=3)
    # The same cursor gives the same page (pat's own team, left out, may make a page short).
    assert [(t.member_count, t.id) for t in again.teams] == pages[1]


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        "eyJhIjoxfQ",  # {"a":1}
        "WyJjb3JwLmNvbSIsLTEsInQiXQ",  # ["corp.com",-1,"t"]
        "WyJvdGhlci5jb20iLDEsInQiXQ",  # ["other.com",1,"t"]: another domain's listing
        "WyJjb3JwLmNvbSIsMSwiYS9iIl0",  # ["corp.com",1,"a/b"]: no document id
        "WyJjb3JwLmNvbSIsdHJ1ZSwidCJd",  # ["corp.com",true,"t"]
    ],
)
def test_a_cursor_that_is_not_one_is_refused(
    db: firestore.Client, build: Builders, cursor: str
) -> None:
    pat = build.new_user("pat@corp.com")

    with pytest.raises(InvalidArgument) as refused:
        list_joinable_teams(db, pat.caller, cursor=cursor)

    assert refused.value.http_status == 400


def test_listing_is_rate_limited_per_caller(db: firestore.Client, build: Builders) -> None:
    pat = build.new_user("pat@corp.com")
    now = utcnow()
    for _ in range(30):
        list_joinable_teams(db, pat.caller, now=now)

    with pytest.raises(RateLimited) as limited:
        list_joinable_teams(db, pat.caller, now=now)
    later = list_joinable_teams(db, pat.caller, now=now + timedelta(minutes=11))

    assert limited.value.details and limited.value.details["retryAfterSeconds"] > 0
    assert later.teams == []
    assert list_joinable_teams(db, build.new_user("sam@corp.com").caller, now=now).teams == []
