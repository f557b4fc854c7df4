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
from devtools.fakes.dns_fake import FakeDns
from tests.support.builders import Builders, RoleTeam
from tests.support.http import Api
from tests.support.waiting import wait_until_settled

# Fixtures of the fake services the functions talk to; each module owns its side.
pytest_plugins = [
    "tests.support.mail_fixtures",
    "tests.support.billing_fixtures",
    "tests.support.dns_fixtures",
]


@pytest.fixture(scope="session")
def function_env(
    mail_env: dict[str, str], billing_env: dict[str, str], dns_env: dict[str, str]
) -> dict[str, str]:
    """Environment the Functions emulator passes to our functions, from the fake services
    started before the suite. Only plain variables work here: values of declared Firebase
    params come from functions/.env* files and defaults, which override the process env."""
    return {**mail_env, **billing_env, **dns_env}


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
def _fresh_emulators(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test that touches the emulators starts from empty Firestore and Auth.

    Firestore triggers run only in tests marked `triggers`: elsewhere they would write
    notifications and mail in the background, into whatever test runs next.
    """
    if "suite" not in request.fixturenames:
        yield
        return
    suite: Suite = request.getfixturevalue("suite")
    with_triggers = request.node.get_closest_marker("triggers") is not None
    suite.set_background_triggers(False)
    suite.clear_firestore()
    suite.clear_auth()
    if with_triggers:
        suite.set_background_triggers(True)
    yield
    if with_triggers:
        wait_until_settled(request.getfixturevalue("db"))
        suite.set_background_triggers(False)


@pytest.fixture(scope="session")
def db(suite: Suite) -> firestore.Client:
    return firestore.Client(project=suite.project)


@pytest.fixture(scope="session")
def accounts(suite: Suite) -> AuthEmulator:
    return AuthEmulator(suite)


@pytest.fixture(scope="session")
def api(suite: Suite, accounts: AuthEmulator) -> Api:
    """Calls the HTTP functions in the Functions emulator as a signed-in user."""
    return Api(suite, accounts)


@pytest.fixture
def build(db: firestore.Client, accounts: AuthEmulator, fake_dns: FakeDns) -> Builders:
    return Builders(db, accounts, fake_dns)


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
