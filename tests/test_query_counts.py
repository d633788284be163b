import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.archive.synthetic import COMMON_WORD, RARE_WORD
from bench.pages import pages_to_measure
from tests.factories import make_article

pytestmark = pytest.mark.django_db

MAX_QUERIES = 5


def _over_the_limit(counts):
    return {name: n for name, n in counts.items() if n > MAX_QUERIES}


def _queries_per_page(client, pages):
    counts = {}
    for name, url in pages:
        cache.clear()  # the article counts are cached: measure the first, dearest request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


def test_public_pages_make_the_same_few_queries_for_10_and_for_10000_articles(client):
    # A curated front page: its slots and a block for each section.
    call_command("generate_articles", 10, "--seed", "1", "--curate")
    # A search that finds nothing asks for no page of results; the rare word, in about one
    # generated article in five thousand, is given one here (beside the common word, and
    # without the word that often follows it), so both archives find it in every search that
    # can find anything.
    make_article(body=f"Die {COMMON_WORD} weiß: Im Zoo lebt ein {RARE_WORD}.")
    small = _queries_per_page(client, pages_to_measure())
    call_command("generate_articles", 9990, "--seed", "2")
    large = _queries_per_page(client, pages_to_measure())
    assert large == small
    assert not _over_the_limit(large), large


def test_a_deep_page_makes_no_more_than_five_queries(client):
    call_command("generate_articles", 10000, "--seed", "1", "--curate")
    counts = _queries_per_page(client, pages_to_measure(deep_page=400))
    assert not _over_the_limit(counts), counts


def test_a_second_request_counts_nothing_again(client, django_assert_num_queries):
    call_command("generate_articles", 100, "--seed", "1")
    client.get("/")
    with django_assert_num_queries(1):  # the page's twenty articles, with their sources
        client.get("/")
