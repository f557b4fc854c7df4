"""Mail is the layer below notifications: the fan-out queues the emails of events, and nothing
in `teamkit.mail` imports another area (docs/notifications.md), so the two never import each
other."""

from __future__ import annotations

import ast
from pathlib import Path

import teamkit

PACKAGE = Path(teamkit.__file__).parent
AREAS = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}


def imported_areas(module: Path) -> set[str]:
    """The areas (subpackages of `teamkit`) a module imports, at its top or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    parts = (name.split(".") for name in names)
    return {p[1] for p in parts if len(p) > 1 and p[0] == "teamkit" and p[1] in AREAS}


def test_no_module_of_mail_imports_another_area() -> None:
    imports = {
        path.name: imported_areas(path) - {"mail"} for path in (PACKAGE / "mail").glob("*.py")
    }

    assert {name: areas for name, areas in imports.items() if areas} == {}
    assert "mail" in AREAS and "notifications" in AREAS
