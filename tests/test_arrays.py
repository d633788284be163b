"""A list of ids as one array parameter on PostgreSQL (articles/models/arrays.py)."""

import pytest
from django.db import connection

from articles.models import Article
from articles.models.arrays import with_ids
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return [make_article(title=f"Headline {number}") for number in range(3)]


def test_the_same_articles_as_a_list_of_ids_gives(articles):
    wanted = [articles[0].pk, articles[2].pk, 10**9]
    found = with_ids(Article.objects.all(), wanted)
    assert set(found) == set(Article.objects.filter(pk__in=wanted)) == {articles[0], articles[2]}


def test_no_ids_no_articles(articles):
    assert list(with_ids(Article.objects.all(), [])) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's arrays")
def test_hundreds_of_ids_are_one_parameter(articles):
    def parameters(ids):
        return with_ids(Article.objects.all(), ids).query.sql_with_params()[1]

    assert len(parameters(range(3))) == len(parameters(range(500))) == 1
