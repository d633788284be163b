import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.pages import pages_to_measure
from tests.plans import plans_as_run

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL plans"),
    # VACUUM, which lets PostgreSQL plan index-only scans, cannot run inside a transaction.
    pytest.mark.django_db(transaction=True),
]


def test_no_public_page_scans_the_whole_article_table(client):
    call_command("generate_articles", 20_000, "--seed", "1")
    scanning = {}
    for name, url in pages_to_measure(deep_page=500):
        cache.clear()  # so the article counts are made, and explained, too
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, (name, url)
        plans = plans_as_run(q["sql"] for q in queries)
        assert plans, name
        for sql, plan in plans:
            if "Seq Scan on articles_article" in plan:
                scanning[name] = f"{url}:\n{sql[:300]}\n{plan}"
    assert not scanning, "\n\n".join(scanning.values())
