"""The v3 OpenAPI document is valid, and the live API keeps to it under generated input."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api_support import make_api_content
from tests.conftest import ensure_site_tree

# Bounded so the whole run stays well under two minutes on a small CI machine.
EXAMPLES_PER_OPERATION = 25


@pytest.mark.django_db
def test_openapi_document_validates(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises with the offending path if the document is invalid
    assert "/api/v3/pages/" in document["paths"]


@pytest.mark.slow
def test_generated_requests_get_no_server_error_and_match_the_schema(live_server, transactional_db):
    make_api_content(ensure_site_tree())
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v3/openapi.json")
    # No snippet type is enabled for v3, so Wagtail documents /snippets/{type}/ with
    # `type` fixed to "" - a path no request can carry. Everything else is exercised.
    selected = schema.include(method="GET").exclude(path_regex="^/api/v3/snippets/")
    operations = [result.ok() for result in selected.get_all_operations()]
    assert {"/api/v3/pages/", "/api/v3/pages/{page_id}/", "/api/v3/pages/find/"} <= {
        operation.path for operation in operations
    }

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                base_url=live_server.url,
                checks=[not_a_server_error, response_schema_conformance],
            )

        check()
