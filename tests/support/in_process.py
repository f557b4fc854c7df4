"""Calling the HTTP functions in this process: a real werkzeug request handed to the entry point
`functions/main.py` calls for every entry of `teamkit.endpoint_table.ENDPOINTS`
(`teamkit.http.serve`), against the test emulators. A request costs milliseconds instead of an
HTTP round trip through the Functions emulator, which is what makes ten thousand generated
requests affordable.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Request
from werkzeug.test import EnvironBuilder

from devtools.emulators import Suite
from teamkit import db as teamkit_db
from teamkit.auth import _app
from teamkit.endpoint_table import ENDPOINTS
from teamkit.http import serve
from tests.support.contract import Answer
from tests.support.responses import assert_answer_matches_model

HTTP_FUNCTIONS: tuple[str, ...] = tuple(sorted(ENDPOINTS))
"""Every HTTP function `main.py` declares."""
(WEBHOOK,) = [name for name, endpoint in ENDPOINTS.items() if endpoint.signature_header]
"""The function Stripe delivers its signed events to."""


@dataclass(frozen=True)
class RawRequest:
    """A request as a client could send it: any method, any headers, any bytes.
    `content_length` overrides the header werkzeug would compute (a client may lie)."""

    method: str = "POST"
    headers: tuple[tuple[str, str], ...] = ()
    data: bytes = b""
    content_length: int | None = None

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class InProcess:
    """Serves requests to the HTTP functions in this process; counts what it served."""

    suite: Suite
    served: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def call(self, name: str, request: RawRequest) -> Answer:
        builder = EnvironBuilder(
            method=request.method,
            path=f"/{name}",
            headers=list(request.headers),
            data=request.data,
        )
        environ = builder.get_environ()
        if request.content_length is not None:
            environ["CONTENT_LENGTH"] = str(request.content_length)
        response = serve(name, Request(environ))
        with self._lock:
            self.served[name] = self.served.get(name, 0) + 1
        if request.method == "POST":
            assert_answer_matches_model(name, response.status_code, response.get_data())
        return Answer(response.status_code, dict(response.headers), response.get_data())


@contextmanager
def in_process_functions(suite: Suite) -> Iterator[InProcess]:
    """The package's process-wide clients pointed at this suite's emulators (they are cached
    per process; the session's `suite` fixture has set the environment they read)."""
    teamkit_db.client.cache_clear()
    client = teamkit_db.client()
    assert client.project == suite.project, (client.project, suite.project)
    assert client._emulator_host == suite.firestore_host, client._emulator_host
    assert _app().project_id == suite.project, _app().project_id
    try:
        yield InProcess(suite)
    finally:
        teamkit_db.client.cache_clear()
