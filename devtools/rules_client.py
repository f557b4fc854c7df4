"""Talking to the Firestore emulator as a client app would: through its REST API, as a given
user, so that the project's security rules decide (the server client bypasses them).

A user is an `Identity`, sent as an unsigned test token (an `alg: none` JWT, which the emulator
accepts, so claims such as `superAdmin` and `email_verified` are set directly), or a raw Auth
emulator ID token. `None` is a signed-out client. Every call answers an `Outcome`: 200 is
allowed, 403 is denied, and anything else raises, so a mistyped request never passes for a
denial.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

DENIED = 403
ALLOWED = 200
OPERATORS = {
    "==": "EQUAL",
    "!=": "NOT_EQUAL",
    "<": "LESS_THAN",
    "<=": "LESS_THAN_OR_EQUAL",
    ">": "GREATER_THAN",
    ">=": "GREATER_THAN_OR_EQUAL",
    "in": "IN",
    "array-contains": "ARRAY_CONTAINS",
}


@dataclass(frozen=True)
class Identity:
    """The claims of a signed-in user's ID token."""

    uid: str
    email: str | None = None
    email_verified: bool = True
    super_admin: bool = False

    def claims(self, project: str) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": f"https://securetoken.google.com/{project}",
            "aud": project,
            "auth_time": now,
            "iat": now,
            "exp": now + 3600,
            "sub": self.uid,
            "user_id": self.uid,
            "firebase": {
                "sign_in_provider": "password",
                "identities": {"email": [self.email]} if self.email else {},
            },
        }
        if self.email is not None:
            claims["email"] = self.email
            claims["email_verified"] = self.email_verified
        if self.super_admin:
            claims["superAdmin"] = True
        return claims

    def token(self, project: str) -> str:
        """An unsigned ID token: the emulator reads its claims without checking a signature."""
        return unsigned_jwt(self.claims(project))


def unsigned_jwt(claims: Mapping[str, Any]) -> str:
    """A JWT without signature (`alg: none`): what the emulators accept, and what a forger would
    send to production (where it fails verification)."""
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}))
    return f"{header}.{_b64(json.dumps(claims, ensure_ascii=True))}."


# Who a request is sent as: an identity, a raw ID token, or nobody (signed out).
Caller = Identity | str | None


@dataclass(frozen=True)
class Query:
    """A structured query: `collection` under `parent` ('' for the root), or every collection
    of that name when `group` is set (a collection-group query)."""

    collection: str
    parent: str = ""
    group: bool = False
    where: tuple[tuple[str, str, Any], ...] = ()
    order_by: tuple[tuple[str, str], ...] = ()
    limit: int | None = None

    def structured(self) -> dict[str, Any]:
        query: dict[str, Any] = {
            "from": [{"collectionId": self.collection, "allDescendants": self.group}]
        }
        filters = [
            {
                "fieldFilter": {
                    "field": {"fieldPath": path},
                    "op": OPERATORS[op],
                    "value": encode(value),
                }
            }
            for path, op, value in self.where
        ]
        if len(filters) == 1:
            query["where"] = filters[0]
        elif filters:
            query["where"] = {"compositeFilter": {"op": "AND", "filters": filters}}
        if self.order_by:
            query["orderBy"] = [
                {"field": {"fieldPath": path}, "direction": direction.upper() + "ENDING"}
                for path, direction in self.order_by
            ]
        if self.limit is not None:
            query["limit"] = self.limit
        return query


@dataclass(frozen=True)
class Outcome:
    """What the rules decided, and what came back when they allowed it."""

    status: int
    body: Any = field(repr=False)

    @property
    def allowed(self) -> bool:
        return self.status == ALLOWED

    @property
    def paths(self) -> list[str]:
        """The documents a query returned, as paths relative to the database root."""
        rows = self.body if isinstance(self.body, list) else []
        return [_relative(row["document"]["name"]) for row in rows if "document" in row]


