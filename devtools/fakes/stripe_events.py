"""Stripe webhook events as Stripe sends them: the event envelope, the objects teamkit reads
(subscription, invoice, Checkout Session) and the `Stripe-Signature` header, computed with the
stripe library itself. The tests, the fuzzer and the benchmarks all build their deliveries here.
"""

from __future__ import annotations

import json
import time
from itertools import count
from typing import Any

import stripe

from devtools.fakes.stripe_fake import SEAT_PRICE, TEST_WEBHOOK_SECRET

API_VERSION = "2025-03-31.basil"
_sequence = count(1)


def stripe_event(
    event_type: str,
    obj: dict[str, Any],
    *,
    created: int | None = None,
    event_id: str = "",
    prefix: str = "evt_test",
) -> dict[str, Any]:
    """A Stripe event envelope around `obj` (a fresh id unless `event_id` is given)."""
    return {
        "id": event_id or f"{prefix}_{int(time.time())}_{next(_sequence)}",
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "api_version": API_VERSION,
        "data": {"object": obj},
    }


def event_body(event: dict[str, Any]) -> bytes:
    """The event as the JSON body Stripe posts."""
    return json.dumps(event).encode()


def sign(body: bytes, secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A `Stripe-Signature` header for `body`, as Stripe computes it (bytes that are no UTF-8
    are signed as their replacement characters: the fuzzer sends such bodies)."""
    header = stripe.WebhookSignature.generate_signature_header(
        body.decode("utf-8", "replace"), secret, timestamp
    )
    return str(header)


def subscription_object(
    subscription_id: str,
    customer_id: str,
    *,
    status: str = "active",
    price_id: str = SEAT_PRICE,
    quantity: int = 3,
    created: int = 1_700_000_000,
    period_end: int = 1_900_000_000,
    cancel_at_period_end: bool = False,
    price_metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A subscription as current API versions send it (the period on the item)."""
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": customer_id,
        "status": status,
        "created": created,
        "cancel_at_period_end": cancel_at_period_end,
        "cancel_at": period_end if cancel_at_period_end else None,
        "metadata": {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_{subscription_id}",
                    "object": "subscription_item",
                    "quantity": quantity,
                    "current_period_end": period_end,
                    "price": {
                        "id": price_id,
                        "object": "price",
                        "product": "prod_unknown_to_the_recorder",
                        "metadata": price_metadata
                        if price_metadata is not None
                        else {"seatBased": "true"},
                        "recurring": {"interval": "month"},
                    },
                }
            ],
        },
    }


def invoice_object(
    invoice_id: str, customer_id: str, subscription_id: str, *, status: str
) -> dict[str, Any]:
    """An invoice of the subscription (24 EUR; paid or not, as `status` says)."""
    return {
        "id": invoice_id,
        "object": "invoice",
        "customer": customer_id,
        "number": f"TK-{invoice_id[-4:]}",
        "status": status,
        "amount_due": 2400,
        "amount_paid": 2400 if status == "paid" else 0,
        "total": 2400,
        "currency": "eur",
        "hosted_invoice_url": f"https://invoice.stripe.test/{invoice_id}",
        "parent": {
            "type": "subscription_details",
            "subscription_details": {"subscription": subscription_id},
        },
    }


def checkout_object(
    session_id: str, customer_id: str, subscription_id: str, team_id: str, *, created: int
) -> dict[str, Any]:
    """A completed subscription Checkout Session of the team."""
    return {
        "id": session_id,
        "object": "checkout.session",
        "mode": "subscription",
        "customer": customer_id,
        "subscription": subscription_id,
        "client_reference_id": team_id,
        "metadata": {"teamId": team_id},
        "created": created,
    }
