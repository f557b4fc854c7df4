"""`docs/openapi.json` describes exactly the HTTP functions and request bodies of the code
(regenerate it with `PYTHONPATH=functions:. .venv/bin/python -m devtools.openapi`)."""

from __future__ import annotations

import json

from devtools.openapi import DOCUMENT, rendered
from teamkit.api import ENDPOINTS
from tests.support.in_process import HTTP_FUNCTIONS


def test_the_committed_openapi_document_is_up_to_date() -> None:
    assert DOCUMENT.read_text() == rendered(), "run: python -m devtools.openapi"


def test_it_describes_every_http_function_with_the_body_it_validates() -> None:
    document = json.loads(DOCUMENT.read_text())

    assert sorted(document["paths"]) == sorted(f"/{name}" for name in HTTP_FUNCTIONS)
    for name, endpoint in ENDPOINTS.items():
        body = document["paths"][f"/{name}"]["post"]["requestBody"]["content"]
        reference = body["application/json"]["schema"]["$ref"]
        schema = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
        assert set(schema.get("properties", {})) == set(endpoint.body.model_fields)
        assert schema.get("additionalProperties") is False
