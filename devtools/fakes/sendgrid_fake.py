"""A recording SendGrid endpoint, for the tests, the benchmarks and the web tests, and what the
functions need to reach it (`function_env`).

`FakeSendGrid` answers `POST /v3/mail/send` like SendGrid (202 and an `X-Message-Id`), records
every request it receives (also the ones it fails), and can be told to fail the next requests
with a status (500, 429, ...) or to hang past the client's timeout.

The Functions emulator gets the fake's address through `TEAMKIT_SENDGRID_API_BASE` (a plain
variable: params would be overridden by `functions/.env*`) and a fake key through
`SENDGRID_API_KEY`: without `functions/.secret.local` the emulator fails to read the secret from
Secret Manager, logs an error, and the process environment's value reaches the function.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from devtools.fakes.local_server import serve, shut_down, url_of

# Obviously fake; matches none of the real key patterns.
FAKE_SENDGRID_KEY = "fake-sendgrid-key-for-tests"
MAIL_SEND_PATH = "/v3/mail/send"
TOKEN_IN_LINK = re.compile(r"[?&]token=([A-Za-z0-9_\-]+)")


@dataclass(frozen=True)
class SendGridRequest:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    answered: int | None
    message_id: str | None = None

    @property
    def to(self) -> list[str]:
        return [
            recipient["email"]
            for personalization in self.body.get("personalizations", [])
            for recipient in personalization.get("to", [])
        ]

    @property
    def subject(self) -> str:
        return str(self.body.get("subject", ""))

    def content(self, mime_type: str) -> str:
        for part in self.body.get("content", []):
            if part.get("type") == mime_type:
                return str(part.get("value", ""))
        return ""

    @property
    def text(self) -> str:
        return self.content("text/plain")

    @property
    def html(self) -> str:
        return self.content("text/html")

    @property
    def token(self) -> str | None:
        """The invite token of the accept link in the text part, if any."""
        match = TOKEN_IN_LINK.search(self.text)
        return match.group(1) if match else None


@dataclass(frozen=True)
class Failure:
    status: int | None = None  # None: hang
    retry_after: str | None = None
    hang_seconds: float = 0.0


@dataclass
class FakeSendGrid:
    """A threaded `http.server` standing in for the SendGrid API."""

    server: ThreadingHTTPServer
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _requests: list[SendGridRequest] = field(default_factory=list)
    _failures: deque[Failure] = field(default_factory=deque)
    _released: threading.Event = field(default_factory=threading.Event)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls) -> FakeSendGrid:
        fake: FakeSendGrid | None = None

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                assert fake is not None
                fake._answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        fake = cls(serve(Handler, "fake-sendgrid"))
        return fake

    @property
    def url(self) -> str:
        return url_of(self.server)

    def function_env(self) -> dict[str, str]:
        """What the functions need to deliver mail to this fake."""
        return {"SENDGRID_API_KEY": FAKE_SENDGRID_KEY, "TEAMKIT_SENDGRID_API_BASE": self.url}

    def stop(self) -> None:
        self._released.set()
        shut_down(self.server)

    def reset(self) -> None:
        """Forget what was received and planned; release requests left hanging."""
        self._released.set()
        with self._lock:
            self._requests.clear()
            self._failures.clear()
            self._released = threading.Event()

    def fail_next(self, status: int, *, times: int = 1, retry_after: str | None = None) -> None:
        """Answer the next `times` requests with `status` (and a SendGrid-style error body)."""
        with self._lock:
            self._failures.extend([Failure(status=status, retry_after=retry_after)] * times)

    def hang_next(self, seconds: float, *, times: int = 1) -> None:
        """Hold the next `times` requests for `seconds` before answering (past a timeout)."""
        with self._lock:
            self._failures.extend([Failure(hang_seconds=seconds)] * times)

    @property
    def requests(self) -> list[SendGridRequest]:
        with self._lock:
            return list(self._requests)

    def sent_to(self, address: str, *, subject: str = "") -> list[SendGridRequest]:
        """The requests addressed to `address` that were accepted (202), optionally only those
        whose subject contains `subject`."""
        return [
            r
            for r in self.requests
            if address in r.to and r.answered == 202 and subject in r.subject
        ]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
            released = self._released
        authorised = handler.headers.get("Authorization") == f"Bearer {FAKE_SENDGRID_KEY}"
        if handler.path != MAIL_SEND_PATH:
            status, answer = 404, {"errors": [{"message": "not found"}]}
        elif not authorised:
            status, answer = 401, {"errors": [{"message": "authorization required"}]}
        elif failure is not None and failure.status is not None:
            status, answer = failure.status, {"errors": [{"message": f"fake {failure.status}"}]}
        else:
            status, answer = 202, None
        hangs = failure is not None and failure.status is None
        message_id = f"fake-message-{next(self._ids)}" if status == 202 and not hangs else None
        self._record(handler, body, None if hangs else status, message_id)
        if failure is not None and failure.status is None:
            released.wait(failure.hang_seconds)
        try:
            handler.send_response(status)
            if message_id is not None:
                handler.send_header("X-Message-Id", message_id)
            if failure is not None and failure.retry_after is not None:
                handler.send_header("Retry-After", failure.retry_after)
            payload = json.dumps(answer).encode() if answer is not None else b""
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
        except OSError:
            pass  # the client gave up waiting (a hang past its timeout)

    def _record(
        self,
        handler: BaseHTTPRequestHandler,
        body: Any,
        answered: int | None,
        message_id: str | None,
    ) -> None:
        request = SendGridRequest(
            method=handler.command,
            path=handler.path,
            headers=dict(handler.headers.items()),
            body=body,
            answered=answered,
            message_id=message_id,
        )
        with self._lock:
            self._requests.append(request)
