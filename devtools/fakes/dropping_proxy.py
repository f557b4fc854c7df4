"""An HTTP proxy that loses answers, in front of the Functions emulator.

It forwards every request and passes the answer back, except for the first request to each
function it was told to drop: that one reaches the function, which does its work and answers,
and then the proxy closes the client's connection without passing the answer on. That is what a
client sees when a response is lost on the way (a dropped connection, a gateway that failed
after the call): the call may or may not have been carried out, so only a call whose repeat is
harmless may be retried. The proxy keeps what it dropped, so a test can check that a secret in a
lost answer (an invite link's token) stops working.

    with DroppingProxy(suite.functions_url, drop_first={"createTeam"}) as proxy:
        requests.post(proxy.function_url("createTeam"), ...)  # ConnectionError; the team exists
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import requests

from devtools.fakes.local_server import serve, shut_down, url_of

FORWARDED_HEADERS = ("Authorization", "Content-Type")


@dataclass(frozen=True)
class Exchange:
    """One request the proxy forwarded and the answer the function gave."""

    function: str
    request: Any
    status: int
    answer: Any


@dataclass
class DroppingProxy:
    """Serves on a free port of 127.0.0.1 while entered; `function_url(name)` is where to call."""

    upstream: str
    """The functions' base URL (`Suite.functions_url`), no trailing slash."""
    drop_first: set[str] = field(default_factory=set)
    """Functions whose next answer is lost (each name once)."""
    forwarded: list[Exchange] = field(default_factory=list)
    dropped: list[Exchange] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)

    def function_url(self, name: str) -> str:
        assert self._server is not None, "enter the proxy first"
        return f"{url_of(self._server)}/{name}"

    def __enter__(self) -> DroppingProxy:
        self._server = serve(_handler_for(self), "dropping-proxy")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._server is not None:
            shut_down(self._server)

    def record(self, exchange: Exchange) -> bool:
        """Keep the exchange; whether its answer is to be lost."""
        with self._lock:
            self.forwarded.append(exchange)
            if exchange.function not in self.drop_first:
                return False
            self.drop_first.discard(exchange.function)
            self.dropped.append(exchange)
            return True


def _parsed(raw: bytes) -> Any:
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return raw.decode(errors="replace")


def _handler_for(proxy: DroppingProxy) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            function = self.path.rstrip("/").rsplit("/", 1)[-1]
            headers = {h: v for h in FORWARDED_HEADERS if (v := self.headers.get(h)) is not None}
            answer = requests.post(
                f"{proxy.upstream}/{function}", data=body, headers=headers, timeout=120
            )
            exchange = Exchange(
                function, _parsed(body), answer.status_code, _parsed(answer.content)
            )
            if proxy.record(exchange):
                self.close_connection = True  # the function answered; the client hears nothing
                return
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("Content-Type", "text/plain"))
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
            """Quiet: the tests' output is theirs."""

    return Forward
