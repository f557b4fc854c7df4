"""docs/add-to-your-app.md as `devtools/existing_app_test.py` reads it (that test performs the
steps on the emulators, in `scripts/test`): at most five steps, each block it runs under one of
them, and the emulators' development values the same as teamkit's own."""

from __future__ import annotations

import re

from devtools.emulators import DEVELOPMENT_PARAMS
from devtools.existing_app_test import DOC, steps

STEP_HEADING = re.compile(r"^## (\d+)\. ", re.M)


def test_the_doc_adds_teamkit_in_at_most_five_numbered_steps() -> None:
    doc = DOC.read_text()
    numbers = [int(number) for number in STEP_HEADING.findall(doc)]

    assert numbers == list(range(1, len(numbers) + 1))
    assert 1 <= len(numbers) <= 5
    first_step, after_last = STEP_HEADING.search(doc), doc.index("\n## What you touched")
    assert first_step is not None
    for block in steps(doc):
        assert first_step.start() < doc.index(block.text) < after_last, block


def test_the_emulators_get_the_development_values_teamkit_uses_itself() -> None:
    (local,) = [step for step in steps(DOC.read_text()) if step.path == "teamkit/.env.local"]

    values = dict(line.split("=", 1) for line in local.text.splitlines())

    assert values == DEVELOPMENT_PARAMS
