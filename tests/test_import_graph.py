"""The package's modules import each other without a cycle: every import counts, including the
ones deferred into a function body (to keep cold starts cheap) and those only type checkers
read, since a cycle is a knot in the design whether or not Python happens to untie it."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import teamkit

PACKAGE = Path(teamkit.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, package: str) -> set[str]:
    """Every `teamkit...` name `path` imports, absolute or relative, at any depth."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] == "teamkit"}


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (a package's `__init__` counts as a module)."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = {
            imported
            for imported in imported_names(path, package)
            if imported in paths and imported != name
        }
    return graph


def test_the_graph_sees_deferred_and_type_only_imports() -> None:
    graph = import_graph()

    assert "teamkit.api" in graph["teamkit.http"]  # deferred into `serve`
    assert "teamkit.auth" in graph["teamkit.api"]  # under TYPE_CHECKING


def test_no_module_of_the_package_imports_itself_in_a_cycle() -> None:
    try:
        TopologicalSorter(import_graph()).prepare()
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None
