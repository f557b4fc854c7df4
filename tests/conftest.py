"""Fixtures shared by all tests: one emulator suite per session, emptied before each test that
uses it, and builders (`new_user`, `new_team`, `add_member`, `role_team`).

Pure unit tests that ask for none of these run without starting the emulators.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from google.cloud import firestore

from devtools.auth_emulator import AuthEmulator, TestUser
from devtools.emulators import ROOT, EmulatorProcess, Ports, Suite
from tests.support.builders import Builders, RoleTeam


@pytest.fixture(scope="session")
def function_env() -> dict[str, str]:
    """Environment the Functions emulator passes to our functions; fixtures of fake services
    (mail, Stripe) extend it before the suite starts."""
    return {"TEAMKIT_ENV": "test"}


@pytest.fixture(scope="session")
def suite(function_env: dict[str, str]) -> Iterator[Suite]:
    """The running emulator suite (started once per session, stopped at its end)."""
    run = f"test-{os.getpid()}"
    process = EmulatorProcess(
        Suite(Ports.free(), project=f"demo-teamkit-{run}"),
        env=function_env,
        log_path=ROOT / ".run" / f"emulators-{run}.log",
        config_name=run,
    )
    suite = process.start()
    previous = {key: os.environ.get(key) for key in suite.client_env()}
    os.environ.update(suite.client_env())
    try:
        yield suite
    finally:
        process.stop()
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(autouse=True)
def _fresh_emulators(request: pytest.FixtureRequest) -> None:
    """Every test that touches the emulators starts from empty Firestore and Auth."""
    if "suite" in request.fixturenames:
        suite: Suite = request.getfixturevalue("suite")
        suite.clear_firestore()
        suite.clear_auth()


@pytest.fixture(scope="session")
def db(suite: Suite) -> firestore.Client:
    return firestore.Client(project=suite.project)


@pytest.fixture(scope="session")
def accounts(suite: Suite) -> AuthEmulator:
    return AuthEmulator(suite)


@pytest.fixture
def build(db: firestore.Client, accounts: AuthEmulator) -> Builders:
    return Builders(db, accounts)


@pytest.fixture
def new_user(build: Builders) -> Callable[..., TestUser]:
    return build.new_user


@pytest.fixture
def new_team(build: Builders) -> Callable[..., tuple[str, TestUser]]:
    return build.new_team


@pytest.fixture
def add_member(build: Builders) -> Callable[..., TestUser]:
    return build.add_member


@pytest.fixture
def role_team(build: Builders) -> RoleTeam:
    """A team with one member of every role."""
    return build.team_with_every_role()
