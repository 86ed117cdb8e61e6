"""Property-based requests generated from /openapi.json (schemathesis): no input may give a 500, and
every answer must match what the OpenAPI document declares. Bounded: a few dozen cases per operation."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.api.app import create_app
from service.api.settings import Settings


@schemathesis.check
def no_internal_error(ctx, response, case):
    """Any 5xx but 503 (a missing external part, or a timeout, announced as such) is a bug."""
    if response.status_code >= 500 and response.status_code != 503:
        raise AssertionError(f"{response.status_code}: {response.text[:300]}")
    if response.status_code == 503:
        assert response.json()["error"]["code"] in ("unavailable", "timeout")
    return None


app = create_app(Settings(max_upload_mb=1, request_timeout=60))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_input_gives_a_server_error(case):
    case.call_and_validate(checks=[no_internal_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])
