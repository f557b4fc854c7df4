"""localstripe, a stateful fake of the Stripe API, as a child process on a free port (for the
tests and the benchmarks; it is never deployed)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from devtools.emulators import ROOT

READY_TIMEOUT = 30
TEST_CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}


@dataclass
class LocalStripeProcess:
    """A running localstripe, started from scratch (no state file from earlier runs)."""

    url: str
    process: subprocess.Popen[bytes]

    @classmethod
    def launch(cls, log_path: Path) -> LocalStripeProcess:
        """Start it without waiting (call `wait_until_ready` before the first request)."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT / ".run",  # where it drops its state file
            )
        return cls(f"http://127.0.0.1:{port}", process)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("localstripe exited early; see .run/localstripe-*.log")
            try:
                requests.get(f"{self.url}/v1/customers", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"localstripe was not ready in {READY_TIMEOUT}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def subscribe_customer(
    client: Any, customer_id: str, price_id: str, quantity: int = 1
) -> dict[str, Any]:
    """Subscribe a customer as Checkout would (a card as default payment method, then the
    subscription), through `client`, a `stripe.StripeClient` pointed at localstripe; returns the
    subscription as Stripe holds it."""
    method = client.v1.payment_methods.create(params={"type": "card", "card": TEST_CARD})
    client.v1.payment_methods.attach(method.id, params={"customer": customer_id})
    client.v1.customers.update(
        customer_id, params={"invoice_settings": {"default_payment_method": method.id}}
    )
    subscription = client.v1.subscriptions.create(
        params={"customer": customer_id, "items": [{"plan": price_id, "quantity": quantity}]}
    )
    return dict(subscription.to_dict())
