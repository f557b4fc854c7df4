"""The layers of docs/architecture.md, kept by the imports themselves: no cycle between modules or
between areas; core modules import no area (only the generated `teamkit.routes` names the areas'
secrets); each area's `endpoints` module is its top, imported by no module (the table and the
boundary find it by name); mail imports no other area; the membership core imports no area but
billing and is the only module that writes members, their counters and blocks, checks seats or
ends links; every Cloud Function in main.py hands its request to the HTTP boundary or its event
to an area's `triggers.py`. Every import counts, including the ones deferred into a function body
(to keep cold starts cheap) and those only type checkers read: a cycle is a knot in the design
whether or not Python happens to untie it. The graph is `devtools.module_map`'s, the same that
draws docs/architecture.md's map."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from devtools.module_map import MAIN, PACKAGE, area_graph, area_of, import_graph, module_name

MEMBERSHIP_CORE = "teamkit.membership.core"
COUNTERS = {"member_count", "owner_count", "pending_invite_count"}
"""The team's counters (`Team`), which only the membership core moves."""
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


def membership_writes(path: Path) -> list[str]:
    """What `path` writes that only the membership core may: a write (`create`, `set`, `update`,
    `delete`) of a member or block document, named by `paths` directly or through a name bound to
    it; a member or block built; a query over every team's members; a move of any of the team's
    counters (`Team.counters`, or a counter named in a `Team` built or an `update`); a team's
    closing (`Team.deletion`); a link ended (`InviteLink.revoked`); a seat check."""
    tree = ast.parse(path.read_text())

    def names_membership_path(node: ast.AST) -> bool:
        return any(
            isinstance(n, ast.Attribute)
            and n.attr in {"member", "removal_block", "MEMBERS"}
            and ast.unparse(n.value) == "paths"
            for n in ast.walk(node)
        )

    bound = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and names_membership_path(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = [
        f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (
                isinstance(node.func, ast.Attribute)
                and node.func.attr in {"create", "set", "update", "delete"}
                and node.args
                and (
                    names_membership_path(node.args[0])
                    or any(
                        isinstance(n, ast.Name) and n.id in bound for n in ast.walk(node.args[0])
                    )
                )
            )
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "counters")
            or (
                ast.unparse(node.func).split(".")[-1] in {"Team", "update"}
                and {keyword.arg for keyword in node.keywords} & COUNTERS
            )
            or (isinstance(node.func, ast.Attribute) and node.func.attr in {"deletion", "revoked"})
            or ast.unparse(node.func).split(".")[-1]
            in {"Member", "RemovalBlock", "check_free_seats"}
        )
    ]
    found += [
        f"{path.name}:{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "MEMBERS"
    ]
    return found


def test_the_membership_finder_sees_every_kind_of_write() -> None:
    found = membership_writes(PACKAGE / "membership" / "core.py")

    for written in (
        "transaction.create(paths.member(",
        "transaction.delete(paths.member(",
        "transaction.update(paths.member(",
        "transaction.set(paths.removal_block(",
        "team.counters(now, members=1",
        "team.counters(now, pending_invites=change)",
        "team.deletion(",
        "link.revoked(",
        "RemovalBlock(",
        "check_free_seats(",
        "paths.MEMBERS",
    ):
        assert any(written in line for line in found), written


def test_the_membership_finder_sees_a_counter_written_by_name(tmp_path: Path) -> None:
    written = tmp_path / "written.py"
    written.write_text(
        "transaction.update(ref, Team.update(pending_invite_count=0))\n"
        "team = Team(name='x', member_count=2)\n"
    )

    assert len(membership_writes(written)) == 2


def test_only_the_membership_core_writes_members_counters_blocks_and_link_endings() -> None:
    """Every way a member joins, leaves, changes role or loses their team, and every seat check,
    goes through `teamkit.membership.core` (the document models and paths only define them)."""
    defining = {MEMBERSHIP_CORE, "teamkit.documents", "teamkit.paths"}
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}

    assert {
        module: found
        for module, path in modules.items()
        if module not in defining and (found := membership_writes(path))
    } == {}


def test_the_membership_core_imports_no_area_but_billing_so_every_area_may_call_it() -> None:
    """Billing decides a lapsed team's free seats and the cancellation a closing team owes;
    nothing else of an area. The rest of `membership` stays as low, so that joining, invitations,
    teams and accounts, which call the core, may sit above it."""
    graph = import_graph()

    assert {area_of(name) for name in graph[MEMBERSHIP_CORE]} - {None} == {"billing"}
    assert area_graph()["membership"] == {"billing"}
    assert {module for module, imported in graph.items() if MEMBERSHIP_CORE in imported} >= {
        "teamkit.teams.create_team",
        "teamkit.teams.delete_team",
        "teamkit.invitations.accept_invite",
        "teamkit.membership.add_existing_member",
        "teamkit.membership.change_member_roles",
        "teamkit.membership.remove_member",
        "teamkit.joining.links",
        "teamkit.joining.domain_join",
        "teamkit.joining.join_requests",
        "teamkit.accounts.delete_account",
        "teamkit.accounts.sync_profile",
    }
