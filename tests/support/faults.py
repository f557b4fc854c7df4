"""An endpoint that hangs: it accepts every request and answers none until released, so clients
run into their timeouts. Point a client at it to see how the code behaves when a provider stops
answering (the fake SendGrid can hang too; the Stripe recorder can fail but not hang)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from devtools.fakes.local_server import serve, shut_down, url_of


@dataclass
class HangingEndpoint:
    """A threaded HTTP server whose every request waits for `release()` (or the stop)."""

    server: ThreadingHTTPServer
    released: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _received: list[str] = field(default_factory=list)

    @classmethod
    def start(cls) -> HangingEndpoint:
        endpoint: HangingEndpoint | None = None

        class Handler(BaseHTTPRequestHandler):
            def _hang(self) -> None:
                assert endpoint is not None
                with endpoint._lock:
                    endpoint._received.append(f"{self.command} {self.path}")
                endpoint.released.wait()
                try:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the client gave up long ago

            do_GET = do_POST = do_DELETE = _hang

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        endpoint = cls(serve(Handler, "hanging"))
        return endpoint

    @property
    def url(self) -> str:
        return url_of(self.server)

    @property
    def received(self) -> list[str]:
        """`METHOD /path` of every request that arrived (and was left hanging)."""
        with self._lock:
            return list(self._received)

    def release(self) -> None:
        self.released.set()

    def stop(self) -> None:
        self.release()
        shut_down(self.server)
