"""The module map of `docs/architecture.md`, drawn from the imports so that it cannot drift: the
modules `main.py` imports, the edges (top-level modules that reach an area), each area with the
areas it imports, and the core (top-level modules that reach no area). `tests/test_layering.py`
checks the same import graph; `tests/test_module_map.py` fails while the doc's block is stale.

    PYTHONPATH=functions:. .venv/bin/python -m devtools.module_map          # rewrite the block
    PYTHONPATH=functions:. .venv/bin/python -m devtools.module_map --check  # exit 1 if stale

Every import counts, including the ones deferred into a function body (to keep cold starts
cheap) and those only type checkers read.
"""

from __future__ import annotations

import argparse
import ast
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "functions" / "teamkit"
MAIN = PACKAGE.parent / "main.py"
DOCUMENT = ROOT / "docs" / "architecture.md"
START = "<!-- module-map:start -->"
END = "<!-- module-map:end -->"
REGENERATE = "PYTHONPATH=functions:. .venv/bin/python -m devtools.module_map"
WIDTH = 100
MARGIN = 10
AREAS = frozenset(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists())


def module_name(path: Path) -> str:
    """`teamkit.billing.ledger` for `functions/teamkit/billing/ledger.py`."""
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


def area_of(module: str) -> str | None:
    """`billing` for `teamkit.billing.ledger`; None for a top-level module (`teamkit.roles`)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in AREAS else None


def area_graph() -> dict[str, set[str]]:
    """Area -> the other areas its modules import."""
    graph: dict[str, set[str]] = {area: set() for area in AREAS}
    for module, imported in import_graph().items():
        if (area := area_of(module)) is not None:
            graph[area] |= {a for name in imported if (a := area_of(name)) not in (None, area)}
    return graph


def edge_modules(graph: dict[str, set[str]]) -> set[str]:
    """The top-level modules that reach an area through their imports (the boundary and
    whatever it loads to find the areas' handlers); every other top-level module is core."""
    reaching: set[str] = set()
    changed = True
    while changed:
        changed = False
        for module, imported in graph.items():
            if module == "teamkit" or area_of(module) or module in reaching:
                continue
            if any(area_of(name) or name in reaching for name in imported):
                reaching.add(module)
                changed = True
    return reaching


def height(area: str, areas: dict[str, set[str]]) -> int:
    """How many layers of areas lie below `area`: listing areas by falling height makes every
    arrow point down the list (the layering test keeps the area graph free of cycles)."""
    return max((1 + height(below, areas) for below in areas[area]), default=0)


def short(module: str) -> str:
    return module.removeprefix("teamkit.")


def words(items: list[str], indent: int, separator: str = "  ") -> list[str]:
    """`items` filled into lines of the map's width, every line indented by `indent`."""
    text = separator.join(items)
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * indent,
        break_on_hyphens=False,
    )


def labelled(label: str, lines: list[str]) -> list[str]:
    """`lines` (indented by `MARGIN`) with `label` in the first one's MARGIN."""
    return [f" {label}".ljust(MARGIN) + lines[0][MARGIN:], *lines[1:]]


def rendered_map() -> str:
    """The block between the markers: a text diagram of the layers, from the imports."""
    graph = import_graph()
    edges = edge_modules(graph)
    core = sorted(
        short(module)
        for module in graph
        if module != "teamkit" and area_of(module) is None and module not in edges
    )
    imported_by_main = {name for name in imported_names(MAIN, "") if name in graph}
    main_imports = sorted(
        short(name)
        for name in imported_by_main
        if not any(other.startswith(f"{name}.") for other in imported_by_main)
    )
    areas = area_graph()
    order = sorted(areas, key=lambda area: (-height(area, areas), area))
    width = max(len(area) for area in areas)
    arrow = "\n        │\n        ▼\n"
    edge_lines = [
        " " * MARGIN
        + short(module)
        + (
            " ─▶ " + ", ".join(short(name) for name in sorted(graph[module] & edges))
            if graph[module] & edges
            else ""
        )
        for module in sorted(edges)
    ]
    area_lines = [
        " " * MARGIN
        + f"{area.ljust(width)} ─▶ "
        + (", ".join(sorted(areas[area])) if areas[area] else "core only")
        for area in order
    ]
    sections = [
        "\n".join(labelled("main.py", words(main_imports, MARGIN, ", "))),
        "\n".join(labelled("edges", edge_lines or [" " * MARGIN + "none"])),
        "\n".join(labelled("areas", area_lines)),
        "\n".join(labelled("core", words(core, MARGIN))),
    ]
    legend = (
        "Generated from the imports by `devtools/module_map.py` (do not edit by hand): "
        "`main.py` lists the package modules it imports; an edge is a top-level module that "
        "reaches an area; `a ─▶ b` means a module of `a` imports one of `b`; the core is every "
        "top-level module that reaches no area."
    )
    return "\n".join(
        [
            START,
            "",
            "```",
            arrow.join(sections),
            "```",
            "",
            *textwrap.wrap(legend, WIDTH),
            "",
            END,
        ]
    )


def with_fresh_map(document: str) -> str:
    """`document` with the block between the markers replaced by the current map."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{DOCUMENT}: no module map markers ({START} ... {END})")
    return document[:start] + rendered_map() + document[end + len(END) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if the doc's map is stale")
    args = parser.parse_args(argv)
    current = DOCUMENT.read_text()
    fresh = with_fresh_map(current)
    if args.check:
        if fresh != current:
            print(f"{DOCUMENT} is stale: run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
