"""Every success answer the suite sees is checked against the function's declared answer model
(`teamkit.endpoint_table.ENDPOINTS[name].answer`), wherever it came from: the in-process client
and the HTTP client both call this, so coverage grows with the suite."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from teamkit.endpoint_table import ENDPOINTS

SUCCESS = frozenset({200, 201})


def assert_answer_matches_model(name: str, status: int, body: Any) -> None:
    """Fail unless a 2xx answer of the HTTP function `name` is valid for its answer model
    (no missing, mistyped or undeclared field). Other answers and unknown names pass."""
    endpoint = ENDPOINTS.get(name)
    if endpoint is None or status not in SUCCESS:
        return
    if isinstance(body, bytes | str):
        body = json.loads(body)
    try:
        endpoint.answer.model_validate(body)
    except ValidationError as error:
        raise AssertionError(
            f"{name} answered {status} with a body its model {endpoint.answer.__name__} "
            f"refuses:\n{error}\nbody: {body!r:.2000}"
        ) from None
