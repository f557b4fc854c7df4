"""What every answer of an HTTP function must look like (README.md, "API at a glance"),
checked the same way for answers over HTTP and in-process: a 2xx, or an error status of the
README's table with the JSON body `{"error": {"status", "reason", "message"}}` (and optional
`details`) whose status matches the HTTP code and whose reason is one of the closed list; never
a 5xx."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from teamkit.errors import HTTP_STATUS, Reason, Status

SUCCESS = frozenset({200, 201, 204})
CLIENT_ERRORS = frozenset(code for code in HTTP_STATUS.values() if code < 500)


@dataclass(frozen=True)
class Answer:
    """One answer, as bytes, wherever it came from."""

    status: int
    headers: Mapping[str, str]
    data: bytes

    def json(self) -> Any:
        return json.loads(self.data)

    @property
    def error_status(self) -> str | None:
        try:
            body = self.json()
        except ValueError:
            return None
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            status = body["error"].get("status")
            return status if isinstance(status, str) else None
        return None


def contract_violation(answer: Answer, *, method: str = "POST") -> str | None:
    """Why `answer` breaks the answer format, or None when it keeps it."""
    if answer.status >= 500:
        return f"a {answer.status} answer: {answer.data[:300]!r}"
    if answer.status == 204:
        return None if method == "OPTIONS" else "204 outside a preflight"
    if answer.status not in SUCCESS | CLIENT_ERRORS:
        return f"{answer.status} is no contract status"
    if method == "HEAD":
        return None  # no body to check; the status was
    body, problem = _json_object(answer)
    if problem is not None or answer.status in SUCCESS:
        return problem
    return _error_violation(answer.status, body)


def _json_object(answer: Answer) -> tuple[dict[str, Any], str | None]:
    content_type = _header(answer.headers, "Content-Type")
    if not content_type.startswith("application/json"):
        return {}, f"Content-Type {content_type!r}, not JSON"
    try:
        body = answer.json()
    except ValueError:
        return {}, f"the body is not JSON: {answer.data[:300]!r}"
    if not isinstance(body, dict):
        return {}, f"the body is no JSON object: {answer.data[:300]!r}"
    return body, None


def _error_violation(status: int, body: dict[str, Any]) -> str | None:
    error = body.get("error")
    required = {"status", "reason", "message"}
    if (
        set(body) != {"error"}
        or not isinstance(error, dict)
        or not required <= set(error) <= required | {"details"}
    ):
        return f"the error body is not {{'error': {{status, reason, message}}}}: {body!r:.300}"
    if error["status"] not in set(Status):
        return f"{error['status']!r} is no contract status"
    if error["reason"] not in set(Reason):
        return f"{error['reason']!r} is no reason of teamkit.errors.Reason"
    if "details" in error and not isinstance(error["details"], dict):
        return f"details must be an object: {error['details']!r:.300}"
    named = Status(error["status"])
    message = error["message"]
    problems = [
        (HTTP_STATUS[named] != status, f"{named} answered with HTTP {status}"),
        (not isinstance(message, str) or not message.strip(), "the error message is empty"),
        ("Traceback" in str(message) or 'File "' in str(message), "the message leaks a trace"),
    ]
    return next((problem for failed, problem in problems if failed), None)


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return ""


def assert_keeps_contract(answer: Answer, *, method: str = "POST", sent: object = None) -> None:
    """Fail with the answer and what was sent unless `answer` keeps the answer format."""
    violation = contract_violation(answer, method=method)
    assert violation is None, f"{violation}\nsent: {sent!r:.2000}"
