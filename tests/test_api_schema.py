"""schemathesis against the OpenAPI document: generated requests to every operation, as a role that may
call it, never get a 5xx, and every response matches the documented status codes, content types and
schemas. Bounded: a few examples per operation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from test_api_rbac import ROUTES
from test_api_support import World, world  # noqa: F401

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
PREFERENCE = ("compliance_officer", "qa_analyst", "platform", "admin", "coach")


# Packets are uploaded as raw zip bytes: the same as application/octet-stream.
schemathesis.serializer.alias("application/zip", "application/octet-stream")


def _template(path: str) -> str:
    names = {"{call}": "{call_id}", "{job}": "{job_id}", "{span}": "{span_id}", "{agent}": "{agent_id}",
             "{dispute}": "{dispute_id}", "{cal}": "{session_id}", "{note}": "{note_id}", "{hook}": "{webhook_id}",
             "{user}": "{user_id}", "{key}": "{key_id}", "{rubric}": "{rubric_id}", "{packet}": "{packet_id}"}
    path = path.split("?")[0]
    for short, long in names.items():
        path = path.replace(short, long)
    return path


ROLE_FOR = {(r.method, _template(r.path)): next(p for p in PREFERENCE if p in r.allowed) for r in ROUTES}


def _schema() -> Any:
    from api.app import create_app

    # Loading the document needs no database; requests run against the test module's seeded home.
    return schemathesis.openapi.from_asgi("/v1/openapi.json", create_app(recover_jobs=False))


SCHEMA = _schema()
# Building a packet renders PDFs (seconds each); it is exercised in test_api.py.
SKIP = {("POST", "/v1/evidence-packets")}
OPERATIONS = [op for op in (result.ok() for result in SCHEMA.get_all_operations())
              if (op.method.upper(), op.path) not in SKIP]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS])
def test_openapi_conformance(operation: Any, world: World) -> None:  # noqa: F811
    from hypothesis import given

    role = ROLE_FOR.get((operation.method.upper(), operation.path), "admin")
    auth = {"Authorization": f"Bearer {world.tokens[('org-a', role)]}"}

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        case.headers = {**(case.headers or {}), **auth}
        case.call_and_validate(checks=CHECKS)

    check()
