"""The one place that talks to Stripe: a thin typed wrapper around the official client.

`stripe` is imported when the first gateway is built, not at module load (cold starts of
functions that never call Stripe stay cheap). Stripe's errors are translated here into domain
errors, so use cases never see the library's exceptions. It reads no configuration: the one
instance a function uses is built from the billing settings by `teamkit.billing.config`. Tests
build a gateway whose client is pointed at localstripe (through a recording proxy): the
production code path is the same, only the API base differs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from teamkit.billing.errors import BillingNotConfigured, StripeObjectMissing, StripeRejected
from teamkit.billing.stripe_objects import PriceInfo, price_from
from teamkit.errors import Unavailable

logger = logging.getLogger(__name__)

MAX_NETWORK_RETRIES = 2
REQUEST_TIMEOUT_SECONDS = 10.0
"""Per attempt. The library's default (80 s) outlasts a function's 60 s timeout: a hanging
Stripe would get `deleteTeam` killed before it leaves `billing.cancelPending` for the retry.
Three attempts of 10 s (and the back-off between them) fit."""


@contextmanager
def translated_errors(action: str) -> Iterator[None]:
    """Turn the Stripe library's exceptions raised while doing `action` into domain errors."""
    import stripe

    try:
        yield
    except stripe.InvalidRequestError as error:
        message = error.user_message or str(error)
        if error.http_status == 404 or error.code == "resource_missing":
            raise StripeObjectMissing(f"Stripe could not {action}: {message}") from error
        raise StripeRejected(f"Stripe refused to {action}: {message}", code=error.code) from error
    except (stripe.AuthenticationError, stripe.PermissionError) as error:
        logger.error("Stripe refused our API key while trying to %s: %s", action, error)
        raise Unavailable("Billing is temporarily unavailable; please retry later.") from error
    except stripe.StripeError as error:
        logger.warning("Stripe failed while trying to %s: %r", action, error)
        raise Unavailable("Stripe did not answer; nothing was changed, please retry.") from error


class StripeGateway:
    """The Stripe calls teamkit makes; every answer comes back as plain JSON-like dicts."""

    def __init__(
        self,
        api_key: str,
        *,
        api_base: str | None = None,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
    ) -> None:
        if not api_key:
            raise BillingNotConfigured(
                "Billing is not set up on this deployment (no STRIPE_SECRET_KEY)."
            )
        import stripe

        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=MAX_NETWORK_RETRIES,
            http_client=stripe.RequestsClient(timeout=timeout),
        )

    def create_customer(self, *, team_id: str, name: str, idempotency_key: str) -> str:
        """A new customer for a team; the key makes concurrent or retried calls return one."""
        with translated_errors("create the team's customer"):
            customer = self._client.v1.customers.create(
                params={"name": name, "metadata": {"teamId": team_id}},
                options={"idempotency_key": idempotency_key},
            )
        return str(customer.id)

    def delete_customer(self, customer_id: str) -> None:
        with translated_errors("delete a duplicate customer"):
            self._client.v1.customers.delete(customer_id)

    def retrieve_price(self, price_id: str) -> PriceInfo:
        """The price with its product (`StripeObjectMissing` when there is no such price)."""
        with translated_errors(f"find the price {price_id}"):
            price = self._client.v1.prices.retrieve(price_id, params={"expand": ["product"]})
        return price_from(price.to_dict())

    def create_checkout_session(
        self,
        *,
        team_id: str,
        customer_id: str,
        price_id: str,
        quantity: int,
        success_url: str,
        cancel_url: str,
    ) -> str:
        """A subscription-mode Checkout Session for the team; returns its URL."""
        with translated_errors("start a checkout"):
            session = self._client.v1.checkout.sessions.create(
                params={
                    "mode": "subscription",
                    "customer": customer_id,
                    "client_reference_id": team_id,
                    "line_items": [{"price": price_id, "quantity": quantity}],
                    "success_url": success_url,
                    "cancel_url": cancel_url,
                    "metadata": {"teamId": team_id},
                    "subscription_data": {"metadata": {"teamId": team_id}},
                }
            )
        return _url(session.to_dict(), "checkout session")

    def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        """A billing portal session for the team's customer; returns its URL."""
        with translated_errors("open the billing portal"):
            session = self._client.v1.billing_portal.sessions.create(
                params={"customer": customer_id, "return_url": return_url}
            )
        return _url(session.to_dict(), "billing portal session")

    def retrieve_subscription(self, subscription_id: str) -> dict[str, Any]:
        with translated_errors(f"read the subscription {subscription_id}"):
            return self._client.v1.subscriptions.retrieve(subscription_id).to_dict()

    def set_item_quantity(
        self, subscription_id: str, item_id: str, quantity: int, *, idempotency_key: str
    ) -> dict[str, Any]:
        """Change one item's quantity. Stripe prorates quantity changes by default
        (`proration_behavior=create_prorations`), which is what seat changes want."""
        with translated_errors(f"change the seats of {subscription_id}"):
            return self._client.v1.subscriptions.update(
                subscription_id,
                params={"items": [{"id": item_id, "quantity": quantity}]},
                options={"idempotency_key": idempotency_key},
            ).to_dict()

    def cancel_subscription(self, subscription_id: str, *, idempotency_key: str) -> None:
        """Cancel at once (the team is gone, so there is nothing left to pay for)."""
        with translated_errors(f"cancel the subscription {subscription_id}"):
            self._client.v1.subscriptions.cancel(
                subscription_id, options={"idempotency_key": idempotency_key}
            )

    def list_subscriptions(self, customer_id: str) -> list[dict[str, Any]]:
        """The customer's subscriptions, of every status (a customer holds few)."""
        with translated_errors(f"list the subscriptions of {customer_id}"):
            page = self._client.v1.subscriptions.list(
                params={"customer": customer_id, "status": "all", "limit": 100}
            )
        return [subscription.to_dict() for subscription in page.data]

    def tag_customer(self, customer_id: str, team_id: str, *, idempotency_key: str) -> None:
        """Name the team in the customer's metadata (`teamId`), as teamkit's own customers do."""
        with translated_errors(f"tag the customer {customer_id}"):
            self._client.v1.customers.update(
                customer_id,
                params={"metadata": {"teamId": team_id}},
                options={"idempotency_key": idempotency_key},
            )

    def tag_subscription(self, subscription_id: str, team_id: str, *, idempotency_key: str) -> None:
        """Name the team in the subscription's metadata (`teamId`), as Checkout's do."""
        with translated_errors(f"tag the subscription {subscription_id}"):
            self._client.v1.subscriptions.update(
                subscription_id,
                params={"metadata": {"teamId": team_id}},
                options={"idempotency_key": idempotency_key},
            )

    def list_invoices(self, customer_id: str, *, limit: int) -> list[dict[str, Any]]:
        """The customer's most recent invoices, newest first."""
        with translated_errors("list the team's invoices"):
            page = self._client.v1.invoices.list(params={"customer": customer_id, "limit": limit})
        return [invoice.to_dict() for invoice in page.data]


GatewayFactory = Callable[[], StripeGateway]
"""How use cases receive Stripe: built (or the cached one returned) only when Stripe is needed."""


def _url(session: dict[str, Any], what: str) -> str:
    url = session.get("url")
    if not isinstance(url, str) or not url:
        raise Unavailable(f"Stripe answered a {what} without a URL; please retry.")
    return url
