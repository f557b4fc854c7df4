"""HTTP plumbing that needs no emulator: the table of HTTP functions, CORS answers and validation
messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from flask import Request
from pydantic import ValidationError
from werkzeug.test import EnvironBuilder

from teamkit.auth import caller_from_claims
from teamkit.billing.endpoints import CheckoutBody, Plan
from teamkit.documents import Team, TeamBilling
from teamkit.endpoint_table import ENDPOINTS, TABLES
from teamkit.endpoints import Answer, Body, Empty, Endpoint, Repeat, TeamBody, mirrored, mirrors
from teamkit.http import client_ip, cors_headers, describe_validation_error
from teamkit.invitations.endpoints import InviteMemberBody
from teamkit.ratelimit import caller_network
from teamkit.teams.endpoints import CreateTeamBody, TeamSummary

MAIN_DIR = Path(__file__).resolve().parents[1] / "functions"


def test_main_declares_one_http_function_per_entry_of_the_table() -> None:
    import main

    declared = {
        function.__firebase_endpoint__.entryPoint
        for function in vars(main).values()
        if getattr(function, "__firebase_endpoint__", None) is not None
        and function.__firebase_endpoint__.httpsTrigger is not None
    }

    assert declared == set(ENDPOINTS)


def test_the_committed_routes_are_the_areas_endpoints() -> None:
    from devtools.openapi import ROUTES, rendered_routes

    assert ROUTES.read_text() == rendered_routes(), "run: python -m devtools.openapi"


def test_importing_main_loads_no_endpoints_module_nor_pydantic() -> None:
    probe = "import main, sys; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=MAIN_DIR, capture_output=True, text=True, check=True
    ).stdout.split()

    assert [m for m in loaded if m.endswith(".endpoints") or m.startswith("pydantic")] == []


def test_no_two_areas_declare_the_same_function() -> None:
    assert sum(len(table) for table in TABLES.values()) == len(ENDPOINTS)


def test_only_the_functions_that_create_something_answer_201() -> None:
    created = {name for name, endpoint in ENDPOINTS.items() if endpoint.success == 201}

    assert created == {"createTeam", "inviteMember", "addExistingMember", "createInviteLink"}


def test_every_function_that_answers_201_takes_a_request_id() -> None:
    creating = {name for name, endpoint in ENDPOINTS.items() if endpoint.created}
    keyed = {name for name, endpoint in ENDPOINTS.items() if endpoint.repeat is Repeat.REQUEST_ID}

    assert creating <= keyed


@pytest.mark.parametrize(
    ("body", "repeat"),
    [(CreateTeamBody, Repeat.SAFE), (TeamBody, Repeat.REQUEST_ID)],
)
def test_an_entry_whose_body_and_repeat_disagree_is_refused(
    body: type[Body], repeat: Repeat
) -> None:
    with pytest.raises(TypeError, match="requestId"):
        Endpoint(body, Empty, lambda db, caller, body: None, repeat=repeat)


def test_the_webhook_is_an_entry_of_the_table_signed_instead_of_signed_in() -> None:
    signed = {name: e for name, e in ENDPOINTS.items() if e.signature_header is not None}

    assert set(signed) == {"stripeWebhook"}
    webhook = signed["stripeWebhook"]
    assert webhook.public and webhook.body is None
    assert webhook.signature_header == "Stripe-Signature"
    assert webhook.body_limit == 1024 * 1024 > ENDPOINTS["createTeam"].body_limit


def test_any_origin_when_configured_with_a_star() -> None:
    assert cors_headers("https://a.example", ("*",)) == {"Access-Control-Allow-Origin": "*"}


def test_a_listed_origin_is_echoed() -> None:
    headers = cors_headers("https://app.example", ("https://app.example", "http://localhost:5173"))

    assert headers == {"Access-Control-Allow-Origin": "https://app.example", "Vary": "Origin"}


def test_an_unlisted_origin_gets_no_allow_header() -> None:
    assert cors_headers("https://evil.example", ("https://app.example",)) == {"Vary": "Origin"}


def test_validation_messages_name_the_field_without_echoing_input() -> None:
    huge = "x" * 10_000
    with pytest.raises(ValidationError) as caught:
        InviteMemberBody.model_validate_json(
            f'{{"teamId": "t", "email": "{huge}", "role": "{huge}"}}'
        )

    message = describe_validation_error(caught.value)

    assert message.startswith("Invalid request body: ")
    assert "role" in message and "email" in message
    assert huge not in message and len(message) < 500


@pytest.mark.parametrize(
    "team_id",
    ["", ".", "..", "a/b", "x" * 129, "__a__", "__a\nb__", "__\n__", "a\nb", "a\n", "\x00"],
)
def test_document_ids_that_firestore_refuses_are_invalid(team_id: str) -> None:
    with pytest.raises(ValidationError):
        TeamBody(teamId=team_id)


@pytest.mark.parametrize("team_id", ["a", "...", "_a_", "__a", "a__", "x" * 128, "é😀"])
def test_ordinary_document_ids_are_valid(team_id: str) -> None:
    assert TeamBody(teamId=team_id).teamId == team_id


@pytest.mark.parametrize("price_id", ["price_1\n", "\nprice_1"])
def test_a_price_id_with_a_line_break_is_invalid(price_id: str) -> None:
    with pytest.raises(ValidationError):
        CheckoutBody(
            teamId="t", priceId=price_id, successUrl="https://a.io", cancelUrl="https://a.io"
        )


@pytest.mark.parametrize("email", [" pat@x.io", "pat@x.io ", "pat@x.io\n"])
def test_a_token_email_with_whitespace_around_it_is_no_email_at_all(email: str) -> None:
    caller = caller_from_claims({"uid": "u1", "email": email, "email_verified": True})

    assert caller.email is None


def test_a_token_email_is_compared_lower_cased_like_the_rules_do() -> None:
    assert caller_from_claims({"uid": "u1", "email": "Pat@X.io"}).email == "pat@x.io"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (None, "10.0.0.9"),
        ("203.0.113.7", "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a client-written entry comes first
        (" , 203.0.113.7 ,", "203.0.113.7"),
    ],
)
def test_the_caller_ip_is_the_last_forwarded_entry_or_the_peer(
    forwarded: str | None, expected: str
) -> None:
    headers = [("X-Forwarded-For", forwarded)] if forwarded is not None else []
    environ = EnvironBuilder(headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.9"})

    assert client_ip(Request(environ.get_environ())) == expected


@pytest.mark.parametrize(
    ("ip", "network"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # a dual-stack socket's view of an IPv4 caller
        ("unknown", "unknown"),
    ],
)
def test_a_caller_is_counted_by_its_network(ip: str, network: str) -> None:
    assert caller_network(ip) == network


def test_an_answer_showing_part_of_a_document_takes_those_fields_from_it() -> None:
    team = Team(id="t1", name="Acme", member_count=3, owner_count=1, pending_invite_count=2)
    billing = TeamBilling(price_id="price_1", plan_name="Pro", interval="month")

    assert mirrored(TeamSummary, team) == {
        "name": "Acme",
        "memberCount": 3,
        "ownerCount": 1,
        "pendingInviteCount": 2,
    }
    assert mirrored(Plan, billing) == {
        "priceId": "price_1",
        "productId": None,
        "interval": "month",
        "name": "Pro",
    }
    assert Plan.model_fields["priceId"].annotation is str  # declared: narrower than the map's


def test_mirroring_a_field_the_document_does_not_have_is_refused() -> None:
    with pytest.raises(TypeError, match="member_counts"):

        @mirrors(Team, "member_counts")
        class Misnamed(Answer):
            pass
