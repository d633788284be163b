import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.pages import pages_to_measure

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL plans"),
    # VACUUM, which lets PostgreSQL plan index-only scans, cannot run inside a transaction.
    pytest.mark.django_db(transaction=True),
]


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_no_public_page_scans_the_whole_article_table(client):
    call_command("generate_articles", 20_000, "--seed", "1", "--curate")
    scanning = {}
    for name, url in pages_to_measure(deep_page=500):
        cache.clear()  # so the article counts are made, and explained, too
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, (name, url)
        article_queries = [q["sql"] for q in queries if "articles_article" in q["sql"]]
        assert article_queries, name
        for sql in article_queries:
            plan = _plan(sql)
            # The article table itself; articles_articleauthor and the like share its prefix.
            if re.search(r"Seq Scan on articles_article\b", plan):
                scanning[name] = f"{url}:\n{sql[:300]}\n{plan}"
    assert not scanning, "\n\n".join(scanning.values())
