"""What decides a deploy, checked without one (deploys need the network): the manifest
`firebase deploy` reads from `main.py` (the params it asks for, the region), the codebase in
`firebase.json`, hosting's predeploy build, and a function instance started with production
settings refusing development values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # firebase_functions' own dependency
from firebase_functions.private.serving import functions_as_yaml

from devtools.emulators import DEVELOPMENT_PARAMS, ROOT
from teamkit import config, paths
from teamkit.deployment import is_development_host, url_problem
from teamkit.mail import config as mail_config

FUNCTIONS = ROOT / "functions"
REQUIRED_IN_PRODUCTION = {"INVITE_ACCEPT_URL", "MAIL_FROM", "CORS_ORIGINS"}
PRODUCTION = {
    "INVITE_ACCEPT_URL": "https://app.acme.io/accept-invite",
    "MAIL_FROM": "team@acme.io",
    "CORS_ORIGINS": "https://app.acme.io,https://admin.acme.io",
}


def asked_for(params: list[dict[str, Any]]) -> set[str]:
    """The params without a default (secrets are set apart, with `functions:secrets:set`)."""
    return {p["name"] for p in params if "default" not in p and p["type"] != "secret"}


def manifest() -> dict[str, Any]:
    """What `firebase deploy` reads from `main.py` (its `/__/functions.yaml`)."""
    import main

    declared = {n: f for n, f in vars(main).items() if hasattr(f, "__firebase_endpoint__")}
    loaded: dict[str, Any] = yaml.safe_load(functions_as_yaml(declared))
    return loaded


def test_the_params_a_production_deploy_needs_have_no_default_so_deploy_asks_for_them() -> None:
    params = {param["name"]: param for param in manifest()["params"]}

    asked = asked_for(manifest()["params"])

    assert asked == REQUIRED_IN_PRODUCTION
    assert all(params[name].get("description") for name in asked)


def test_the_emulators_get_a_value_for_every_param_a_deploy_asks_for() -> None:
    asked = asked_for(manifest()["params"])

    assert asked <= DEVELOPMENT_PARAMS.keys()


def test_every_function_runs_in_the_region_param() -> None:
    endpoints = manifest()["endpoints"]

    assert {tuple(endpoint["region"]) for endpoint in endpoints.values()} == {
        ("{{ params.REGION }}",)
    }


def test_the_functions_deploy_as_the_teamkit_codebase() -> None:
    functions = json.loads((ROOT / "firebase.json").read_text())["functions"]

    assert [(entry["source"], entry["codebase"]) for entry in functions] == [
        ("functions", "teamkit")
    ]


def test_hosting_builds_the_console_before_it_deploys() -> None:
    hosting = json.loads((ROOT / "firebase.json").read_text())["hosting"]

    assert hosting["public"] == "web/console/dist"
    assert any("build" in step and "@teamkit/console" in step for step in hosting["predeploy"])


@pytest.mark.parametrize(
    "host",
    ["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "app.localhost", "example.com",
     "mail.example.org", "acme.test", "box.local", ""],
)  # fmt: skip
def test_development_hosts(host: str) -> None:
    assert is_development_host(host)


@pytest.mark.parametrize("host", ["acme.io", "app.acme.io", "203.0.113.9", "example.co"])
def test_production_hosts(host: str) -> None:
    assert not is_development_host(host)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "is not set"),
        ("http://app.acme.io/accept", "must be an https URL"),
        ("https:///accept", "must be an https URL"),
        ("https://localhost:5173/accept", "development host"),
        ("https://app.acme.io/accept", None),
    ],
)
def test_url_problems(value: str, problem: str | None) -> None:
    found = url_problem("INVITE_ACCEPT_URL", value)

    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    yield monkeypatch


def test_production_values_have_no_problem(production_env: pytest.MonkeyPatch) -> None:
    assert config.production_problems() == []
    assert mail_config.production_problems() == []


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("CORS_ORIGINS", "*", "not '*'"),
        ("CORS_ORIGINS", "https://app.acme.io,http://localhost:5173", "localhost:5173"),
        ("CORS_ORIGINS", "", "CORS_ORIGINS is not set"),
        ("MAIL_FROM", "noreply@example.com", "development domain"),
        ("MAIL_FROM", "noreply", "must be an email address"),
        ("INVITE_ACCEPT_URL", "http://127.0.0.1:5173/accept-invite", "must be an https URL"),
    ],
)
def test_development_values_are_problems(
    production_env: pytest.MonkeyPatch, name: str, value: str, problem: str
) -> None:
    production_env.setenv(name, value)

    problems = [*config.production_problems(), *mail_config.production_problems()]

    assert len(problems) == 1
    assert name in problems[0] and problem in problems[0]


def load_main(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Import `main.py` the way a function instance starts: in `functions/venv`, from
    `functions/`, with only `env` (and a PATH) in its environment."""
    venv_python = FUNCTIONS / "venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    return subprocess.run(
        [python, "-c", "import main"],
        cwd=FUNCTIONS,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


DEPLOYED = {"K_SERVICE": "createteam", "FUNCTION_TARGET": "createTeam"}


def test_a_deployed_function_with_production_values_starts() -> None:
    loaded = load_main({**DEPLOYED, **PRODUCTION})

    assert loaded.returncode == 0, loaded.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        (None, None),
        ("INVITE_ACCEPT_URL", "https://localhost:5173/accept-invite"),
        ("CORS_ORIGINS", "*"),
    ],
    ids=["accept URL missing", "accept URL on localhost", "any origin"],
)
def test_a_deployed_function_with_a_missing_or_development_value_refuses_to_start(
    name: str | None, value: str | None
) -> None:
    env = {**DEPLOYED, **PRODUCTION}
    if name is None:
        name = "INVITE_ACCEPT_URL"
        del env[name]
    else:
        env[name] = value or ""

    loaded = load_main(env)

    assert loaded.returncode != 0
    assert "UnsafeDeployment: teamkit refuses to start" in loaded.stderr
    assert name in loaded.stderr.splitlines()[-1]


def test_the_emulator_runs_with_the_development_values() -> None:
    loaded = load_main({**DEPLOYED, "FUNCTIONS_EMULATOR": "true", **DEVELOPMENT_PARAMS})

    assert loaded.returncode == 0, loaded.stderr


def example_env() -> dict[str, str]:
    lines = (FUNCTIONS / ".env.example").read_text().splitlines()
    pairs = (line.partition("=") for line in lines if line and not line.startswith("#"))
    return {name: value for name, _, value in pairs}


def test_the_example_env_file_lists_every_setting_with_values_a_deployed_function_accepts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    example = example_env()
    for name, value in example.items():
        monkeypatch.setenv(name, value)

    declared = {p["name"] for p in manifest()["params"] if p["type"] != "secret"}

    assert set(example) == declared | {paths.PREFIX_VARIABLE}  # read when main.py is loaded
    assert [*config.production_problems(), *mail_config.production_problems()] == []
