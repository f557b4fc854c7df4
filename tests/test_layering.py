"""The layers of docs/architecture.md, kept by the imports themselves: no cycle between modules or
between areas; core modules import no area (only the generated `teamkit.routes` names the areas'
secrets); each area's `endpoints` module is its top, imported by no module (the table and the
boundary find it by name); mail imports no other area; every Cloud Function in main.py hands its
request to the HTTP boundary or its event to an area's `triggers.py`. Every import counts,
including the ones deferred into a function body (to keep cold starts cheap) and those only type
checkers read: a cycle is a knot in the design whether or not Python happens to untie it. The
graph is `devtools.module_map`'s, the same that draws docs/architecture.md's map."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter

from devtools.module_map import MAIN, area_graph, area_of, import_graph

ROUTES = "teamkit.routes"


def test_the_graph_sees_deferred_and_type_only_imports() -> None:
    graph = import_graph()

    assert ROUTES in graph["teamkit.http"]  # deferred into `serve`
    assert "teamkit.auth" in graph["teamkit.access"]  # under TYPE_CHECKING


def test_no_module_of_the_package_imports_itself_in_a_cycle() -> None:
    try:
        TopologicalSorter(import_graph()).prepare()
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_no_area_imports_itself_in_a_cycle_through_other_areas() -> None:
    try:
        TopologicalSorter(area_graph()).prepare()
    except CycleError as error:
        raise AssertionError(f"cycle between areas: {' -> '.join(error.args[1])}") from None


def test_core_modules_import_no_area_only_the_routes_name_their_secrets() -> None:
    core_to_areas = {
        module: sorted(name for name in imported if area_of(name))
        for module, imported in import_graph().items()
        if area_of(module) is None and module not in (ROUTES, "teamkit")
    }

    assert {module: areas for module, areas in core_to_areas.items() if areas} == {}
    assert all(name.endswith(".config") for name in import_graph()[ROUTES] if area_of(name))


def test_an_areas_endpoints_module_is_its_top_and_imported_by_no_module() -> None:
    graph = import_graph()
    endpoints = {module for module in graph if module.endswith(".endpoints") and area_of(module)}

    assert {"teamkit.teams.endpoints", "teamkit.billing.endpoints"} <= endpoints
    assert {module: sorted(imported & endpoints) for module, imported in graph.items()} == {
        module: [] for module in graph
    }


def test_the_shared_endpoint_pieces_are_core() -> None:
    assert area_of("teamkit.endpoints") is None
    assert {name for name in import_graph()["teamkit.endpoints"] if area_of(name)} == set()


def test_mail_is_below_every_other_area() -> None:
    assert area_graph()["mail"] == set()
    assert "mail" in area_graph()["notifications"]


def test_every_cloud_function_calls_the_http_boundary_or_a_triggers_module() -> None:
    tree = ast.parse(MAIN.read_text())
    origin = {
        alias.asname or alias.name: f"{node.module}.{alias.name}"
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    (http_function,) = [node for node in functions if node.name == "_http_function"]
    (answer,) = [node for node in http_function.body if isinstance(node, ast.FunctionDef)]
    triggers = [node for node in functions if node is not http_function]
    called = {
        function.name: {
            origin.get(ast.unparse(call.func).split(".")[0], "?")
            for statement in function.body
            for call in ast.walk(statement)
            if isinstance(call, ast.Call) and not ast.unparse(call.func).startswith("event.")
        }
        for function in [answer, *triggers]
    }

    assert len(triggers) >= 6
    assert called.pop(answer.name) == {"teamkit.http.serve"}  # every HTTP function
    assert {
        name: targets
        for name, targets in called.items()
        if not all(t.endswith(".triggers") or ".triggers." in t for t in targets)
    } == {}
