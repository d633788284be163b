import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Tag
from articles.models.article_page import published_article
from articles.models.querysets import RELATED_CANDIDATES_PER_TAG
from articles.models.teaser_rows import related_teasers
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


def test_related_stories_read_a_common_tags_newest_in_order_with_a_plan_made_once(settings):
    """The related statement is planned once for every tag: its plan must not guess how many
    articles a tag has. It reads each tag's newest from the tags' index in that index's order,
    rather than sorting all of a common tag's rows found by another index."""
    call_command("generate_articles", 20_000, "--seed", "1")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_taggedarticle")
    common = Tag.objects.with_uses().order_by("-uses").first()
    assert common.uses > RELATED_CANDIDATES_PER_TAG  # so that it has a newest 200 to find
    article = Article.objects.published().filter(tags=common).first()
    tags = published_article(article.slug).tags.all()
    settings.DEBUG = False  # so that the statement is prepared on the server
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
    try:
        with plans_of_every_statement() as plans:
            related_teasers(article, tags, 4)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET plan_cache_mode")
    assert "$1" in plans.text  # the plan made for any values
    assert "tagged_by_tag_published" not in plans.text, plans.text
    assert "Sort Key: u0" not in plans.text.replace("U0", "u0"), plans.text
