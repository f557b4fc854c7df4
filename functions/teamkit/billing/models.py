"""Request bodies of the billing functions (strict, extra fields forbidden, like the others)."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints, WithJsonSchema

from teamkit.models import Repeatable, TeamBody, Url

# \A...\Z: `$` would also match before a final newline (see teamkit.models.DocumentId); the
# JSON schema says the same in ECMA-262 syntax.
PriceId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255, pattern=r"\A[A-Za-z0-9_\-.:]+\Z"),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[A-Za-z0-9_\-.:]+$"}
    ),
]


class CheckoutBody(TeamBody, Repeatable):
    priceId: PriceId
    successUrl: Url
    cancelUrl: Url


class PortalBody(TeamBody):
    returnUrl: Url


class OverviewBody(TeamBody):
    pass
