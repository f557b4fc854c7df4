"""Generate `docs/openapi.json`: an OpenAPI 3.1 description of the HTTP functions, from the
areas' endpoint tables (`teamkit.endpoint_table.ENDPOINTS`), the pydantic bodies and answers,
and the Firestore document models (`teamkit.documents`), so that it cannot drift from the code
(a test compares the committed file with a fresh one). The same command writes
`functions/teamkit/routes.py`, the light list of functions `main.py` declares.

    PYTHONPATH=functions:. .venv/bin/python -m devtools.openapi          # rewrite the file
    PYTHONPATH=functions:. .venv/bin/python -m devtools.openapi --check  # exit 1 if stale

Each operation says whether a client may repeat it when it cannot tell whether it arrived:
`x-idempotent: true` (a repeat changes nothing more), or `x-idempotency-key: requestId` (a repeat
would create or send again; the body's optional `requestId` makes it safe). The SDK retries by
them. Success answers are the entries' answer models, with the status the table gives (201
for the functions that create something); errors the JSON error body the README describes, with a
`reason` from `teamkit.errors.Reason`. The Firestore documents clients read are named components
too (`UserDocument`, `Team`, ...: `x-firestore-path` says where they live); timestamps in
them carry `x-firestore-type: timestamp` (a Firestore Timestamp in the SDKs), while the same
instants in JSON answers are ISO 8601 strings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from teamkit.documents import TeamBilling
from teamkit.endpoint_table import ENDPOINTS
from teamkit.endpoints import JSON_BODY_LIMIT, WEBHOOK_BODY_LIMIT, Endpoint, Repeat
from teamkit.errors import HTTP_STATUS, Reason, Status, TeamsError
from teamkit.migrate.registry import DOCUMENTS

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "docs" / "openapi.json"
ROUTES = ROOT / "functions" / "teamkit" / "routes.py"
SIGNED_DELIVERY_ERRORS = (
    Status.INVALID_ARGUMENT,
    Status.METHOD_NOT_ALLOWED,
    Status.PAYLOAD_TOO_LARGE,
    Status.INTERNAL,
    Status.UNAVAILABLE,
)
"""What a function taking signed deliveries (the webhook) may answer besides success."""

ERRORS: dict[Status, str] = {
    Status.INVALID_ARGUMENT: "Bad JSON, wrong or missing fields, bad email, unknown role.",
    Status.UNAUTHENTICATED: "No, expired, revoked or bad ID token; no valid App Check token "
    "(APP_CHECK_FAILED, with ENFORCE_APP_CHECK).",
    Status.PERMISSION_DENIED: "The caller's role does not allow this.",
    Status.NOT_FOUND: "No such team, member, invite or account.",
    Status.METHOD_NOT_ALLOWED: "Only POST (and OPTIONS) are answered.",
    Status.ALREADY_EXISTS: "Already a member or already invited (ALREADY_EXISTS), or too many "
    "concurrent changes to the team (ABORTED, reason CONCURRENT_CHANGE: retry).",
    Status.FAILED_PRECONDITION: "Last owner, seat limit, invite expired or used, domain not "
    "allowed, billing not set up.",
    Status.PAYLOAD_TOO_LARGE: f"The body is over {JSON_BODY_LIMIT // 1024} KiB "
    f"({WEBHOOK_BODY_LIMIT // 1024**2} MiB for the Stripe webhook).",
    Status.RESOURCE_EXHAUSTED: "Rate limited (resending invites, previewing invites); "
    "`details.retryAfterSeconds` and the `Retry-After` header say when to retry.",
    Status.INTERNAL: "Our fault; nothing a client sent should cause it.",
    Status.UNAVAILABLE: "A dependency (Stripe, Auth) did not answer; nothing changed, retry.",
}


def response_name(status: Status) -> str:
    return "".join(part.capitalize() for part in status.value.split("_"))


def reasons_by_status() -> dict[Status, list[str]]:
    """The reasons each status may carry, from the error classes themselves (every subclass of
    `TeamsError` pairs one status with one reason), in the order of `Reason`."""
    import teamkit.billing.errors  # noqa: F401  (defines more error classes)

    pairs: set[tuple[Status, Reason]] = set()
    pending: list[type[TeamsError]] = [TeamsError]
    while pending:
        cls = pending.pop()
        pairs.add((cls.status, cls.reason))
        pending.extend(cls.__subclasses__())
    return {
        status: [reason.value for reason in Reason if (status, reason) in pairs]
        for status in Status
    }


def shared_responses() -> dict[str, Any]:
    """`components.responses`: one per error status, with `x-reasons`: the
    reasons an answer of that status may carry."""
    by_status = reasons_by_status()
    reasons = {  # statuses sharing an HTTP code (409) share a response
        status: [
            reason
            for other in Status
            if HTTP_STATUS[other] == HTTP_STATUS[status]
            for reason in by_status[other]
        ]
        for status in ERRORS
    }
    return {
        response_name(status): {
            "description": f"{status.value}: {description} Reasons: {', '.join(reasons[status])}.",
            "x-reasons": reasons[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for status, description in ERRORS.items()
    }


def error_responses(*statuses: Status) -> dict[str, Any]:
    """References to the shared error responses, by HTTP code (all of them by default)."""
    responses: dict[str, Any] = {}
    for status in statuses or tuple(ERRORS):
        code = str(HTTP_STATUS[status])
        responses.setdefault(code, {"$ref": f"#/components/responses/{response_name(status)}"})
    return responses


def error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "reason", "message"],
                "additionalProperties": False,
                "properties": {
                    "status": {"type": "string", "enum": sorted(set(Status))},
                    "reason": {"$ref": "#/components/schemas/Reason"},
                    "message": {"type": "string", "description": "A readable sentence."},
                    "details": {
                        "type": "object",
                        "description": "What a client needs to act on the error, per reason.",
                        "properties": {
                            "uids": {
                                "type": "array",
                                "items": {"type": "string"},
                                "description": "changeMemberRoles: the members whose change "
                                "broke the rule (MEMBER_NOT_FOUND, NOT_ALLOWED, LAST_OWNER).",
                            },
                            "retryAfterSeconds": {
                                "type": "integer",
                                "minimum": 1,
                                "description": "RATE_LIMITED: seconds until a retry may pass "
                                "(also the Retry-After header).",
                            },
                        },
                    },
                },
            }
        },
    }


def preflight() -> dict[str, Any]:
    return {
        "summary": "CORS preflight",
        "security": [],
        "responses": {"204": {"description": "Allowed methods and headers, no body."}},
    }


def operation(
    name: str, endpoint: Endpoint, body_ref: str | None, answer_ref: str
) -> dict[str, Any]:
    """The POST of one entry of the table; `body_ref` is None for a raw, signed body."""
    if endpoint.signature_header:
        description = f"Public: no ID token; `{endpoint.signature_header}` signs the raw body."
    elif endpoint.public:
        description = "Public: no ID token (rate-limited per caller IP)."
    else:
        description = f"Verifies the ID token{' against revocation' * endpoint.check_revoked}."
    described: dict[str, Any] = {
        "operationId": name,
        "summary": endpoint.summary or name,
        "description": description,
    }
    if endpoint.repeat is Repeat.SAFE:
        described["x-idempotent"] = True
    else:
        described["x-idempotent"] = False
        described["x-idempotency-key"] = "requestId"
        described["description"] += (
            " A repeat with the same `requestId` (for 24 hours) answers the first answer"
            " instead of doing it again."
        )
    if endpoint.public:
        described["security"] = []
    if endpoint.signature_header:
        described["parameters"] = [
            {
                "name": endpoint.signature_header,
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
            }
        ]
    body_schema = {"$ref": body_ref} if body_ref else {"type": "object"}
    errors = error_responses(*SIGNED_DELIVERY_ERRORS if endpoint.signature_header else ())
    return {
        **described,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema}},
        },
        "responses": {
            str(endpoint.success): {
                "description": "Done.",
                "content": {"application/json": {"schema": {"$ref": answer_ref}}},
            },
            **errors,
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every HTTP function."""
    bodies = sorted(
        {endpoint.body for endpoint in ENDPOINTS.values() if endpoint.body is not None},
        key=lambda m: m.__name__,
    )
    answers = sorted({endpoint.answer for endpoint in ENDPOINTS.values()}, key=lambda m: m.__name__)
    # TeamBilling: the shape of the team's `billing` map, which the team names by reference.
    documents: list[type[BaseModel]] = sorted(
        {*DOCUMENTS.values(), TeamBilling}, key=lambda m: m.__name__
    )
    refs, definitions = models_json_schema(
        [(model, "validation") for model in bodies]
        + [(model, "serialization") for model in (*answers, *documents)],
        ref_template="#/components/schemas/{model}",
    )
    defined = definitions.get("$defs", {})
    for path, model in DOCUMENTS.items():
        defined[model.__name__]["x-firestore-path"] = path
    schemas = {
        **dict(sorted(defined.items())),
        "Error": error_schema(),
        "Reason": {
            "type": "string",
            "enum": [reason.value for reason in Reason],
            "description": "Why a request failed: one closed list (teamkit.errors.Reason).",
        },
    }
    paths: dict[str, Any] = {}
    for name, endpoint in sorted(ENDPOINTS.items()):
        body_ref = None if endpoint.body is None else refs[(endpoint.body, "validation")]["$ref"]
        answer_ref = refs[(endpoint.answer, "serialization")]["$ref"]
        post = operation(name, endpoint, body_ref, answer_ref)
        paths[f"/{name}"] = {"post": post, "options": preflight()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "teamkit",
            "version": "1",
            "description": "Team membership for Firebase apps: the HTTP functions. Every "
            "function takes a POST with a JSON body and a Firebase ID token (previewInvite needs "
            'none; Stripe signs its webhook deliveries instead); errors are `{"error": '
            '{"status", "reason", "message", "details"}}`: a status and a reason from one closed '
            "list. Timestamps in answers are "
            "ISO 8601 strings in UTC; in Firestore documents (the *Document schemas) they are "
            "Firestore Timestamps (`x-firestore-type: timestamp`).",
        },
        "servers": [
            {
                "url": "https://{region}-{projectId}.cloudfunctions.net",
                "variables": {
                    "region": {"default": "us-central1"},
                    "projectId": {"default": "your-project"},
                },
            },
            {"url": "http://127.0.0.1:5001/demo-teamkit/us-central1"},
        ],
        "security": [{"firebaseIdToken": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": shared_responses(),
            "securitySchemes": {
                "firebaseIdToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


def rendered() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _home(secret: Any) -> str:
    """The config module declaring `secret` (by convention, under the param's own name)."""
    (home,) = {
        name
        for name, module in list(sys.modules.items())
        if name.startswith("teamkit")
        and name.endswith("config")
        and getattr(module, secret.name, None) is secret
    }
    return home


def _secrets(names: list[str]) -> str:
    return f"({', '.join(names)}{',' * (len(names) == 1)})" if names else "()"


def rendered_routes() -> str:
    """`teamkit/routes.py`: each function's area and secrets, imports of the secrets only."""
    homes: dict[str, set[str]] = {}
    for endpoint in ENDPOINTS.values():
        for secret in endpoint.secrets:
            homes.setdefault(_home(secret), set()).add(secret.name)
    imports = [
        f"from {home} import {', '.join(sorted(names))}" for home, names in sorted(homes.items())
    ]
    lines = [
        f'    "{name}": ("{endpoint.call.__module__.split(".")[1]}", '
        f"{_secrets([secret.name for secret in endpoint.secrets])}),"
        for name, endpoint in sorted(ENDPOINTS.items())
    ]
    return "\n".join(
        [
            '"""Which area serves each HTTP function, and the secrets its instance needs: what',
            "`main.py` declares and `teamkit.http` routes by, without importing any area's",
            "endpoints (pydantic, the use cases) at cold start. Generated from the areas' endpoint",
            "tables by `python -m devtools.openapi`; do not edit (a test fails while it is stale).",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from firebase_functions.params import SecretParam",
            "",
            *imports,
            "",
            "ROUTES: dict[str, tuple[str, tuple[SecretParam, ...]]] = {",
            *lines,
            "}",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if a generated file is stale")
    args = parser.parse_args(argv)
    generated = {DOCUMENT: rendered(), ROUTES: rendered_routes()}
    if args.check:
        stale = [
            path
            for path, fresh in generated.items()
            if not path.exists() or path.read_text() != fresh
        ]
        for path in stale:
            sys.stderr.write(f"{path.relative_to(ROOT)} is stale: run python -m devtools.openapi\n")
        return 1 if stale else 0
    for path, fresh in generated.items():
        path.write_text(fresh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
