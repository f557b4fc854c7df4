"""A recording Stripe endpoint for tests: the functions' Stripe client is pointed here
(`TEAMKIT_STRIPE_API_BASE`), so tests can assert the exact requests teamkit sends.

It answers what localstripe lacks (Prices, Checkout Sessions, billing portal sessions) with
Stripe-shaped objects and forwards everything else to localstripe, which keeps customers,
plans, subscriptions and invoices for real. Tests can also make chosen requests fail, to see
how teamkit behaves when Stripe is down.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from devtools.fakes.local_server import serve, shut_down, url_of

_numbers = itertools.count(1)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the recorder received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str]

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("idempotency-key")


@dataclass
class Failure:
    """Answer requests matching `method` and `path` (a regular expression) with `status`."""

    method: str
    path: str
    status: int
    body: dict[str, Any]


def price_json(
    price_id: str,
    *,
    product_id: str = "prod_teamkit_test",
    product_name: str = "Team plan",
    unit_amount: int = 800,
    currency: str = "eur",
    interval: str | None = "month",
    active: bool = True,
    metadata: dict[str, str] | None = None,
    product_metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A Stripe Price with its product expanded (what `prices.retrieve(expand=[product])`
    answers)."""
    return {
        "id": price_id,
        "object": "price",
        "active": active,
        "currency": currency,
        "unit_amount": unit_amount,
        "nickname": None,
        "type": "recurring" if interval else "one_time",
        "recurring": {"interval": interval, "interval_count": 1, "usage_type": "licensed"}
        if interval
        else None,
        "metadata": metadata or {},
        "product": {
            "id": product_id,
            "object": "product",
            "name": product_name,
            "active": True,
            "metadata": product_metadata or {},
        },
    }


def stripe_error(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    kind = "invalid_request_error" if status < 500 else "api_error"
    return {"error": {"type": kind, "code": code, "message": message}}


@dataclass
class StripeRecorder:
    """The recording endpoint: start it, point clients at `url`, read `requests`."""

    upstream: str
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    _requests: list[RecordedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the recorder is not running"
        return url_of(self._server)

    def start(self) -> StripeRecorder:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder._serve(self)

            def do_POST(self) -> None:
                recorder._serve(self)

            def do_DELETE(self) -> None:
                recorder._serve(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: pytest shows what matters."""

        self._server = serve(Handler, "stripe-recorder")
        return self

    def stop(self) -> None:
        if self._server is not None:
            shut_down(self._server)
            self._server = None

    def reset(self) -> None:
        """Forget requests, failures and prices (between tests)."""
        with self._lock:
            self._requests.clear()
        self.failures.clear()
        self.prices.clear()

    def fail(self, method: str, path: str, status: int = 503, message: str = "down") -> None:
        """Answer every `method` request whose path matches `path` with an error."""
        self.failures.append(Failure(method, path, status, stripe_error(status, message)))

    def requests(self, method: str | None = None, path: str | None = None) -> list[RecordedRequest]:
        """What was received, oldest first, optionally only `method` requests to a path
        matching `path` (a regular expression, matched in full)."""
        with self._lock:
            seen = list(self._requests)
        return [
            r
            for r in seen
            if (method is None or r.method == method)
            and (path is None or re.fullmatch(path, r.path))
        ]

    # --- serving ------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        parts = urlsplit(handler.path)
        record = RecordedRequest(
            method=handler.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query)),
            headers={k.lower(): v for k, v in handler.headers.items()},
            form=dict(parse_qsl(raw.decode())),
        )
        with self._lock:
            self._requests.append(record)
        status, body = self._answer(record, raw, handler)
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Request-Id", f"req_recorded_{next(_numbers)}")
        handler.end_headers()
        handler.wfile.write(data)

    def _answer(
        self, record: RecordedRequest, raw: bytes, handler: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, Any]]:
        for failure in list(self.failures):
            if failure.method == record.method and re.fullmatch(failure.path, record.path):
                return failure.status, failure.body
        number = next(_numbers)
        if record.method == "POST" and record.path == "/v1/checkout/sessions":
            session_id = f"cs_test_recorded{number}"
            return 200, {
                "id": session_id,
                "object": "checkout.session",
                "mode": record.form.get("mode"),
                "customer": record.form.get("customer"),
                "client_reference_id": record.form.get("client_reference_id"),
                "url": f"https://checkout.stripe.test/c/pay/{session_id}",
            }
        if record.method == "POST" and record.path == "/v1/billing_portal/sessions":
            session_id = f"bps_recorded{number}"
            return 200, {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": record.form.get("customer"),
                "return_url": record.form.get("return_url"),
                "url": f"https://billing.stripe.test/p/session/{session_id}",
            }
        price = re.fullmatch(r"/v1/prices/([^/]+)", record.path)
        if record.method == "GET" and price:
            found = self.prices.get(price.group(1))
            if found is None:
                message = f"No such price: '{price.group(1)}'"
                return 404, stripe_error(404, message, "resource_missing")
            return 200, found
        return self._forward(record, raw, handler)

    def _forward(
        self, record: RecordedRequest, raw: bytes, handler: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, Any]]:
        headers = {
            k: v
            for k, v in handler.headers.items()
            if k.lower() in {"authorization", "content-type", "stripe-version", "idempotency-key"}
        }
        response = requests.request(
            record.method, self.upstream + handler.path, data=raw, headers=headers, timeout=30
        )
        try:
            body = response.json()
        except ValueError:
            # localstripe answers unknown routes in plain text; Stripe would say JSON.
            return response.status_code, stripe_error(response.status_code, response.text)
        return response.status_code, body
