"""docs/architecture.md's module map is the one `devtools.module_map` draws from today's imports:
a module moved, added or importing a new area changes the map, and this test says how to redraw
it."""

from __future__ import annotations

from devtools.module_map import DOCUMENT, REGENERATE, with_fresh_map


def test_the_architecture_docs_module_map_matches_the_imports() -> None:
    current = DOCUMENT.read_text()

    assert with_fresh_map(current) == current, (
        f"docs/architecture.md's module map is stale: run `{REGENERATE}`"
    )
