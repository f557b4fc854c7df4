"""Hypothesis strategies for requests to the HTTP functions: any method, headers and tokens, and
bodies derived from each function's pydantic model (its JSON schema) that are valid, nearly
valid or garbage.

Values are drawn from the test world (real team ids, uids, emails, invite ids, ID tokens of
every role) as often as from thin air, so that many requests get past validation and reach the
use cases and Firestore, where the interesting failures live. Hostile values (huge and unicode
strings, reserved Firestore ids, wrong types, lone surrogates) are mixed into every field.

Strategies are built once per world (`strategies_for`) and only drawn from afterwards: building
them inside a draw costs more than sending the request.
"""

from __future__ import annotations

import functools
import itertools
import json
import string
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, get_args

from hypothesis import strategies as st

from devtools.fakes.stripe_events import sign
from devtools.rules_client import unsigned_jwt
from teamkit.billing.ledger import HANDLED_EVENTS
from teamkit.documents import SubscriptionStatus
from teamkit.endpoint_table import ENDPOINTS
from teamkit.endpoints import JSON_BODY_LIMIT, WEBHOOK_BODY_LIMIT, DocumentId, Email, Url
from teamkit.membership.endpoints import ChangeMemberRolesBody
from teamkit.paths import MAX_ID_BYTES
from teamkit.roles import Role
from teamkit.teams.endpoints import UpdateTeamBody
from tests.support.in_process import WEBHOOK, RawRequest

T = TypeVar("T")


def declared(constraints: Iterable[object], bound: str) -> int:
    """The bound (`le`, `max_length`) among a field's or type's pydantic constraints: the
    fuzzer probes around the limits the code declares instead of copies of them."""
    for constraint in constraints:
        value = getattr(constraint, bound, None)
        if isinstance(value, int):
            return value
    raise LookupError(f"no {bound} among {constraints}")


MAX_ID_CHARS = declared(get_args(DocumentId)[1:], "max_length")
MAX_EMAIL = declared(get_args(Email)[1:], "max_length")
MAX_URL = declared(get_args(Url)[1:], "max_length")
MAX_SEATS = declared(UpdateTeamBody.model_fields["seatLimit"].metadata, "le")
MAX_DOMAINS = declared(UpdateTeamBody.model_fields["allowedDomains"].metadata, "max_length")
MAX_CHANGES = declared(ChangeMemberRolesBody.model_fields["changes"].metadata, "max_length")

