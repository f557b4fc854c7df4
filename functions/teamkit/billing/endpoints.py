"""The billing HTTP functions as `teamkit.api` endpoints: unpack the body, call the use case,
shape the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamkit.billing import models
from teamkit.billing.checkout import create_checkout_session
from teamkit.billing.config import billing_settings
from teamkit.billing.gateway import default_gateway
from teamkit.billing.overview import get_billing_overview
from teamkit.billing.portal import create_billing_portal_session

if TYPE_CHECKING:
    from google.cloud.firestore import Client

    from teamkit.api import Reply
    from teamkit.auth import Caller


def checkout(db: Client, caller: Caller, body: models.CheckoutBody) -> Reply:
    url = create_checkout_session(
        db,
        caller,
        body.teamId,
        price_id=body.priceId,
        success_url=body.successUrl,
        cancel_url=body.cancelUrl,
        gateway=default_gateway,
        settings=billing_settings(),
    )
    return 200, {"url": url}


def portal(db: Client, caller: Caller, body: models.PortalBody) -> Reply:
    url = create_billing_portal_session(
        db, caller, body.teamId, return_url=body.returnUrl, gateway=default_gateway
    )
    return 200, {"url": url}


def overview(db: Client, caller: Caller, body: models.OverviewBody) -> Reply:
    return 200, get_billing_overview(
        db, caller, body.teamId, gateway=default_gateway, settings=billing_settings()
    )