class RulesClient:
    """Reads and writes through the emulator's REST API, under the security rules."""

    def __init__(self, documents_url: str, project: str) -> None:
        self.documents_url = documents_url
        self.project = project
        self.database = f"projects/{project}/databases/(default)/documents"
        self.session = requests.Session()
        self.writes_allowed = 0

    def get(self, caller: Caller, path: str) -> Outcome:
        return self._send("GET", f"{self.documents_url}/{path}", caller)

    def query(self, caller: Caller, query: Query) -> Outcome:
        parent = f"{self.documents_url}/{query.parent}" if query.parent else self.documents_url
        return self._send(
            "POST", f"{parent}:runQuery", caller, {"structuredQuery": query.structured()}
        )

    def create(
        self,
        caller: Caller,
        path: str,
        fields: Mapping[str, Any],
        *,
        server_timestamps: Iterable[str] = (),
    ) -> Outcome:
        """Create a document that must not exist yet (like the SDKs' `add` and `create`)."""
        write = self._update_write(path, fields, mask=None, server_timestamps=server_timestamps)
        write["currentDocument"] = {"exists": False}
        return self.commit(caller, [write])

    def set(self, caller: Caller, path: str, fields: Mapping[str, Any]) -> Outcome:
        """Write the whole document, whether it exists or not (like the SDKs' `set`)."""
        return self.commit(caller, [self._update_write(path, fields, mask=None)])

    def update(
        self,
        caller: Caller,
        path: str,
        fields: Mapping[str, Any],
        *,
        server_timestamps: Iterable[str] = (),
        delete: Sequence[str] = (),
    ) -> Outcome:
        """Change the given fields of an existing document (like the SDKs' `update`)."""
        write = self._update_write(
            path, fields, mask=[*fields, *delete], server_timestamps=server_timestamps
        )
        write["currentDocument"] = {"exists": True}
        return self.commit(caller, [write])

    def delete(self, caller: Caller, path: str) -> Outcome:
        return self.commit(caller, [{"delete": f"{self.database}/{path}"}])

    def commit(self, caller: Caller, writes: list[dict[str, Any]]) -> Outcome:
        outcome = self._send("POST", f"{self.documents_url}:commit", caller, {"writes": writes})
        if outcome.allowed:
            self.writes_allowed += 1
        return outcome

    def _update_write(
        self,
        path: str,
        fields: Mapping[str, Any],
        *,
        mask: list[str] | None,
        server_timestamps: Iterable[str] = (),
    ) -> dict[str, Any]:
        write: dict[str, Any] = {
            "update": {
                "name": f"{self.database}/{path}",
                "fields": {key: encode(value) for key, value in fields.items()},
            }
        }
        if mask is not None:
            write["updateMask"] = {"fieldPaths": list(mask)}
        transforms = [
            {"fieldPath": key, "setToServerValue": "REQUEST_TIME"} for key in server_timestamps
        ]
        if transforms:
            write["updateTransforms"] = transforms
        return write

    def _send(
        self, method: str, url: str, caller: Caller, body: dict[str, Any] | None = None
    ) -> Outcome:
        headers = {}
        if caller is not None:
            token = caller if isinstance(caller, str) else caller.token(self.project)
            headers["Authorization"] = f"Bearer {token}"
        response = self.session.request(method, url, json=body, headers=headers, timeout=30)
        try:
            parsed: Any = response.json()
        except ValueError:
            parsed = response.text
        if response.status_code not in (ALLOWED, DENIED):
            raise RuntimeError(f"{method} {url} answered {response.status_code}: {parsed}")
        return Outcome(response.status_code, parsed)


SCALARS: tuple[tuple[type, str, Callable[[Any], Any]], ...] = (
    (bool, "booleanValue", bool),  # before int: a bool is an int in Python
    (int, "integerValue", str),
    (float, "doubleValue", float),
    (str, "stringValue", str),
)


def encode(value: Any) -> dict[str, Any]:
    """A Python value as a Firestore REST `Value`."""
    if value is None:
        return {"nullValue": None}
    for kind, name, convert in SCALARS:
        if isinstance(value, kind):
            return {name: convert(value)}
    if isinstance(value, datetime):
        moment = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return {"timestampValue": moment}
    if isinstance(value, Mapping):
        return {"mapValue": {"fields": {key: encode(item) for key, item in value.items()}}}
    if isinstance(value, list | tuple):
        return {"arrayValue": {"values": [encode(item) for item in value]}}
    raise TypeError(f"cannot encode {type(value).__name__} as a Firestore value")


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def _relative(name: str) -> str:
    return name.split("/documents/", 1)[1]


def load_rules(firestore_host: str, project: str, rules: str) -> None:
    """Replace the rules a running Firestore emulator enforces for `project` (tests load others
    than firestore.rules, then put it back); rules that do not compile raise, with the
    emulator's message."""
    body = {"rules": {"files": [{"content": rules}]}}
    url = f"http://{firestore_host}/emulator/v1/projects/{project}:securityRules"
    answer = requests.put(url, json=body, timeout=30)
    if not answer.ok:
        raise ValueError(f"the emulator refused the rules ({answer.status_code}): {answer.text}")


class RulesCoverage:
    """The emulator's rules coverage report, read as "which documents did the rules fetch".

    Loading the rules again (same text) empties the report, so `reset()`, one request, then
    `documents_read()` gives the documents that request's rule evaluation read with get():
    what Firestore bills as extra reads (each distinct document once per request). The project's
    rules use get() only; exists() results carry no path and are not counted.
    """

    def __init__(self, firestore_host: str, project: str, rules: str) -> None:
        self.firestore_host = firestore_host
        self.project = project
        self.rules = rules

    def reset(self) -> None:
        load_rules(self.firestore_host, self.project, self.rules)

    def documents_read(self) -> set[str]:
        url = f"http://{self.firestore_host}/emulator/v1/projects/{self.project}:ruleCoverage"
        report = requests.get(url, timeout=30).json()
        source = report["rules"]["files"][0]["content"]
        read: set[str] = set()

        def walk(nodes: list[dict[str, Any]]) -> None:
            for node in nodes:
                position = node["sourcePosition"]
                expression = source[position["currentOffset"] : position["endOffset"]]
                if expression.startswith("get("):
                    for seen in node.get("values", []):
                        read.update(_fetched_paths(seen.get("value", {})))
                walk(node.get("children", []))

        walk(report.get("report", []))
        return read


def _fetched_paths(value: dict[str, Any]) -> list[str]:
    """The document a get() evaluation fetched: its `__name__`, or for a missing document the
    path named in the error (a read all the same)."""
    name = value.get("mapValue", {}).get("fields", {}).get("__name__", {}).get("pathValue")
    if name is not None:
        return ["/".join(segment["simple"] for segment in name["segments"][3:])]
    message = value.get("undefined", {}).get("causeMessage", "")
    if "Function: [get]" in message:
        segments = re.findall(r'simple: "([^"]*)"', message)
        return ["/".join(segments[3:])]
    return []
