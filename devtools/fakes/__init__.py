"""The support package the tests, the benchmarks and `scripts/dev` share: the fake providers
(localstripe behind the Stripe recorder and webhook relay, a recording SendGrid), Stripe events
signed as Stripe signs them, and the one way to start all fakes for an emulator run
(`services.py`). pytest fixtures around them live in `tests/support/*_fixtures.py`; what only
tests use (builders, fuzzing, in-process calls) stays in `tests/support/`."""
