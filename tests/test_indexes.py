import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from bench.pages import pages_to_measure
from tests.plans import plans_of_every_statement

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL plans"),
    # VACUUM, which lets PostgreSQL plan index-only scans, cannot run inside a transaction.
    pytest.mark.django_db(transaction=True),
]


# The article table itself, not the tables whose names start with its own (articles_articleurl).
WHOLE_ARTICLE_TABLE = re.compile(r"Seq Scan on articles_article\b")
SIFTED_FROM_THE_INDEX = re.compile(
    r"Index Only Scan using tagged_by_tag_newest on articles_taggedarticle"
)


def test_no_public_page_scans_the_whole_article_table(client):
    call_command("generate_articles", 20_000, "--seed", "1", "--curate")
    scanning, plans_of = {}, {}
    for name, url in pages_to_measure(deep_page=500):
        cache.clear()  # so the article counts are made, and explained, too
        # Every statement's plan, those run inside database functions too (search has one).
        with plans_of_every_statement() as plans:
            assert client.get(url).status_code == 200, (name, url)
        assert "articles_article" in plans.text, name
        plans_of[name] = plans.text
        if WHOLE_ARTICLE_TABLE.search(plans.text):
            scanning[name] = f"{url}:\n{plans.text}"
    assert not scanning, "\n\n".join(scanning.values())
    # An article's related candidates (hundreds) are sifted by status, language and date, and
    # weighed by their tags, from the tags' index alone, not each looked up among the
    # articles or their tags.
    article = plans_of["article"]
    assert SIFTED_FROM_THE_INDEX.search(article), article


def test_page_queries_start_neither_jit_compiling_nor_parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
