"""Stripe's delivery retries, which localstripe lacks, for end-to-end webhook tests.

localstripe posts each event once, a second after it happens, and forgets it when the delivery
fails. Stripe retries a failed delivery for three days, so an end-to-end test must not wait
forever for an event one dropped request lost (the emulator proxy's keep-alive race, see
devtools/node/no-keepalive.cjs, was one such cause). localstripe therefore posts to this relay,
which forwards each delivery (body and `Stripe-Signature` unchanged) to `stripeWebhook` and
retries connection failures and 5xx answers with back-off, as Stripe does. Retrying is safe
because the webhook records each event id once.
"""

from __future__ import annotations

import logging
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from devtools.fakes.local_server import serve, shut_down, url_of

logger = logging.getLogger(__name__)

BACK_OFF = (0.5, 1.0, 2.0, 4.0, 8.0)


class WebhookRelay:
    """An HTTP endpoint that forwards what it receives to `target`, retrying failures."""

    def __init__(self) -> None:
        self.target: str | None = None
        self.deliveries = 0
        self.retries = 0
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = relay.forward(body, self.headers.get("Stripe-Signature"))
                self.send_response(status)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                logger.debug(format, *args)

        self._handler = Handler
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the relay is not running"
        return url_of(self._server) + "/"

    def start(self) -> WebhookRelay:
        self._server = serve(self._handler, "stripe-relay")
        return self

    def stop(self) -> None:
        if self._server is not None:
            shut_down(self._server)
            self._server = None

    def forward(self, body: bytes, signature: str | None) -> int:
        """Deliver to the current target; retry a connection failure or a 5xx."""
        target = self.target
        if target is None:
            return 410  # no test listens: Stripe would disable such an endpoint
        self.deliveries += 1
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if signature is not None:
            headers["Stripe-Signature"] = signature
        status = 503
        for delay in (0.0, *BACK_OFF):
            time.sleep(delay)
            if delay:
                self.retries += 1
            try:
                status = requests.post(target, data=body, headers=headers, timeout=60).status_code
            except requests.RequestException as error:
                logger.info("webhook delivery to %s failed (%s); retrying", target, error)
                continue
            if status < 500:
                return status
        return status
