"""HTTP plumbing shared by every function, the Stripe webhook included: CORS, method and size
checks, the ID token, JSON parsing and validation, and the one boundary that turns errors into
the JSON error answers the README and `docs/openapi.json` describe.

Importing this module is cheap. The first request of a function imports its area's endpoints
(pydantic models, use cases) and nothing else, found through `teamkit.routes`: a cold instance
pays only for what its function uses (the webhook loads billing alone).
"""

from __future__ import annotations

import json
import logging
from contextlib import nullcontext
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Response
from werkzeug.exceptions import ClientDisconnected

from teamkit.errors import (
    InvalidArgument,
    MethodNotAllowed,
    PayloadTooLarge,
    TeamsError,
)

if TYPE_CHECKING:
    from flask import Request
    from pydantic import BaseModel, ValidationError

    from teamkit.auth import Caller
    from teamkit.endpoints import Endpoint, Repeatable

logger = logging.getLogger(__name__)

M = TypeVar("M", bound="BaseModel")

ALLOWED_METHODS = "POST, OPTIONS"
APP_CHECK_HEADER = "X-Firebase-AppCheck"
ALLOWED_HEADERS = f"Authorization, Content-Type, {APP_CHECK_HEADER}"
PREFLIGHT_MAX_AGE = "3600"
FUNCTION_TIMEOUT = 60
"""Seconds an HTTP function may run (`main.py` declares them with it) before the platform cuts
the request off."""
ANSWER_MARGIN = 10
"""Seconds of the timeout kept for answering: contended transactions stop retrying before."""


def serve(name: str, request: Request) -> Response:
    """Answer one request to the HTTP function `name` (a key of `teamkit.routes.ROUTES`)."""
    from teamkit.config import settings
    from teamkit.transactions import time_budget

    cors = cors_headers(request.headers.get("Origin"), settings().cors_origins)
    if request.method == "OPTIONS":
        return Response(status=204, headers={**cors, **_preflight_headers()})
    try:
        with time_budget(FUNCTION_TIMEOUT - ANSWER_MARGIN):
            status, payload = _answer(name, request, enforce_app_check=settings().enforce_app_check)
    except TeamsError as error:
        logger.info("%s answered %s: %s", name, error.status.value, error.message)
        return json_response(error.http_status, error.to_json(), cors, error)
    except Exception:
        logger.exception("%s failed", name)
        internal = TeamsError("Internal error.").to_json()
        return json_response(500, internal, cors)
    return json_response(status, payload, cors)


def _answer(name: str, request: Request, *, enforce_app_check: bool) -> tuple[int, dict[str, Any]]:
    from importlib import import_module

    from teamkit import db, sessions
    from teamkit.auth import Caller, verify_app_check, verify_bearer
    from teamkit.endpoints import Repeatable, Visitor
    from teamkit.routes import ROUTES

    if request.method != "POST":
        raise MethodNotAllowed(f"{name} accepts POST only.")
    area, _ = ROUTES[name]
    endpoint: Endpoint = import_module(f"teamkit.{area}.endpoints").ENDPOINTS[name]
    if enforce_app_check and endpoint.signature_header is None:  # apps call it, not Stripe
        verify_app_check(request.headers.get(APP_CHECK_HEADER))
    raw = read_body(request, endpoint.body_limit)
    caller: object
    if endpoint.public:
        header = endpoint.signature_header
        caller = Visitor(client_ip(request), request.headers.get(header) if header else None)
    else:
        caller = verify_bearer(
            request.headers.get("Authorization"), check_revoked=endpoint.check_revoked
        )
    body = raw if endpoint.body is None else parse_body(endpoint.body, raw)
    # A function that checks the session also refuses, in its transactions, a session ended
    # since the token was issued (`teamkit.sessions`).
    with (
        sessions.acting_in(sessions.Session(caller.uid, caller.issued_at))
        if isinstance(caller, Caller) and endpoint.check_revoked
        else nullcontext()
    ):
        if isinstance(body, Repeatable) and isinstance(caller, Caller) and body.requestId:
            return endpoint.success, _answer_once(name, endpoint, caller, body, body.requestId)
        return endpoint.success, endpoint.call(db.client(), caller, body) or {}


