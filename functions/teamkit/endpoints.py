"""What the areas' endpoints (`<area>/endpoints.py`) share: the `Endpoint` entry, the `Body` and
`Answer` bases, body field types, and the bodies and answers of several areas.

Bodies check types and sizes; meaning (a valid address, an allowed domain) is the use cases'
job, so a bad address in a bulk invite fails only its own item. Handlers build plain dicts; the
test clients check every 2xx answer against its model. Timestamps are ISO 8601 in UTC (`...Z`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import reduce
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, StringConstraints, WithJsonSchema, create_model

from teamkit.documents import DomainProof, Member, Stored, Team, answered_fields

if TYPE_CHECKING:
    from firebase_functions.params import SecretParam
    from google.cloud.firestore import Client

Payload = dict[str, Any]

JSON_BODY_LIMIT = 64 * 1024
WEBHOOK_BODY_LIMIT = 1024 * 1024
"""Stripe events are larger than API requests (an invoice with many lines); 1 MiB is ample."""

# Firestore document ids: no '/', not '.' or '..', not `__.*__` (reserved); Firebase uids have
# at most 128 characters. Python patterns anchor with \A and \Z: `$` also matches before a final
# newline, and `.` stops at one ([\s\S] does not), which let "__a\nb__" through to Firestore (a
# 500). Control characters are refused as well: no id teamkit or Firebase issues holds one. The
# JSON schema (docs/openapi.json) states the same rule in ECMA-262 syntax, where `$` is the end.
DocumentId = Annotated[
    str,
    StringConstraints(
        min_length=1,
        max_length=128,
        pattern=r"\A(?!\.\.?\Z)(?!__[\s\S]*__\Z)[^/\x00-\x1f\x7f]+\Z",
    ),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "pattern": r"^(?!\.\.?$)(?!__[\s\S]*__$)[^/\x00-\x1f\x7f]+$",
        }
    ),
]
Email = Annotated[str, StringConstraints(min_length=1, max_length=320)]
Name = Annotated[str, StringConstraints(max_length=200)]
PersonName = Annotated[str, StringConstraints(max_length=100)]
Domain = Annotated[str, StringConstraints(min_length=1, max_length=253)]
Token = Annotated[str, StringConstraints(min_length=1, max_length=512)]
Url = Annotated[str, StringConstraints(min_length=1, max_length=2048, pattern=r"^https?://")]
# A client-generated request key (crypto.randomUUID() in the SDK): URL-safe characters only,
# long enough to be unguessable by chance and short enough to hash cheaply.
RequestId = Annotated[
    str,
    StringConstraints(min_length=16, max_length=64, pattern=r"\A[A-Za-z0-9_-]+\Z"),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 16,
            "maxLength": 64,
            "pattern": "^[A-Za-z0-9_-]+$",
            "description": "Makes a repeat of this call (a retry after a lost answer) answer "
            "what the first call answered, for 24 hours, instead of doing it again. The same "
            "requestId with another body is refused (REQUEST_ID_REUSED). Optional.",
        }
    ),
]


class Body(BaseModel):
    """Base of every request body: strict JSON, no extra fields (built on first use, like the
    document models)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, regex_engine="python-re", defer_build=True
    )


class Repeatable(Body):
    """A body of a call whose repeat would create or send something again: an optional
    `requestId` makes repeats safe (teamkit.idempotency)."""

    requestId: RequestId | None = None


class TeamBody(Body):
    teamId: DocumentId


