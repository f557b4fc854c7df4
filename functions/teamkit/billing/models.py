"""Request bodies of the billing functions (strict, extra fields forbidden, like the others)."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from teamkit.models import TeamBody, Url

PriceId = Annotated[
    str, StringConstraints(min_length=1, max_length=255, pattern=r"\A[A-Za-z0-9_\-.:]+\Z")
]


class CheckoutBody(TeamBody):
    priceId: PriceId
    successUrl: Url
    cancelUrl: Url


class PortalBody(TeamBody):
    returnUrl: Url


class OverviewBody(TeamBody):
    pass
