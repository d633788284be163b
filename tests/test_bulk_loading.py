"""A bulk load may bring its own search vectors; every later edit has the trigger make it."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from articles.models import Article
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the search trigger is PostgreSQL's"
    ),
]


def _vector_of(article):
    return Article.objects.values_list("search_vector", flat=True).get(pk=article.pk)


@pytest.fixture
def loaded_article():
    """An article inserted with a vector that says something other than its text."""
    return make_article(
        title="Bericht aus Samarkand",
        search_vector=SearchVector(Value("Zwergflusspferd"), config="simple"),
    )


def test_an_article_inserted_with_a_search_vector_keeps_it(loaded_article):
    assert _vector_of(loaded_article) == "'zwergflusspferd':1"


def test_an_article_inserted_without_one_gets_it_from_the_trigger():
    article = make_article(title="Bericht aus Samarkand")
    assert "samarkand" in _vector_of(article)


def test_a_later_edit_of_a_loaded_article_makes_its_vector_afresh(loaded_article):
    article = Article.objects.get(pk=loaded_article.pk)
    article.title = "Neuer Bericht aus Samarkand"
    article.save()
    vector = _vector_of(article)
    assert "samarkand" in vector
    assert "zwergflusspferd" not in vector
