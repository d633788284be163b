"""The API keeps to its own OpenAPI description: a property-based run (schemathesis) over every
operation finds no server error and no answer the description does not allow."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from newsroom.wsgi import application
from tests.api import seed_api_world

# The requests go through the whole WSGI application, whose end of request closes a database
# connection found inside a transaction: the test's data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api_schema(settings):
    settings.API_RATE_ANONYMOUS = settings.API_RATE_PER_KEY = 1_000_000
    seed_api_world()
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_description_says(case):
    # Every check but one: "a request the description allows is accepted" cannot hold for the
    # cursor, which is valid only as the API gave it, nor for dates such as February 30,
    # which answer 400 with what is wrong.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
