"""Every HTTP function in one table, gathered from each area's `endpoints` module, for
`devtools/openapi.py` (which writes `teamkit/routes.py` from it) and the tests. A request never
imports it: `teamkit.http` imports only the area module of the function it serves."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from teamkit.endpoints import Endpoint

AREAS = tuple(sorted(path.parent.name for path in Path(__file__).parent.glob("*/endpoints.py")))

TABLES: dict[str, dict[str, Endpoint]] = {
    area: import_module(f"teamkit.{area}.endpoints").ENDPOINTS for area in AREAS
}
ENDPOINTS: dict[str, Endpoint] = {name: e for table in TABLES.values() for name, e in table.items()}
