"""Retries never duplicate writes: a call that creates or sends something, repeated with the same
`requestId` (a client retrying after its answer was lost), answers the first answer and does
nothing again. Over HTTP through the Functions emulator, with a proxy that loses the first answer
(devtools/fakes/dropping_proxy.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import requests
from google.cloud import firestore

from devtools.emulators import Suite
from devtools.fakes.dropping_proxy import DroppingProxy
from teamkit import paths
from teamkit.clock import utcnow
from tests.support.builders import Builders
from tests.support.http import Api
from tests.support.state import events_of


def new_request_id() -> str:
    return str(uuid.uuid4())


def send(url: str, token: str, body: dict[str, Any]) -> requests.Response | None:
    """POST as the SDK does; None when the connection dropped without an answer."""
    try:
        return requests.post(
            url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
    except requests.ConnectionError:
        return None


def lost_then_retried(
    suite: Suite, api_token: str, function: str, body: dict[str, Any]
) -> tuple[DroppingProxy, requests.Response | None, requests.Response | None]:
    """Call `function` through a proxy that loses its first answer, then retry the same call."""
    with DroppingProxy(suite.functions_url, drop_first={function}) as proxy:
        lost = send(proxy.function_url(function), api_token, body)
        retried = send(proxy.function_url(function), api_token, body)
    return proxy, lost, retried


def teams_of(db: firestore.Client, uid: str) -> list[str]:
    """The teams `uid` is a member of."""
    mine = db.collection_group(paths.MEMBERS).where(filter=firestore.FieldFilter("uid", "==", uid))
    return [member.get("teamId") for member in mine.stream()]


def test_a_lost_answer_to_create_team_and_its_retry_make_one_team(
    suite: Suite, api: Api, build: Builders, db: firestore.Client
) -> None:
    owner = build.new_user()
    body = {"name": "Acme", "requestId": new_request_id()}

    proxy, lost, retried = lost_then_retried(suite, api.token(owner), "createTeam", body)

    assert lost is None
    assert [exchange.status for exchange in proxy.dropped] == [201]
    assert retried is not None and retried.status_code == 201, retried and retried.text
    assert retried.json() == proxy.dropped[0].answer
    assert teams_of(db, owner.uid) == [retried.json()["teamId"]]


def test_a_lost_answer_to_an_invite_and_its_retry_make_one_invite(
    suite: Suite, api: Api, build: Builders, db: firestore.Client
) -> None:
    team_id, owner = build.new_team()
    body = {"teamId": team_id, "email": "pat@example.com", "requestId": new_request_id()}

    proxy, lost, retried = lost_then_retried(suite, api.token(owner), "inviteMember", body)

    assert lost is None and proxy.dropped[0].status == 201
    assert retried is not None and retried.status_code == 201, retried and retried.text
    assert retried.json() == proxy.dropped[0].answer
    assert len(list(paths.invites(db, team_id).stream())) == 1
    assert len(events_of(db, team_id, "member_invited")) == 1
    assert paths.team(db, team_id).get().get("pendingInviteCount") == 1


def test_a_lost_answer_to_a_bulk_invite_and_its_retry_invite_each_address_once(
    suite: Suite, api: Api, build: Builders, db: firestore.Client
) -> None:
    team_id, owner = build.new_team()
    invites = [{"email": f"person{i}@example.com"} for i in range(3)]
    body = {"teamId": team_id, "invites": invites, "requestId": new_request_id()}

    proxy, lost, retried = lost_then_retried(suite, api.token(owner), "inviteMembers", body)

    assert lost is None
    assert retried is not None and retried.status_code == 200, retried and retried.text
    assert retried.json() == proxy.dropped[0].answer
    assert all("inviteId" in result for result in retried.json()["results"])
    assert len(list(paths.invites(db, team_id).stream())) == 3


def test_a_lost_invite_link_is_the_same_link_with_a_fresh_token_and_the_lost_token_is_dead(
    suite: Suite, api: Api, build: Builders, db: firestore.Client
) -> None:
    team_id, owner = build.new_team()
    body = {"teamId": team_id, "role": "member", "requestId": new_request_id()}

    proxy, lost, retried = lost_then_retried(suite, api.token(owner), "createInviteLink", body)
    assert retried is not None and retried.status_code == 201, retried and retried.text
    first, answer = proxy.dropped[0].answer, retried.json()
    with_lost_token = api.call("joinByLink", build.new_user(), {"token": first["token"]})
    with_fresh_token = api.call("joinByLink", build.new_user(), {"token": answer["token"]})

    assert lost is None and proxy.dropped[0].status == 201
    assert answer["linkId"] == first["linkId"]
    assert answer["token"] != first["token"]
    assert answer["url"].endswith("token=" + answer["token"])
    assert {k: v for k, v in answer.items() if k not in ("token", "url")} == {
        k: v for k, v in first.items() if k not in ("token", "url")
    }
    assert len(list(paths.links(db, team_id).stream())) == 1
    assert with_lost_token.status == 404, with_lost_token.body
    assert with_lost_token.body["error"]["reason"] == "INVITE_NOT_FOUND"
    assert with_fresh_token.status == 200 and with_fresh_token.body["joined"] is True


def test_the_record_of_a_request_holds_no_secret(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    team_id, owner = build.new_team()

    created = api.call(
        "createInviteLink", owner, {"teamId": team_id, "requestId": new_request_id()}
    )

    assert created.status == 201, created.body
    (record,) = [r.to_dict() or {} for r in db.collection(paths.REQUEST_RECORDS).stream()]
    assert record["answer"]["linkId"] == created.body["linkId"]
    assert "token" not in record["answer"] and "url" not in record["answer"]
    assert created.body["token"] not in str(record)
    assert record["uid"] == owner.uid and record["function"] == "createInviteLink"
    assert record["expireAt"] - record["createdAt"] == timedelta(hours=24)


@pytest.mark.parametrize("function", ["addExistingMember", "acceptInvite", "resendInvite"])
def test_a_repeat_answers_the_first_answer_and_changes_nothing(
    function: str,
    api: Api,
    build: Builders,
    db: firestore.Client,
    age_invite: Callable[[str, str, timedelta], None],
) -> None:
    team_id, owner = build.new_team()
    pat = build.new_user("pat@example.com")
    invited = api.call("inviteMember", owner, {"teamId": team_id, "email": pat.email})
    assert invited.status == 201, invited.body
    age_invite(team_id, invited.body["inviteId"], timedelta(hours=1))  # resending is allowed
    caller, body = {
        "addExistingMember": (owner, {"teamId": team_id, "email": pat.email}),
        "acceptInvite": (pat, {"teamId": team_id, "inviteId": invited.body["inviteId"]}),
        "resendInvite": (owner, {"teamId": team_id, "inviteId": invited.body["inviteId"]}),
    }[function]
    body = {**body, "requestId": new_request_id()}

    first = api.call(function, caller, body)
    events = events_of(db, team_id)
    again = api.call(function, caller, body)

    assert first.status in (200, 201), first.body
    assert (again.status, again.body) == (first.status, first.body)
    assert events_of(db, team_id) == events


def test_a_repeated_join_by_link_answers_joined_and_uses_the_link_once(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    team_id, owner = build.new_team()
    link = build.new_link(team_id, owner)
    body = {"token": link.token, "requestId": new_request_id()}
    pat = build.new_user()

    first = api.call("joinByLink", pat, body)
    again = api.call("joinByLink", pat, body)

    assert first.status == 200 and first.body["joined"] is True, first.body
    assert (again.status, again.body) == (first.status, first.body)
    assert paths.link(db, team_id, link.link.id).get().get("uses") == 1


def test_a_refused_call_leaves_no_record_so_its_repeat_runs_again(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    """joinByLink counts the token resolution in a transaction of its own before it joins: the
    record goes with the join, never with the count."""
    pat = build.new_user()

    refused = api.call("joinByLink", pat, {"token": "link.mistyped", "requestId": new_request_id()})

    assert refused.status == 404, refused.body
    assert list(db.collection(paths.RATE_LIMITS).stream()) != []
    assert list(db.collection(paths.REQUEST_RECORDS).stream()) == []


def test_the_same_request_id_with_another_body_is_refused(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    owner = build.new_user()
    request_id = new_request_id()

    first = api.call("createTeam", owner, {"name": "Acme", "requestId": request_id})
    other = api.call("createTeam", owner, {"name": "Other", "requestId": request_id})

    assert first.status == 201, first.body
    assert other.status == 409, other.body
    assert other.body["error"]["reason"] == "REQUEST_ID_REUSED"
    assert teams_of(db, owner.uid) == [first.body["teamId"]]


def test_request_ids_are_per_caller(api: Api, build: Builders, db: firestore.Client) -> None:
    alice, bob = build.new_user(), build.new_user()
    request_id = new_request_id()

    for_alice = api.call("createTeam", alice, {"name": "Acme", "requestId": request_id})
    for_bob = api.call("createTeam", bob, {"name": "Acme", "requestId": request_id})

    assert for_alice.status == for_bob.status == 201
    assert for_alice.body["teamId"] != for_bob.body["teamId"]
    assert teams_of(db, bob.uid) == [for_bob.body["teamId"]]


def test_an_expired_record_is_not_replayed_even_before_its_deletion(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    owner = build.new_user()
    body = {"name": "Acme", "requestId": new_request_id()}
    first = api.call("createTeam", owner, body)
    (record,) = db.collection(paths.REQUEST_RECORDS).stream()
    record.reference.update({"expireAt": utcnow() - timedelta(seconds=1)})

    later = api.call("createTeam", owner, body)

    assert first.status == later.status == 201
    assert later.body["teamId"] != first.body["teamId"]
    assert sorted(teams_of(db, owner.uid)) == sorted([first.body["teamId"], later.body["teamId"]])


@pytest.mark.parametrize(
    "request_id",
    ["short", "x" * 65, "a" * 16 + "/", "a" * 16 + "\n", "a" * 16 + " ", 12345678901234567],
)
def test_malformed_request_ids_are_refused(request_id: object, api: Api, build: Builders) -> None:
    answer = api.call("createTeam", build.new_user(), {"name": "Acme", "requestId": request_id})

    assert answer.status == 400, answer.body
    assert "requestId" in answer.body["error"]["message"]


def test_calls_without_a_request_id_work_as_before(
    api: Api, build: Builders, db: firestore.Client
) -> None:
    owner = build.new_user()

    first = api.call("createTeam", owner, {"name": "Acme"})
    second = api.call("createTeam", owner, {"name": "Acme"})

    assert first.status == second.status == 201
    assert len(teams_of(db, owner.uid)) == 2
    assert list(db.collection(paths.REQUEST_RECORDS).stream()) == []


def test_concurrent_repeats_make_one_team(
    suite: Suite, api: Api, build: Builders, db: firestore.Client
) -> None:
    owner = build.new_user()
    token = api.token(owner)
    body = {"name": "Acme", "requestId": new_request_id()}

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(
            pool.map(lambda _: send(suite.function_url("createTeam"), token, body), range(4))
        )

    created = {a.json()["teamId"] for a in answers if a is not None and a.status_code == 201}
    others = [
        a.json()["error"]["reason"] for a in answers if a is not None and a.status_code != 201
    ]
    assert len(created) == 1, [a and a.text for a in answers]
    assert set(others) <= {"REQUEST_IN_PROGRESS"}
    assert teams_of(db, owner.uid) == list(created)