def _answer_once(
    name: str, endpoint: Endpoint, caller: Caller, body: Repeatable, request_id: str
) -> dict[str, Any]:
    """Call `endpoint` for a body with a requestId: a repeat of an earlier call answers what
    that call answered (teamkit.idempotency), whose transaction recorded it with its change."""
    from google.api_core.exceptions import GoogleAPICallError

    from teamkit import db, idempotency
    from teamkit.clock import utcnow

    client = db.client()
    fields = body.model_dump(mode="json", exclude={"requestId"})
    request = idempotency.pending_request(
        client, caller.uid, name, request_id, body=fields, now=utcnow()
    )
    try:
        request.check(request.ref.get())
        with idempotency.remembering(request):
            answer = endpoint.call(client, caller, body) or {}
    except idempotency.Replayed as repeat:
        logger.info("%s: request %s repeated; answering the first answer", name, request.ref.id)
        replay = endpoint.replay
        return repeat.answer if replay is None else replay(client, caller, body, repeat.answer)
    remembered = {k: v for k, v in answer.items() if k not in endpoint.secret_fields}
    try:
        request.store_answer(json.loads(json.dumps(remembered, default=_encode)))
    except GoogleAPICallError:
        # The change is committed: answer it. A repeat then hears REQUEST_IN_PROGRESS, not a
        # second change.
        logger.exception("%s: could not store the answer of request %s", name, request.ref.id)
    return answer


def client_ip(request: Request) -> str:
    """The caller's IP address. Google's front end appends the address it saw to
    `X-Forwarded-For`, so the last entry is the one a client cannot forge (earlier entries are
    whatever the client sent); without the header (local runs) the socket's peer. Behind an
    extra proxy of your own (an external load balancer), the last entry is that proxy's, and
    every caller would share one rate-limit counter: take the entry before it there."""
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return (forwarded[-1] if forwarded else request.remote_addr or "unknown")[:64]


def read_body(request: Request, limit: int) -> bytes:
    """The raw body, or `PayloadTooLarge` past `limit` (checked before and while reading)."""
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"Request bodies are limited to {limit // 1024} KiB.")
    try:
        raw = request.stream.read(limit + 1)
    except ClientDisconnected as error:  # fewer bytes than Content-Length said
        raise InvalidArgument("The request body ended before its Content-Length.") from error
    if len(raw) > limit:
        raise PayloadTooLarge(f"Request bodies are limited to {limit // 1024} KiB.")
    return raw


def parse_body(model: type[M], raw: bytes) -> M:
    """The validated body (an empty body counts as `{}`), or `InvalidArgument` saying why."""
    from pydantic import ValidationError

    try:
        return model.model_validate_json(raw.strip() or b"{}")
    except ValidationError as error:
        raise InvalidArgument(describe_validation_error(error)) from None


def describe_validation_error(error: ValidationError, *, most: int = 5) -> str:
    """A readable sentence from pydantic's errors, without echoing (possibly huge) input."""
    problems = []
    for item in error.errors(include_url=False, include_input=False, include_context=False)[:most]:
        where = ".".join(str(part)[:64] for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    more = error.error_count() - len(problems)
    suffix = f" (and {more} more)" if more > 0 else ""
    return "Invalid request body: " + "; ".join(problems) + suffix + "."


def cors_headers(origin: str | None, allowed: tuple[str, ...]) -> dict[str, str]:
    """CORS answer headers for a request from `origin` (none when the origin is not allowed)."""
    if "*" in allowed:
        return {"Access-Control-Allow-Origin": "*"}
    if origin and origin in allowed:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {"Vary": "Origin"}


def _preflight_headers() -> dict[str, str]:
    return {
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
    }


def json_response(
    status: int,
    payload: dict[str, Any],
    headers: dict[str, str] | None = None,
    error: TeamsError | None = None,
) -> Response:
    """A JSON answer; datetimes become ISO 8601 strings in UTC."""
    extra = dict(headers or {})
    if isinstance(error, MethodNotAllowed):
        extra["Allow"] = ALLOWED_METHODS
    retry_after = (error.details or {}).get("retryAfterSeconds") if error is not None else None
    if isinstance(retry_after, int):
        extra["Retry-After"] = str(retry_after)
    return Response(
        json.dumps(payload, default=_encode, ensure_ascii=False),
        status=status,
        headers=extra,
        mimetype="application/json",
    )


def _encode(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
