"""Fuzzing every HTTP function in-process: ten thousand generated requests (bodies, headers,
tokens, methods) through the same entry point the deployed functions call, against the
emulators' Firestore and Auth. Every answer is a 2xx or a contract error with its JSON body;
none is a 5xx.

Each example is a batch of requests sent at once (they also race each other on the team), so
that Firestore round trips overlap; a failing batch is shrunk by hypothesis like any example,
down to the request that fails.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening import tally
from tests.support.contract import assert_keeps_contract
from tests.support.fuzzing import FuzzWorld, requests_to
from tests.support.in_process import HTTP_FUNCTIONS, InProcess, RawRequest

TOTAL_REQUESTS = 10_000
AT_ONCE = 4
PER_FUNCTION = math.ceil(TOTAL_REQUESTS / len(HTTP_FUNCTIONS) / AT_ONCE) * AT_ONCE

FUZZ_SETTINGS = settings(
    max_examples=PER_FUNCTION // AT_ONCE,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure reproduces
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


@pytest.fixture(scope="module")
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=AT_ONCE) as executor:
        yield executor


def test_the_functions_share_at_least_ten_thousand_requests() -> None:
    assert PER_FUNCTION * len(HTTP_FUNCTIONS) >= TOTAL_REQUESTS


@pytest.mark.parametrize("name", HTTP_FUNCTIONS)
def test_no_generated_request_gets_a_5xx_or_an_answer_outside_the_contract(
    in_process: InProcess, fuzz_world: FuzzWorld, pool: ThreadPoolExecutor, name: str
) -> None:
    answered: Counter[int] = Counter()
    batches = st.lists(requests_to(name, fuzz_world), min_size=AT_ONCE, max_size=AT_ONCE)

    @FUZZ_SETTINGS
    @given(batch=batches)
    def send(batch: list[RawRequest]) -> None:
        answers = list(pool.map(lambda request: in_process.call(name, request), batch))

        for request, answer in zip(batch, answers, strict=True):
            assert_keeps_contract(answer, method=request.method, sent=request)
            answered[answer.status // 100] += 1
            tally.answered("in-process answers", answer.status)

    send()

    assert sum(answered.values()) >= PER_FUNCTION
    tally.add("requests fuzzed in-process", sum(answered.values()))
    tally.add("requests fuzzed in-process answered 2xx", answered[2])