class Answer(BaseModel):
    """Base of every success answer: no field beyond those declared (built on first use)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Empty(Answer):
    """`{}`: done, nothing to report."""


AnswerType = TypeVar("AnswerType", bound=Answer)

_MIRRORS: dict[type[BaseModel], type[Answer]] = {}
"""The answer mirroring each document model, for the document models inside another."""

_MIRRORED: dict[type[Answer], dict[str, str]] = {}
"""Per answer that shows part of a document, its fields and the document fields they show."""


def _as_answered(annotation: Any) -> Any:
    """A document field's type as its answer carries it: timestamps as plain datetimes (ISO
    strings in JSON, not Firestore Timestamps) and document models as their mirrors."""
    if annotation in _MIRRORS:
        return _MIRRORS[annotation]
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _as_answered(args[0])
    if not args:
        return annotation
    answered = tuple(map(_as_answered, args))
    if origin in (Union, UnionType):
        return reduce(operator.or_, answered)
    return origin[answered]


def mirrors(
    document: type[Stored], *only: str, **renamed: str
) -> Callable[[type[AnswerType]], type[AnswerType]]:
    """Makes the decorated answer the JSON of `document` (`Stored.to_json`): it gains the
    document's answered fields (`answered_fields`) under their stored names, each required
    (null where the document has none), besides the fields it declares itself (its id, the
    secrets shown once, or a field the published schema has with a default or narrower).

    An answer that shows part of the document names the fields it shows (`only`, by their
    Python names; `renamed`: answer name=Python name, where the published name differs), and
    `mirrored` fills them from the document."""
    if unknown := {*only, *renamed.values()} - document.model_fields.keys():
        raise TypeError(f"not fields of {document.__name__}: {sorted(unknown)}")

    def mirror(answer: type[AnswerType]) -> type[AnswerType]:
        shown = {
            field.alias or name: name
            for name, field in answered_fields(document).items()
            if not (only or renamed) or name in only
        } | renamed
        fields: Any = {
            key: (_as_answered(document.model_fields[name].annotation), ...)
            for key, name in shown.items()
            if key not in answer.model_fields
        }
        mirrored = create_model(
            answer.__name__,
            __base__=answer,
            __doc__=answer.__doc__,
            __module__=answer.__module__,
            **fields,
        )
        if only or renamed:
            _MIRRORED[mirrored] = shown
        else:
            _MIRRORS[document] = mirrored
        return mirrored

    return mirror


def mirrored(answer: type[Answer], source: object) -> Payload:
    """The fields `answer` shows of a document (`mirrors(document, *only)`), read off `source`:
    the document, or a use case's result that names them as the document does."""
    return {key: getattr(source, name) for key, name in _MIRRORED[answer].items()}


@mirrors(DomainProof)
class DomainProofAnswer(Answer):
    """Who proved a domain for the team, when, and how."""


@mirrors(Team)
class TeamAnswer(Answer):
    """The team document without `billing` (getBillingOverview answers that)."""

    teamId: str


@mirrors(Member)
class MemberAnswer(Answer):
    pass


@dataclass(frozen=True)
class Visitor:
    """Who calls a public function (no ID token): known by IP address only, and by the
    signature header it sent when the function takes signed deliveries (the webhook)."""

    ip: str
    signature: str | None = None


class Repeat(StrEnum):
    """What a repeat of a call does. A client that cannot tell whether its call arrived (the
    connection dropped, a proxy answered 502 or 504) may retry only a call whose repeat is
    harmless: `docs/openapi.json` says which (`x-idempotent`, `x-idempotency-key`), and the SDK
    retries by it. Every entry states its own, so a new function must decide."""

    SAFE = "safe"
    """A repeat changes nothing the first call did not: reads, and calls that bring something
    to a stated state (rename to X, revoke, remove, set a role); a repeat may answer that it
    is already so (a 404 for a member removed by the first call)."""
    REQUEST_ID = "requestId"
    """A repeat would create or send something again (a team, an invite and its email, a
    membership, a link, a Checkout Session): the body takes an optional `requestId`, and a
    repeat with it answers the first call's answer (`teamkit.idempotency`)."""


@dataclass(frozen=True)
class Endpoint:
    """One HTTP function: its body model (None: the raw bytes, for a signed delivery), the
    model of its success answer, its handler, whether success is 201 (it creates something)
    rather than 200, whether it is public (no ID token: previewInvite, the webhook), the
    header whose signature the handler verifies, the body size limit, the secrets its instance
    needs (`main.py` binds them), and whether the token must be checked against revocation: one
    Auth look-up (bench/RESULTS.md has its cost), spent by every function that changes state,
    so that a deleted or disabled account, or a revoked session, stops acting at once rather
    than when its ID token expires. Only reads skip it."""

    body: type[Body] | None
    answer: type[Answer]
    call: Callable[[Client, Any, Any], Payload | None]
    """(db, caller, body) -> the answer (None: `{}`); the caller is a `Visitor` when `public`."""
    check_revoked: bool = True
    public: bool = False
    created: bool = False
    signature_header: str | None = None
    body_limit: int = JSON_BODY_LIMIT
    summary: str = ""
    repeat: Repeat = field(kw_only=True)
    secrets: tuple[SecretParam, ...] = ()
    secret_fields: tuple[str, ...] = ()
    """Fields of the answer never stored for a repeat (a token): `replay` makes them anew."""
    replay: Callable[[Client, Any, Any, Payload], Payload] | None = None
    """(db, caller, body, the stored answer) -> the answer to a repeat, when it must hold
    fresh `secret_fields`; None: the stored answer as it is."""

    def __post_init__(self) -> None:
        takes_request_id = self.body is not None and issubclass(self.body, Repeatable)
        if takes_request_id != (self.repeat is Repeat.REQUEST_ID):
            raise TypeError(
                f"{self.summary}: a body takes a requestId (Repeatable) exactly when its "
                "repeat would create something (Repeat.REQUEST_ID)."
            )

    @property
    def success(self) -> int:
        """The HTTP status of a success answer."""
        return 201 if self.created else 200
