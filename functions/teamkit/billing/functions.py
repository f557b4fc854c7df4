"""Entry points of the billing Cloud Functions that are not plain API endpoints: the Stripe
webhook and the trigger on team events. Cheap to import (`main.py` imports it at load time):
Firestore, pydantic and stripe load on first call."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import Response

from teamkit.errors import MethodNotAllowed, TeamsError
from teamkit.http import json_response, read_body

if TYPE_CHECKING:
    from flask import Request

logger = logging.getLogger(__name__)

WEBHOOK_BODY_LIMIT = 1024 * 1024
"""Stripe events are larger than API requests (an invoice with many lines); 1 MiB is ample."""


def serve_stripe_webhook(request: Request) -> Response:
    """Answer one delivery to `stripeWebhook`, in the contract's JSON error format."""
    from teamkit import db
    from teamkit.billing.config import billing_settings
    from teamkit.billing.gateway import default_gateway
    from teamkit.billing.webhook import handle_webhook

    try:
        if request.method != "POST":
            raise MethodNotAllowed("stripeWebhook accepts POST only.")
        payload = read_body(request, limit=WEBHOOK_BODY_LIMIT)
        answer = handle_webhook(
            db.client(),
            payload,
            request.headers.get("Stripe-Signature"),
            settings=billing_settings(),
            gateway=default_gateway,
        )
    except TeamsError as error:
        logger.info("stripeWebhook answered %s: %s", error.status.value, error.message)
        return json_response(error.http_status, error.to_json(), error=error)
    except Exception:
        logger.exception("stripeWebhook failed")
        internal = TeamsError("Internal error.").to_json()
        return json_response(500, internal)
    return json_response(200, answer)
