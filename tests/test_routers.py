import copy

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom.routers import ReplicaRouter
from tests.factories import make_article

REPLICA = "replica1"

# Committed rows are visible through both aliases, as a replica shows its primary's.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(autouse=True, scope="module")
def replica_alias(django_db_setup):
    """A second alias reading the test database, as production's replica1 would read a replica.

    Module-scoped, so that it exists before pytest-django checks the aliases a test asks for;
    the rest of the suite never sees it.
    """
    replica = copy.deepcopy(connections["default"].settings_dict)  # named as the test database
    replica["TEST"]["MIRROR"] = "default"  # nothing to create, flush or drop of its own
    django_settings.DATABASES[REPLICA] = replica  # the dict connections reads its aliases from
    try:
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del django_settings.DATABASES[REPLICA]


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_REPLICAS = [REPLICA]


def _tables(queries, verb):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(verb)]


def test_a_readers_page_is_read_from_the_replica_and_an_article_written_to_the_primary(
    client, with_replica
):
    with CaptureQueriesContext(connections["default"]) as primary:
        article = make_article(title="Replicated story")
    with (
        CaptureQueriesContext(connections["default"]) as primary_reads,
        CaptureQueriesContext(connections[REPLICA]) as replica_reads,
    ):
        response = client.get(article.get_absolute_url())
    assert "Replicated story" in response.content.decode()
    assert _tables(primary, "INSERT")
    assert _tables(replica_reads, "SELECT")
    assert not _tables(primary_reads, "SELECT")


def test_sessions_and_users_stay_on_the_primary(with_replica, django_user_model):
    router = ReplicaRouter()
    assert router.db_for_read(Article) == REPLICA
    assert router.db_for_read(django_user_model) == "default"
    assert router.db_for_write(Article) == "default"


def test_without_replicas_everything_reads_from_the_primary():
    assert ReplicaRouter().db_for_read(Article) == "default"


def test_only_the_primary_is_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate(REPLICA, "articles")
