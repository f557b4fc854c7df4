"""Fuzzing the deployed path: a few hundred of the generated requests sent over real HTTP through
the Functions emulator (its proxy, functions-framework, Flask), to every HTTP function. The
in-process fuzzers send the ten thousand; this shows that what they prove holds end to end."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import requests
from hypothesis import HealthCheck, given, settings

from devtools.emulators import Suite
from tests.hardening import tally
from tests.support.contract import Answer, assert_keeps_contract
from tests.support.fuzzing import FuzzWorld, requests_to
from tests.support.in_process import HTTP_FUNCTIONS, RawRequest

SAMPLE = 300
PER_FUNCTION = -(-SAMPLE // len(HTTP_FUNCTIONS))
DESTRUCTIVE = ("deleteTeam", "deleteAccount")
ORDER = [name for name in HTTP_FUNCTIONS if name not in DESTRUCTIVE] + list(DESTRUCTIVE)
"""All functions share one world; those that delete it go last."""


def send(session: requests.Session, suite: Suite, name: str, request: RawRequest) -> Answer:
    """The request as an HTTP client sends it: header values without the surrounding blanks
    HTTP ignores anyway, and an honest Content-Length (a lie would leave the connection out
    of step)."""
    response = session.request(
        request.method,
        suite.function_url(name),
        headers={key: value.strip() for key, value in request.headers},
        data=request.data,
        timeout=60,
    )
    return Answer(response.status_code, dict(response.headers), response.content)


def test_a_sample_of_generated_requests_over_http_keeps_the_contract(
    suite: Suite, fuzz_world: FuzzWorld
) -> None:
    session = requests.Session()
    answered: Counter[int] = Counter()

    def fuzz(name: str) -> None:
        @settings(
            max_examples=PER_FUNCTION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(request=requests_to(name, fuzz_world))
        def send_one(request: RawRequest) -> None:
            request = replace(request, content_length=None)

            answer = send(session, suite, name, request)

            assert_keeps_contract(answer, method=request.method, sent=(name, request))
            answered[answer.status // 100] += 1
            tally.answered("over-HTTP answers", answer.status)

        send_one()

    for name in ORDER:
        fuzz(name)

    assert sum(answered.values()) >= SAMPLE
    tally.add("requests fuzzed over HTTP", sum(answered.values()))
    tally.add("requests fuzzed over HTTP answered 2xx", answered[2])
