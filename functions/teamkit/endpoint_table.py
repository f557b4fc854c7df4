"""Every HTTP function in one table, gathered from the areas: each package of `teamkit` with an
`endpoints` module contributes its `ENDPOINTS`, so a new function is declared in its area only.

`devtools/openapi.py` reads it (and writes `teamkit/routes.py` from it), and so do the tests. A
request never imports it: `teamkit.http` imports only the area module of the function it serves.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from teamkit.endpoints import Endpoint

AREAS = tuple(sorted(path.parent.name for path in Path(__file__).parent.glob("*/endpoints.py")))
"""The areas that declare HTTP functions."""


def _gathered() -> dict[str, Endpoint]:
    table: dict[str, Endpoint] = {}
    for area in AREAS:
        for name, endpoint in import_module(f"teamkit.{area}.endpoints").ENDPOINTS.items():
            if name in table:
                raise TypeError(f"{name} is declared by two areas")
            table[name] = endpoint
    return table


ENDPOINTS: dict[str, Endpoint] = _gathered()
