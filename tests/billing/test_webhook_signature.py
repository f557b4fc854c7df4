"""The webhook's own signature check agrees with the stripe library's `WebhookSignature` (with
Stripe's five-minute tolerance) on every header: valid, wrong secret, stale, several `v1`
entries, malformed. The check is written with the standard library so that the webhook's cold
start does not import `stripe`; these cases keep the two from ever disagreeing."""

from __future__ import annotations

import time

import pytest
import stripe
from hypothesis import given
from hypothesis import strategies as st

from teamkit.billing.errors import BadSignature
from teamkit.billing.webhook import SIGNATURE_TOLERANCE, verify_signature

SECRET = "whsec_test_signature"
BODY = b'{"id": "evt_1", "object": "event", "type": "invoice.paid", "note": "\xc3\xa9t\xc3\xa9"}'


def signature(body: bytes = BODY, *, secret: str = SECRET, age: int = 0) -> str:
    """The `v1` value Stripe would send for `body` signed `age` seconds ago."""
    return v1(body, secret=secret, timestamp=int(time.time()) - age)


def v1(body: bytes, *, secret: str, timestamp: int) -> str:
    header = stripe.WebhookSignature.generate_signature_header(body.decode(), secret, timestamp)
    return str(header).split(",v1=")[1]


def now() -> int:
    return int(time.time())


def library_accepts(body: bytes, header: str | None, secret: str = SECRET) -> bool:
    """The library's verdict; any exception it raises (a TypeError for a non-ASCII signature
    included) counts as a refusal."""
    try:
        return bool(
            stripe.WebhookSignature.verify_header(
                body.decode("utf-8"), header, secret, tolerance=SIGNATURE_TOLERANCE
            )
        )
    except Exception:
        return False


def ours_accepts(body: bytes, header: str | None, secret: str = SECRET) -> bool:
    try:
        verify_signature(body, header, secret)
    except BadSignature:
        return False
    return True


def headers() -> dict[str, tuple[bool, str | None]]:
    """Each case's expected verdict and its header, signed now: built when a test runs, not at
    collection (a worker may run it long after it collected, past the tolerance)."""
    return {
        "valid": (True, f"t={now()},v1={signature()}"),
        "valid, with a v0 entry": (True, f"t={now()},v1={signature()},v0=abc"),
        "valid, signed four minutes ago": (True, f"t={now() - 240},v1={signature(age=240)}"),
        "valid among several v1 entries (secret rolling)": (
            True,
            f"t={now()},v1={signature(secret='whsec_old')},v1={signature()}",
        ),
        "valid first of several v1 entries": (True, f"t={now()},v1={signature()},v1=00ff"),
        "valid with the timestamp last": (True, f"v1={signature()},t={now()}"),
        "the first t of two counts": (True, f"t={now()},v1={signature()},t=1"),
        "wrong secret": (False, f"t={now()},v1={signature(secret='whsec_another')}"),
        "every v1 wrong": (
            False,
            f"t={now()},v1={signature(secret='a')},v1={signature(secret='b')}",
        ),
        "stale: signed six minutes ago": (False, f"t={now() - 360},v1={signature(age=360)}"),
        "timestamp changed after signing": (False, f"t={now() + 1},v1={signature()}"),
        "the signature as v0 only": (False, f"t={now()},v0={signature()}"),
        "no header": (False, None),
        "empty header": (False, ""),
        "garbage": (False, "garbage"),
        "no timestamp": (False, f"v1={signature()}"),
        "a timestamp that is no number": (False, f"t=now,v1={signature()}"),
        "a t without a value": (False, f"t,v1={signature()}"),
        "a v1 without a value": (False, f"t={now()},v1"),
        "empty entries are skipped": (True, f",t={now()},,v1={signature()}"),
        "a space after the comma": (False, f"t={now()}, v1={signature()}"),
        "uppercase signature": (False, f"t={now()},v1={signature().upper()}"),
        "a non-ASCII signature": (False, f"t={now()},v1=\u00e9{signature()[1:]}"),
        "anything after a second = is ignored": (True, f"t={now()},v1={signature()}=x"),
    }


@pytest.mark.parametrize("case", headers(), ids=str)
def test_the_webhooks_signature_check_agrees_with_the_stripe_library(case: str) -> None:
    expected, header = headers()[case]

    verdict = ours_accepts(BODY, header)

    assert library_accepts(BODY, header) is expected, "the case itself is wrong"
    assert verdict is expected


def test_a_body_altered_after_signing_is_refused_like_the_library_refuses_it() -> None:
    header = f"t={now()},v1={signature()}"
    altered = BODY.replace(b"invoice.paid", b"invoice.void")

    assert ours_accepts(altered, header) is library_accepts(altered, header) is False


def test_a_body_that_is_no_utf8_is_refused_not_a_crash() -> None:
    body = b'{"id": "\xff"}'

    assert ours_accepts(body, f"t={now()},v1=00") is False


@given(
    timestamp=st.one_of(
        st.integers(now() - 2 * SIGNATURE_TOLERANCE, now() + 60).map(str),
        st.text(st.characters(codec="latin-1"), max_size=12),
    ),
    entries=st.lists(
        st.tuples(
            st.sampled_from(["v1", "v0", "t", "v2", " v1", "", "v1="]),
            st.sampled_from(["signed", "other secret", "junk", ""]),
        ),
        max_size=4,
    ),
    timestamp_first=st.booleans(),
)
def test_any_assembled_header_gets_the_libraries_verdict(
    timestamp: str, entries: list[tuple[str, str]], timestamp_first: bool
) -> None:
    try:
        signed = int(timestamp)
    except ValueError:
        signed = now()
    values = {
        "signed": v1(BODY, secret=SECRET, timestamp=signed),
        "other secret": v1(BODY, secret="whsec_other", timestamp=signed),
        "junk": "5e1f",
        "": "",
    }
    parts = [f"{key}={values[value]}" for key, value in entries]
    stamp = f"t={timestamp}"
    header = ",".join([stamp, *parts] if timestamp_first else [*parts, stamp])

    assert ours_accepts(BODY, header) is library_accepts(BODY, header)