OTHER_METHODS = ("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
HOSTILE_STRINGS = (
    "",
    " ",
    "\x00",
    "\ud800",  # a lone surrogate: no valid UTF-8, only a JSON escape
    "__reserved__",
    "__",
    ".",
    "..",
    "...",
    "a/b",
    "/",
    "é" * 128,
    "😀" * 129,
    "x" * 129,
    "\u202eevil",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "${jndi:ldap://x}",
    "null",
    "NaN",
    "\n\t",
    "ＡＢＣ@ｘ.ｉｏ",
    "__a\nb__",  # reserved across a line break: slipped past a `$`-anchored pattern (a 500)
    "__\n__",
    "a\n",
    "\r\n",
    "\x7f",
    "\x1b[31m",
)
PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class FuzzWorld:
    """What requests may refer to: real ids and tokens of a small team world. The first team
    id is the team every role belongs to; it and the first tokens are drawn most often."""

    project: str
    team_ids: tuple[str, ...]
    uids: tuple[str, ...]
    emails: tuple[str, ...]
    invite_ids: tuple[str, ...]
    invite_tokens: tuple[str, ...]
    id_tokens: tuple[str, ...]
    customer_ids: tuple[str, ...]
    price_ids: tuple[str, ...]
    webhook_secret: str


def weighted(*choices: tuple[st.SearchStrategy[Any], int]) -> st.SearchStrategy[Any]:
    """One of `choices`, each picked in proportion to its weight (`st.one_of` would merge the
    repeated branches and pick each strategy equally often)."""
    pool = [strategy for strategy, weight in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


CONTROL = st.characters(codec=None, categories=["Cc"])
"""Control characters: NUL, newlines, tabs, escapes, DEL and the C1 range."""

WITH_CONTROLS = st.text(st.one_of(CONTROL, st.characters(codec="ascii")), min_size=1, max_size=12)
"""Short text dense in control characters."""


def _reserved(middle: str) -> str:
    return f"__{middle}__"


def _with_control(drawn: tuple[str, str, int]) -> str:
    """`text` with a control character put at `at` (clamped): start, middle or end."""
    text, control, at = drawn
    at = max(0, min(at, len(text)))
    return text[:at] + control + text[at:]


RESERVED_IDS = weighted(
    (
        st.sampled_from(
            [".", "..", "__", "____", "__.__", "/", "a/b", "__x__", "x" * (MAX_ID_BYTES + 1)]
        ),
        3,
    ),
    (WITH_CONTROLS.map(_reserved), 3),  # reserved forms holding newlines and other controls
    (st.text(max_size=8).map(_reserved), 1),
    (
        st.tuples(st.sampled_from([".", "..", "__x__"]), CONTROL, st.integers(0, 5)).map(
            _with_control
        ),
        1,
    ),
    # at and past the longest id in characters and in bytes
    (st.integers(MAX_ID_CHARS - 8, MAX_ID_BYTES + 100).map(lambda n: "i" * n), 1),
)
"""Ids Firestore reserves or refuses: '.', '..', `__...__` (also across lines), '/', too long."""


def _repeat(pair: tuple[str, int]) -> str:
    return pair[0] * pair[1]


TEXTS = weighted(
    (st.text(max_size=40), 4),
    (st.sampled_from(HOSTILE_STRINGS), 3),
    (WITH_CONTROLS, 1),
    (RESERVED_IDS, 1),
    (st.tuples(st.text(min_size=1, max_size=3), st.integers(50, 3000)).map(_repeat), 1),
)
"""Short text of any script, hostile strings, control characters, Firestore-reserved forms,
long or huge repetitions."""

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXTS,
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value (of the wrong type for most fields)."""


NAMES = st.text(string.ascii_letters + " éü-", min_size=1, max_size=30).filter(str.strip)
"""Plausible team and person names."""


def words(prefix: str = "", *, min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(ALNUM, min_size=min_size, max_size=max_size).map(lambda word: prefix + word)


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The value, mostly; sometimes another JSON value instead."""
    return weighted((value, 6), (JSON_VALUES, 1))


def one_of_pool(pool: Sequence[str]) -> st.SearchStrategy[str]:
    """Mostly the world's values (the first one twice as often), else made-up ones: words,
    any text, reserved forms, and real values with a control character inside or around."""
    real = weighted((st.just(pool[0]), len(pool)), (st.sampled_from(list(pool)), len(pool)))
    tainted = st.tuples(real, CONTROL, st.integers(-1, 40)).map(_with_control)
    return weighted((real, 6), (words(), 1), (TEXTS, 1), (RESERVED_IDS, 1), (tainted, 1))


def encoded(value: Any, *, ascii_only: bool) -> bytes:
    """JSON bytes; non-ASCII text either escaped or written as UTF-8 (lone surrogates then
    become bytes no UTF-8 decoder accepts, which is the point)."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def _padded(size: int) -> bytes:
    """A body of `size` bytes: a JSON object padded with spaces (past the limit: 413)."""
    head = b'{"name": "padded"'
    return head + b" " * max(0, size - len(head) - 1) + b"}"


@dataclass(frozen=True)
class BodySchema:
    """A body model's JSON schema, with its `$defs` to resolve references."""

    schema: dict[str, Any]

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return dict(self.schema.get("$defs", {})[ref.rsplit("/", 1)[-1]])
        return schema


class Strategies:
    """Every strategy the fuzzers draw from, built once for a world."""

    def __init__(self, world: FuzzWorld) -> None:
        self.world = world
        self.emails = weighted(
            (st.sampled_from(list(world.emails)), 2),
            (st.sampled_from(list(world.emails)).map(lambda e: f"  {e.upper()} "), 1),
            (st.tuples(words(), words()).map(lambda p: f"{p[0]}@{p[1].lower()}.io"), 3),
            (st.sampled_from(["a@b", "@x.io", "x@", "a@@x.io", "a b@x.io", "用户@例子.广告"]), 1),
            (st.integers(MAX_EMAIL - 20, MAX_EMAIL + 80).map(lambda n: "a" * n + "@x.io"), 1),
            (TEXTS, 1),
        )
        self.roles = weighted(
            (st.sampled_from([role.value for role in Role]), 6),
            (st.sampled_from(["god", "OWNER", "Owner", " owner", "superAdmin", ""]), 1),
            (TEXTS, 1),
        )
        self.urls = weighted(
            (st.sampled_from(["https://app.example/done", "http://localhost:5173/billing"]), 4),
            (st.sampled_from(["javascript:alert(1)", "ftp://x", "https://", "//evil.test"]), 1),
            (st.integers(MAX_URL - 18, MAX_URL + 52).map(lambda n: "https://x.io/" + "a" * n), 1),
            (TEXTS, 1),
        )
        uids = one_of_pool(world.uids)
        self.semantic: dict[str, st.SearchStrategy[Any]] = {
            "teamId": one_of_pool(world.team_ids),
            "uid": uids,
            "inviteId": one_of_pool(world.invite_ids),
            "token": one_of_pool(world.invite_tokens),
            "email": self.emails,
            "role": self.roles,
            "name": weighted((NAMES, 4), (st.text(max_size=30), 1), (TEXTS, 1)),
            "firstName": TEXTS,
            "lastName": TEXTS,
            "seatLimit": st.one_of(
                st.integers(-2, 12),
                st.sampled_from([MAX_SEATS - 1, MAX_SEATS, MAX_SEATS + 1, 2**63, -(2**63)]),
            ),
            "allowedDomains": st.lists(
                weighted((st.sampled_from(["x.io", "example.com", "Example.COM"]), 3), (TEXTS, 1)),
                max_size=3,
            )
            | st.integers(MAX_DOMAINS - 1, MAX_DOMAINS + 2).map(
                lambda n: [f"d{i}.io" for i in range(n)]
            ),
            "changes": weighted(
                (st.dictionaries(uids, self.roles, min_size=1, max_size=3), 8),
                (
                    st.integers(MAX_CHANGES - 2, MAX_CHANGES + 2).map(
                        lambda n: {f"u{i}": "member" for i in range(n)}
                    ),
                    1,
                ),
                (st.just({}), 1),
            ),
            "priceId": one_of_pool(world.price_ids),
            "successUrl": self.urls,
            "cancelUrl": self.urls,
            "returnUrl": self.urls,
        }
        self.headers = self._headers()
        self.webhook_requests = self._webhook_requests()

    # --- bodies ------------------------------------------------------------------------------

    def value_for(self, field: str, schema: dict[str, Any], shapes: BodySchema) -> Any:
        """A value for one field: meaningful for its name, else of its schema's type; now and
        then of any type."""
        fitting = self.semantic.get(field)
        if fitting is None:
            fitting = self._from_schema(shapes.resolve(schema), shapes)
        return weighted((fitting, 12), (JSON_VALUES, 1))

    def _from_schema(self, schema: dict[str, Any], shapes: BodySchema) -> st.SearchStrategy[Any]:
        if "anyOf" in schema:
            return st.one_of(
                [self._from_schema(shapes.resolve(s), shapes) for s in schema["anyOf"]]
            )
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if kind == "array":
            items = self._from_schema(shapes.resolve(schema.get("items", {})), shapes)
            most = schema.get("maxItems", 4)
            # Lists at and past the limit repeat one item: cheap to build and to refuse.
            return weighted(
                (st.lists(items, min_size=1, max_size=3), 8),
                (st.just([]), 1),
                (st.tuples(items, st.sampled_from([most, most + 1])).map(_repeated), 1),
            )
        if kind == "object" and "properties" in schema:
            return self.objects(schema, shapes)
        simple: dict[str, st.SearchStrategy[Any]] = {
            "string": TEXTS,
            "integer": st.integers(schema.get("minimum", -10) - 2, schema.get("maximum", 10) + 2),
            "null": st.none(),
        }
        return simple.get(str(kind), JSON_VALUES)

    def objects(self, schema: dict[str, Any], shapes: BodySchema) -> st.SearchStrategy[Any]:
        """Objects of a schema: required fields present, optional ones sometimes; one in four
        loses a required field, gains an unknown one or gets a field of another type."""
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        values = {field: self.value_for(field, s, shapes) for field, s in properties.items()}
        optional = [field for field in properties if field not in required]
        # Bodies name the required fields and one or two optional ones (or all): what the
        # models' "send this or that" rules accept, and what they refuse.
        chosen = [
            (*sorted(required), *extra)
            for extra in [
                *itertools.combinations(optional, 1),
                *itertools.combinations(optional, 2),
                tuple(optional),
                (),
            ]
        ]
        fitting = st.sampled_from(list(dict.fromkeys(chosen))).flatmap(
            lambda fields: st.fixed_dictionaries({field: values[field] for field in fields})
        )
        mutated = st.tuples(
            fitting, st.integers(0, 2), st.text(min_size=1, max_size=12), JSON_VALUES
        ).map(_mutate)
        return weighted((fitting, 3), (mutated, 1))

    @functools.cache  # noqa: B019  (one instance per world, kept for the session)
    def bodies(self, name: str) -> st.SearchStrategy[bytes]:
        body = ENDPOINTS[name].body
        assert body is not None, f"{name} takes raw bytes (requests_to sends the webhook's)"
        shapes = BodySchema(body.model_json_schema())
        objects = self.objects(shapes.schema, shapes)
        valid = st.tuples(objects, st.booleans()).map(lambda p: encoded(p[0], ascii_only=p[1]))
        garbage = st.one_of(
            st.binary(max_size=64),
            st.just(b""),
            JSON_VALUES.map(lambda v: encoded([v], ascii_only=True)),
            SCALARS.map(lambda v: encoded(v, ascii_only=True)),
            valid.map(lambda b: b[: len(b) // 2]),  # truncated
            valid.map(lambda b: b"\xef\xbb\xbf" + b),  # a byte order mark
            valid.map(lambda b: b.decode("utf-8", "replace").encode("utf-16")),
            st.integers(1, 5000).map(lambda n: b"[" * n + b"]" * n),  # deep nesting
            st.integers(1, 3000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
            st.just(b'{"name": NaN, "teamId": Infinity}'),
            st.just(b'{"teamId": "a", "teamId": "b"}'),
            st.integers(JSON_BODY_LIMIT - 64, JSON_BODY_LIMIT + 4096).map(_padded),
        )
        return weighted((valid, 6), (garbage, 1))

    # --- headers and tokens ------------------------------------------------------------------

    def _forged_tokens(self) -> st.SearchStrategy[str]:
        """Unsigned tokens with made-up claims: of another project, without subject, or naming
        a user who has no account (the emulator's verifier trusts unsigned tokens of its own
        project; production's does not)."""
        now = int(time.time())
        issuer = f"https://securetoken.google.com/{self.world.project}"
        claims = st.fixed_dictionaries(
            {
                "iss": st.sampled_from([issuer, issuer, "https://evil.test"]),
                "aud": st.sampled_from([self.world.project, self.world.project, "demo-other"]),
                "iat": st.just(now),
                "exp": st.sampled_from([now + 3600, now - 3600]),
            },
            optional={
                "sub": weighted((words(max_size=28), 6), (st.text(max_size=10), 1), (SCALARS, 1)),
                "email": self.emails,
                "email_verified": st.booleans(),
                "superAdmin": st.sampled_from([True, "true", 1]),
            },
        )
        return claims.map(unsigned_jwt)

    def _authorizations(self) -> st.SearchStrategy[str | None]:
        """The Authorization header: valid ID tokens of every kind of user, mangled ones,
        forged ones, other schemes, or none."""
        tokens = list(self.world.id_tokens)
        valid = weighted((st.sampled_from(tokens[:2]), 1), (st.sampled_from(tokens), 2))
        return weighted(
            (valid.map(lambda token: f"Bearer {token}"), 24),
            (valid.map(lambda token: f"bearer   {token} "), 1),
            (valid.map(lambda token: f"Bearer {token[:-7]}"), 1),
            (valid.map(lambda token: f"Bearer {token[:40]}x{token[41:]}"), 1),
            (self._forged_tokens().map(lambda token: f"Bearer {token}"), 2),
            (st.none(), 1),
            (st.sampled_from(["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token x"]), 1),
            (st.text(PRINTABLE, max_size=60).map(lambda t: f"Bearer {t}"), 1),
        )

    def _headers(self) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
        content_types = st.sampled_from(
            [
                *["application/json"] * 6,
                "application/json; charset=utf-8",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "",
            ]
        )
        origins = st.sampled_from(["", "", "https://app.example", "null", "http://evil.test"])
        extra = st.lists(st.tuples(words("X-", max_size=12), st.text(PRINTABLE)), max_size=1)
        return st.tuples(self._authorizations(), content_types, origins, extra).map(_headers)

    # --- requests ----------------------------------------------------------------------------

    @functools.cache  # noqa: B019  (one instance per world, kept for the session)
    def requests_to(self, name: str) -> st.SearchStrategy[RawRequest]:
        """Requests to the HTTP function `name`: mostly a POST with a token and a body that is
        nearly what the function expects."""
        if name == WEBHOOK:
            return self.webhook_requests
        methods = weighted((st.just("POST"), 12), (st.sampled_from(OTHER_METHODS), 1))
        lies = weighted((st.none(), 40), (st.integers(0, 64), 1))  # a client lying on its size
        return st.builds(RawRequest, methods, self.headers, self.bodies(name), lies)

    # --- the webhook -------------------------------------------------------------------------

    def _stripe_objects(self, event_type: str) -> st.SearchStrategy[dict[str, Any]]:
        """The object of an event, shaped like Stripe's and often almost right."""
        world = self.world
        customers = st.sampled_from(list(world.customer_ids))
        timestamps = st.integers(1_600_000_000, 2_000_000_000)
        ids = weighted((words(), 6), (TEXTS, 1), (SCALARS, 1))
        price = st.fixed_dictionaries(
            {
                "id": maybe(st.sampled_from([*world.price_ids, "price_unknown"])),
                "object": st.just("price"),
                "metadata": maybe(st.sampled_from([{}, {"seatBased": "true"}, {"seatLimit": "5"}])),
                "recurring": maybe(st.just({"interval": "month"})),
            }
        )
        item = st.fixed_dictionaries(
            {
                "id": ids.map(lambda i: f"si_{i}"),
                "quantity": maybe(st.integers(-1, 1000)),
                "current_period_end": maybe(timestamps),
                "price": maybe(price),
            }
        )
        optional = {
            "id": ids,
            "object": st.just(event_type.split(".", maxsplit=1)[0]),
            "customer": maybe(weighted((customers, 4), (ids, 1), (customers.map(_as_id), 1))),
            "status": maybe(st.sampled_from([*SubscriptionStatus, "paid", "open"])),
            "created": maybe(timestamps),
            "items": maybe(st.lists(item, max_size=2).map(lambda d: {"data": d})),
            "cancel_at_period_end": maybe(st.booleans()),
            "cancel_at": maybe(st.none() | timestamps),
            "metadata": maybe(one_of_pool(world.team_ids).map(lambda t: {"teamId": t})),
            "subscription": maybe(ids),
            "mode": maybe(st.sampled_from(["subscription", "payment"])),
            "client_reference_id": maybe(one_of_pool(world.team_ids)),
            "amount_due": maybe(st.integers(0, 10**6)),
            "parent": maybe(ids.map(lambda s: {"subscription_details": {"subscription": s}})),
        }
        return st.fixed_dictionaries({}, optional=optional)

    def _stripe_events(self) -> st.SearchStrategy[Any]:
        types = weighted(
            (st.sampled_from(sorted(HANDLED_EVENTS)), 6),
            (st.sampled_from(["customer.created", "invoice.created", ""]), 1),
        )

        def event_of(event_type: str) -> st.SearchStrategy[dict[str, Any]]:
            return st.fixed_dictionaries(
                {
                    "id": weighted((words("evt_"), 6), (TEXTS, 1), (SCALARS, 1)),
                    "object": st.just("event"),
                    "type": maybe(st.just(event_type)),
                    "created": maybe(st.integers(1_600_000_000, 2_000_000_000)),
                    "livemode": st.booleans(),
                    "data": maybe(self._stripe_objects(event_type).map(lambda o: {"object": o})),
                }
            )

        events = {event_type: event_of(event_type) for event_type in sorted(HANDLED_EVENTS)}
        fallback = event_of("customer.created")
        return types.flatmap(lambda event_type: events.get(event_type, fallback))

    def _webhook_requests(self) -> st.SearchStrategy[RawRequest]:
        """Deliveries to stripeWebhook: mostly validly signed events of every handled type with
        fields missing or mistyped; bad, stale or missing signatures; garbage."""
        secret = self.world.webhook_secret
        stale = int(time.time()) - 600
        signers: st.SearchStrategy[Callable[[bytes], str | None]] = weighted(
            (st.just(lambda body: sign(body, secret)), 8),
            (st.just(lambda body: None), 1),
            (st.just(lambda body: sign(body, "whsec_test_wrong")), 1),
            (st.just(lambda body: sign(body, secret, stale)), 1),
            (st.text(PRINTABLE, max_size=80).map(_constant), 1),
        )
        data = weighted(
            (self._stripe_events().map(lambda e: encoded(e, ascii_only=True)), 10),
            (self.bodies("getBillingOverview"), 1),
            (st.integers(WEBHOOK_BODY_LIMIT - 16, WEBHOOK_BODY_LIMIT + 64).map(_padded), 1),
        )
        methods = weighted((st.just("POST"), 12), (st.sampled_from(OTHER_METHODS), 1))
        return st.tuples(methods, data, signers).map(_signed_delivery)


def _mutate(drawn: tuple[dict[str, Any], int, str, Any]) -> dict[str, Any]:
    body, kind, extra_key, value = drawn
    body = dict(body)
    if kind == 0 and body:
        body.pop(sorted(body)[0])
    elif kind == 1 or not body:
        body[extra_key] = value
    else:
        body[sorted(body)[-1]] = value
    return body


def _repeated(drawn: tuple[Any, int]) -> list[Any]:
    return [drawn[0]] * drawn[1]


def _as_id(customer: str) -> dict[str, str]:
    return {"id": customer}


def _constant(text: str) -> Callable[[bytes], str | None]:
    return lambda body: text


def _headers(
    drawn: tuple[str | None, str, str, list[tuple[str, str]]],
) -> tuple[tuple[str, str], ...]:
    authorization, content_type, origin, extra = drawn
    sent = [("Authorization", authorization)] if authorization is not None else []
    if content_type:
        sent.append(("Content-Type", content_type))
    if origin:
        sent.append(("Origin", origin))
    return (*sent, *extra)


def _signed_delivery(drawn: tuple[str, bytes, Callable[[bytes], str | None]]) -> RawRequest:
    method, data, signer = drawn
    sent = [("Content-Type", "application/json")]
    signature = signer(data)
    if signature is not None:
        sent.append(("Stripe-Signature", signature))
    return RawRequest(method, tuple(sent), data)


@functools.cache
def strategies_for(world: FuzzWorld) -> Strategies:
    """The strategies of a world, built on first use."""
    return Strategies(world)


def requests_to(name: str, world: FuzzWorld) -> st.SearchStrategy[RawRequest]:
    """Generated requests to the HTTP function `name` (any of `HTTP_FUNCTIONS`)."""
    return strategies_for(world).requests_to(name)
