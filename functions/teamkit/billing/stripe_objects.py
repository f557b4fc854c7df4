"""Typed views of the Stripe objects billing reads: prices (and legacy plans), subscriptions,
invoices, Checkout Sessions and events.

Webhook payloads and API answers arrive as JSON; their shape depends on the API version of the
account or endpoint (`current_period_end` moved from the subscription to its items, an invoice's
subscription moved under `parent`, localstripe still speaks in Plans). Each parser accepts the
shapes seen in the wild and raises `MalformedStripeObject` (400) when a field we rely on is
missing, so no payload can turn into a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from teamkit.billing.errors import MalformedStripeObject


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _required_str(obj: Mapping[str, Any], key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedStripeObject(f"The Stripe {what} has no {key}.")
    return value


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


INT64 = range(-(2**63), 2**63)
"""Integers Firestore can store; Stripe's timestamps, amounts and quantities all fit."""


def _optional_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value in INT64:
        return value
    return None


def _id_of(value: object) -> str | None:
    """The id of a field that is either an id or an expanded object."""
    if isinstance(value, str):
        return value or None
    return _optional_str(_map(value).get("id"))


def _metadata(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in _map(value).items() if v is not None}


def _seat_limit(metadata: Mapping[str, str]) -> int | None:
    raw = metadata.get("seatLimit", "").strip()
    if not raw:
        return None
    try:
        limit = int(raw)
    except ValueError:
        return None
    return limit if limit > 0 else None


@dataclass(frozen=True)
class PriceInfo:
    """A recurring price (or a legacy plan, which the subscription item API also accepts)."""

    id: str
    product_id: str | None = None
    product_name: str | None = None
    nickname: str | None = None
    active: bool = True
    recurring: bool = True
    interval: str | None = None
    unit_amount: int | None = None
    currency: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    product_metadata: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.nickname or self.product_name or self.id

    @property
    def seat_limit(self) -> int | None:
        """`metadata.seatLimit` of the price, else of its product."""
        return _seat_limit(self.metadata) or _seat_limit(self.product_metadata)

    def merged_with(self, other: PriceInfo | None) -> PriceInfo:
        """This price, with what only `other` (a fuller copy of it) knows filled in."""
        if other is None or other.id != self.id:
            return self
        return replace(
            other,
            product_id=other.product_id or self.product_id,
            product_name=other.product_name or self.product_name,
            nickname=other.nickname or self.nickname,
            interval=other.interval or self.interval,
            unit_amount=other.unit_amount if other.unit_amount is not None else self.unit_amount,
            currency=other.currency or self.currency,
            metadata={**self.metadata, **other.metadata},
            product_metadata={**self.product_metadata, **other.product_metadata},
        )


def price_from(obj: Mapping[str, Any]) -> PriceInfo:
    """A Price (`object: price`, `recurring.interval`) or a Plan (`object: plan`, `interval`)."""
    product = obj.get("product")
    product_map = _map(product)
    recurring = _map(obj.get("recurring"))
    is_plan = obj.get("object") == "plan"
    interval = _optional_str(recurring.get("interval")) or _optional_str(obj.get("interval"))
    return PriceInfo(
        id=_required_str(obj, "id", "price"),
        product_id=_id_of(product),
        product_name=_optional_str(product_map.get("name")),
        nickname=_optional_str(obj.get("nickname")),
        active=obj.get("active") is not False,
        recurring=is_plan or bool(recurring) or obj.get("type") == "recurring",
        interval=interval,
        unit_amount=_optional_int(obj.get("unit_amount"))
        if "unit_amount" in obj
        else _optional_int(obj.get("amount")),
        currency=_optional_str(obj.get("currency")),
        metadata=_metadata(obj.get("metadata")),
        product_metadata=_metadata(product_map.get("metadata")),
    )


@dataclass(frozen=True)
class SubscriptionItemInfo:
    id: str | None
    price: PriceInfo | None
    quantity: int


@dataclass(frozen=True)
class SubscriptionInfo:
    """What billing keeps of a subscription. Its plan is the first item's price; a
    subscription made by teamkit's Checkout has exactly one item."""

    id: str
    customer_id: str
    status: str
    created: int
    items: tuple[SubscriptionItemInfo, ...]
    current_period_end: int | None
    cancel_at_period_end: bool
    cancel_at: int | None

    @property
    def first_item(self) -> SubscriptionItemInfo | None:
        return self.items[0] if self.items else None

    @property
    def price(self) -> PriceInfo | None:
        return self.first_item.price if self.first_item else None

    @property
    def quantity(self) -> int:
        return self.first_item.quantity if self.first_item else 1

    def item_for(self, price_id: str | None) -> SubscriptionItemInfo | None:
        """The item billing `price_id`, else the first one."""
        for item in self.items:
            if item.price is not None and item.price.id == price_id:
                return item
        return self.first_item


