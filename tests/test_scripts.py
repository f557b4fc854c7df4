"""`scripts/dev --help` and `scripts/test --help` print their usage at once: before setup, on a
fresh clone too, and without starting anything."""

from __future__ import annotations

import subprocess

import pytest

from devtools.emulators import ROOT


def usage_of(script: str) -> str:
    done = subprocess.run(
        [str(ROOT / "scripts" / script), "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("script", "options"),
    [
        ("dev", ("scripts/dev --keep", "scripts/dev --help")),
        ("test", ("scripts/test --web", "scripts/test existing-app")),
    ],
)
def test_help_prints_the_usage_written_at_the_top_of_the_script(
    script: str, options: tuple[str, ...]
) -> None:
    usage = usage_of(script)

    assert all(option in usage for option in options), usage
    assert "set -euo" not in usage and not usage.startswith("!")
