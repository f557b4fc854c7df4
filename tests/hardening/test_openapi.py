"""`docs/openapi.json` describes exactly the HTTP functions and request bodies of the code
(regenerate it with `PYTHONPATH=functions:. .venv/bin/python -m devtools.openapi`)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, RootModel

from devtools.openapi import DOCUMENT, rendered
from teamkit.endpoint_table import ENDPOINTS
from teamkit.errors import Reason
from teamkit.events import LOGGED_EVENTS
from teamkit.migrate.registry import DOCUMENTS
from tests.support.in_process import HTTP_FUNCTIONS


def test_the_committed_openapi_document_is_up_to_date() -> None:
    assert DOCUMENT.read_text() == rendered(), "run: python -m devtools.openapi"


def test_it_describes_every_http_function_with_the_body_it_validates() -> None:
    document = json.loads(DOCUMENT.read_text())

    assert sorted(document["paths"]) == sorted(f"/{name}" for name in HTTP_FUNCTIONS)
    for name, endpoint in ENDPOINTS.items():
        body = document["paths"][f"/{name}"]["post"]["requestBody"]["content"]
        if endpoint.body is None:  # raw bytes, checked against a signature, not a schema
            assert body["application/json"]["schema"] == {"type": "object"}, name
            assert endpoint.signature_header is not None, name
            continue
        reference = body["application/json"]["schema"]["$ref"]
        schema = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
        assert set(schema.get("properties", {})) == set(endpoint.body.model_fields)
        assert schema.get("additionalProperties") is False


def test_it_describes_every_success_answer_with_its_model() -> None:
    document = json.loads(DOCUMENT.read_text())
    schemas = document["components"]["schemas"]

    for name, endpoint in ENDPOINTS.items():
        (success,) = [
            code for code in document["paths"][f"/{name}"]["post"]["responses"] if code < "300"
        ]
        answer = document["paths"][f"/{name}"]["post"]["responses"][success]["content"]
        reference = answer["application/json"]["schema"]["$ref"]
        schema = schemas[reference.rsplit("/", 1)[-1]]
        assert set(schema.get("properties", {})) == set(endpoint.answer.model_fields), name
        assert schema.get("additionalProperties") is False, name


def test_public_functions_and_only_they_need_no_token() -> None:
    document = json.loads(DOCUMENT.read_text())

    public = {
        path.strip("/")
        for path, item in document["paths"].items()
        if item["post"].get("security") == []
    }

    assert public == {name for name, e in ENDPOINTS.items() if e.public} | {"stripeWebhook"}


def declared_fields(model: type[BaseModel]) -> list[set[str]]:
    """The stored names of a document model's fields (their camelCase aliases; a field kept
    out of the document, like the id, is none), or of each member of a union (the events)."""
    if isinstance(model, type) and issubclass(model, RootModel):
        return [set(member.model_fields) for member in LOGGED_EVENTS]
    return [{f.alias or name for name, f in model.model_fields.items() if not f.exclude}]


def described_fields(schema: dict[str, Any], schemas: dict[str, Any]) -> list[set[str]]:
    members = [schemas[ref["$ref"].rsplit("/", 1)[1]] for ref in schema.get("oneOf", [])]
    return [set(member["properties"]) for member in members or [schema]]


def test_it_names_every_firestore_document_clients_read() -> None:
    schemas = json.loads(DOCUMENT.read_text())["components"]["schemas"]

    for path, model in DOCUMENTS.items():
        schema = schemas[model.__name__]
        assert schema["x-firestore-path"] == path
        assert described_fields(schema, schemas) == declared_fields(model)
    assert schemas["Reason"]["enum"] == [reason.value for reason in Reason]


def test_each_error_response_lists_the_reasons_it_may_carry() -> None:
    responses = json.loads(DOCUMENT.read_text())["components"]["responses"]

    assert {"ALREADY_INVITED", "CONCURRENT_CHANGE"} <= set(responses["AlreadyExists"]["x-reasons"])
    assert "LAST_OWNER" in responses["FailedPrecondition"]["x-reasons"]
    assert responses["ResourceExhausted"]["x-reasons"] == ["RATE_LIMITED"]
    listed = {reason for response in responses.values() for reason in response["x-reasons"]}
    assert listed <= {reason.value for reason in Reason}
