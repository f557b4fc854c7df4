"""The console says every error reason in words: its one table (web/console/src/errors.ts)
names each member of `teamkit.errors.Reason`, and nothing else."""

from __future__ import annotations

import re

from devtools.emulators import ROOT
from teamkit.errors import Reason

TABLE = ROOT / "web" / "console" / "src" / "errors.ts"


def sentences() -> dict[str, str]:
    text = TABLE.read_text()
    body = text.split("REASON_SENTENCES: Record<Reason, string> = {", 1)[1].split("\n};", 1)[0]
    return dict(re.findall(r'^\s+([A-Z_]+): "(.+)",$', body, flags=re.MULTILINE))


def test_every_reason_has_a_sentence_in_the_console() -> None:
    table = sentences()
    assert sorted(set(Reason) - set(table)) == []


def test_the_console_names_no_reason_the_server_does_not_send() -> None:
    assert sorted(set(sentences()) - {reason.value for reason in Reason}) == []


def test_every_sentence_is_a_sentence() -> None:
    for reason, sentence in sentences().items():
        assert sentence[0].isupper() and sentence.endswith("."), reason