def _item_from(obj: Mapping[str, Any], subscription: Mapping[str, Any]) -> SubscriptionItemInfo:
    price_obj = obj.get("price") or obj.get("plan") or subscription.get("plan")
    return SubscriptionItemInfo(
        id=_optional_str(obj.get("id")),
        price=price_from(price_obj) if isinstance(price_obj, Mapping) else None,
        quantity=_optional_int(obj.get("quantity"))
        or _optional_int(subscription.get("quantity"))
        or 1,
    )


def subscription_from(obj: Mapping[str, Any]) -> SubscriptionInfo:
    data = _map(obj.get("items")).get("data")
    items = tuple(_item_from(_map(item), obj) for item in data) if isinstance(data, list) else ()
    first = _map(data[0]) if isinstance(data, list) and data else {}
    customer_id = _id_of(obj.get("customer"))
    if customer_id is None:
        raise MalformedStripeObject("The Stripe subscription has no customer.")
    return SubscriptionInfo(
        id=_required_str(obj, "id", "subscription"),
        customer_id=customer_id,
        status=_required_str(obj, "status", "subscription"),
        created=_optional_int(obj.get("created")) or _optional_int(obj.get("start_date")) or 0,
        items=items,
        current_period_end=_optional_int(obj.get("current_period_end"))
        or _optional_int(first.get("current_period_end")),
        cancel_at_period_end=obj.get("cancel_at_period_end") is True,
        cancel_at=_optional_int(obj.get("cancel_at")),
    )


@dataclass(frozen=True)
class InvoiceInfo:
    id: str
    subscription_id: str | None
    number: str | None
    status: str | None
    amount_due: int | None
    amount_paid: int | None
    total: int | None
    currency: str | None
    hosted_invoice_url: str | None
    created: int | None

    def to_json(self) -> dict[str, Any]:
        """What getBillingOverview answers for one invoice."""
        return {
            "id": self.id,
            "number": self.number,
            "status": self.status,
            "amount": self.total if self.total is not None else self.amount_due,
            "amountDue": self.amount_due,
            "amountPaid": self.amount_paid,
            "currency": self.currency,
            "hostedInvoiceUrl": self.hosted_invoice_url,
            "created": self.created,
        }


def invoice_from(obj: Mapping[str, Any]) -> InvoiceInfo:
    parent = _map(_map(obj.get("parent")).get("subscription_details"))
    return InvoiceInfo(
        id=_required_str(obj, "id", "invoice"),
        subscription_id=_id_of(obj.get("subscription")) or _id_of(parent.get("subscription")),
        number=_optional_str(obj.get("number")),
        status=_optional_str(obj.get("status")),
        amount_due=_optional_int(obj.get("amount_due")),
        amount_paid=_optional_int(obj.get("amount_paid")),
        total=_optional_int(obj.get("total")),
        currency=_optional_str(obj.get("currency")),
        hosted_invoice_url=_optional_str(obj.get("hosted_invoice_url")),
        created=_optional_int(obj.get("created")) or _optional_int(obj.get("date")),
    )


@dataclass(frozen=True)
class CheckoutSessionInfo:
    id: str
    customer_id: str | None
    subscription_id: str | None
    mode: str | None
    created: int | None


def checkout_session_from(obj: Mapping[str, Any]) -> CheckoutSessionInfo:
    return CheckoutSessionInfo(
        id=_required_str(obj, "id", "checkout session"),
        customer_id=_id_of(obj.get("customer")),
        subscription_id=_id_of(obj.get("subscription")),
        mode=_optional_str(obj.get("mode")),
        created=_optional_int(obj.get("created")),
    )


@dataclass(frozen=True)
class StripeEvent:
    """A verified webhook event: its id, type, creation time and the object it carries."""

    id: str
    type: str
    created: int
    object: Mapping[str, Any]
    livemode: bool = False


def event_from(obj: object) -> StripeEvent:
    event = _map(obj)
    created = _optional_int(event.get("created"))
    data_object = _map(event.get("data")).get("object")
    if created is None or not isinstance(data_object, Mapping):
        raise MalformedStripeObject("The Stripe event lacks created or data.object.")
    return StripeEvent(
        id=_required_str(event, "id", "event"),
        type=_required_str(event, "type", "event"),
        created=created,
        object=data_object,
        livemode=event.get("livemode") is True,
    )


def customer_of(obj: Mapping[str, Any]) -> str | None:
    """The customer id an event's object belongs to."""
    return _id_of(obj.get("customer"))
