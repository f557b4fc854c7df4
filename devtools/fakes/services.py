"""The one way to start the emulators with the fake providers around them, for a run of their
own (free ports, a project id of its own): the web tests (`devtools/web_tests.py`), the SDK
benchmark and the Python benchmarks (`bench/services.py`) all start them here. The pytest
suite starts the same fakes through its fixtures (tests/support/*_fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from devtools.fakes.dns_fake import FakeDns
from devtools.fakes.sendgrid_fake import FakeSendGrid
from devtools.fakes.stripe_fake import StripeFake


@dataclass(frozen=True)
class Running:
    """The emulators of one run, the fakes they talk to, and the environment the functions got
    (Stripe and SendGrid secrets and addresses, the DNS server)."""

    suite: Suite
    sendgrid: FakeSendGrid
    stripe: StripeFake
    dns: FakeDns
    function_env: dict[str, str]


@contextmanager
def running_with_fakes(
    run_id: str, *, extra_codebases: Sequence[Mapping[str, Any]] = ()
) -> Iterator[Running]:
    """Start a fake SendGrid, localstripe behind the recorder, a fake DNS server, then the
    emulators pointed at them; stop everything on exit, also whatever had started when a later
    start fails."""
    with ExitStack() as started:
        sendgrid = FakeSendGrid.start()
        started.callback(sendgrid.stop)
        stripe = StripeFake.launch(f"localstripe-{run_id}.log")
        started.callback(stripe.stop)
        stripe.wait_until_ready()
        dns = FakeDns.start()
        started.callback(dns.stop)
        env = {**sendgrid.function_env(), **stripe.function_env(), **dns.function_env()}
        process = EmulatorProcess(
            Suite(Ports.free(), project=f"demo-teamkit-{run_id}"),
            env=env,
            log_path=ROOT / ".run" / f"emulators-{run_id}.log",
            config_name=run_id,
            extra_codebases=extra_codebases,
        )
        started.callback(process.stop)
        print("== starting the emulators", flush=True)
        yield Running(process.start(), sendgrid, stripe, dns, env)
