"""Stripe as the tests, the benchmarks and `scripts/dev` meet it: localstripe (a stateful fake
Stripe API that sends signed webhooks) behind the recording endpoint, the relay that retries its
deliveries, and what the functions need to reach them (`function_env`).

The functions get the Stripe secrets as plain variables (an unset `SecretParam` is not resolved
by the Functions emulator, which then passes the process environment through; verified with
firebase-tools 15.34) and `TEAMKIT_STRIPE_API_BASE`, which is no param at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests
from google.cloud import firestore

from devtools.emulators import ROOT
from devtools.fakes.stripe_recorder import StripeRecorder, price_json
from devtools.fakes.stripe_relay import WebhookRelay
from devtools.localstripe import LocalStripeProcess, subscribe_customer
from teamkit import paths
from teamkit.billing.customers import ensure_customer
from teamkit.billing.gateway import StripeGateway
from teamkit.documents import Team

TEST_SECRET_KEY = "sk_test_fake"
TEST_WEBHOOK_SECRET = "whsec_test_fake_secret"
SEAT_PRICE = "price_teamkit_seats_monthly"
"""The per-seat plan tests and benchmarks subscribe teams to (`add_seat_plan`)."""


@dataclass
class StripeFake:
    """localstripe, the recorder in front of it, and the relay for its webhooks (used by the
    tests, and by the benchmarks, which meet the same fakes)."""

    localstripe: LocalStripeProcess
    recorder: StripeRecorder
    relay: WebhookRelay

    @classmethod
    def launch(cls, log_name: str) -> StripeFake:
        """localstripe on a free port, from scratch, logging to `.run/{log_name}`; call
        `wait_until_ready` before the first request."""
        localstripe = LocalStripeProcess.launch(ROOT / ".run" / log_name)
        try:
            return cls(localstripe, StripeRecorder(localstripe.url).start(), WebhookRelay().start())
        except BaseException:
            localstripe.stop()
            raise

    @property
    def localstripe_url(self) -> str:
        return self.localstripe.url

    @property
    def api_base(self) -> str:
        return self.recorder.url

    def wait_until_ready(self) -> None:
        self.localstripe.wait_until_ready()

    def function_env(self) -> dict[str, str]:
        """What the functions (and use cases called directly) need to bill through the fakes."""
        return {
            "STRIPE_SECRET_KEY": TEST_SECRET_KEY,
            "STRIPE_WEBHOOK_SECRET": TEST_WEBHOOK_SECRET,
            "TEAMKIT_STRIPE_API_BASE": self.api_base,
        }

    def gateway(self) -> StripeGateway:
        """The production gateway, pointed at the recorder (and through it localstripe)."""
        return StripeGateway(TEST_SECRET_KEY, api_base=self.api_base)

    def direct(self) -> Any:
        """A Stripe client talking to localstripe itself (set-up, not recorded)."""
        import stripe

        return stripe.StripeClient(TEST_SECRET_KEY, base_addresses={"api": self.localstripe_url})

    def add_seat_plan(self, price_id: str) -> str:
        """A per-member plan (`metadata.seatBased=true`, 8 EUR a month); its product id."""
        return self.add_plan(price_id, metadata={"seatBased": "true"})

    def add_plan(
        self,
        price_id: str,
        *,
        name: str = "Team plan",
        amount: int = 800,
        metadata: dict[str, str] | None = None,
        product_metadata: dict[str, str] | None = None,
    ) -> str:
        """A monthly EUR plan (with its product) in localstripe, mirrored as a Price by the
        recorder, since localstripe has no Prices API; returns its product id."""
        client = self.direct()
        product_params: dict[str, Any] = {"name": name}
        plan: dict[str, Any] = {
            "id": price_id,
            "amount": amount,
            "currency": "eur",
            "interval": "month",
        }
        if product_metadata:
            product_params["metadata"] = product_metadata
        if metadata:
            plan["metadata"] = metadata
        product = client.v1.products.create(params=product_params)
        client.v1.plans.create(params={**plan, "product": product.id})
        self.recorder.prices[price_id] = price_json(
            price_id,
            product_id=product.id,
            product_name=name,
            unit_amount=amount,
            metadata=metadata,
            product_metadata=product_metadata,
        )
        return str(product.id)

    def customer_of(self, db: firestore.Client, team_id: str) -> str:
        """The team's customer, created through teamkit's own code."""
        team = Team.from_snapshot(paths.team(db, team_id).get())
        return ensure_customer(db, team, gateway=self.gateway())

    def subscribe_team(
        self, db: firestore.Client, team_id: str, price_id: str, quantity: int = 1
    ) -> dict[str, Any]:
        """Subscribe the team in localstripe as Checkout would (a card, then the subscription);
        returns the subscription as localstripe holds it."""
        return subscribe_customer(self.direct(), self.customer_of(db, team_id), price_id, quantity)

    def clear(self) -> None:
        """Empty localstripe and the recorder (webhook registrations stay)."""
        requests.delete(f"{self.localstripe_url}/_config/data", timeout=10).raise_for_status()
        self.recorder.reset()

    def register_webhook(self, url: str | None, *, events: list[str] | None = None) -> None:
        """Make localstripe send its signed events to `url` (None: nowhere), through the relay
        that retries failed deliveries as Stripe does."""
        self.relay.target = url
        data: dict[str, Any] = {"url": self.relay.url, "secret": TEST_WEBHOOK_SECRET}
        if events is not None:
            data["events"] = events
        response = requests.post(
            f"{self.localstripe_url}/_config/webhooks/teamkit",
            data=json.dumps(data),
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        response.raise_for_status()

    def stop(self) -> None:
        self.recorder.stop()
        self.relay.stop()
        self.localstripe.stop()
