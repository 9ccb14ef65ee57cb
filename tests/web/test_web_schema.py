"""schemathesis against /openapi.json: generated requests to every operation of the
read-only API (over the examples store) never get a 500, and every answer matches
what the schema promises (status codes, content types, bodies).

The operations are run from one test with Hypothesis directly: schemathesis' pytest
plugin does not run under this pytest version."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from eventwire.web import create_app

EXAMPLES_PER_OPERATION = 10


def test_api_matches_its_schema(readonly_store):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(readonly_store))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    checked = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            if case.query:
                # a cursor is opaque: only one the API wrote is valid, so schema-valid
                # strings would be refused (400, tested in test_web_api.py)
                case.query.pop("cursor", None)
            case.call_and_validate()

        check()
        checked.append(operation.label)
    assert "GET /api/v1/events" in checked
