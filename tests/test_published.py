from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def articles_in_every_state():
    now = timezone.now()
    return {
        "draft": make_article(status=Status.DRAFT, published_at=None),
        "dated draft": make_article(status=Status.DRAFT, published_at=now - timedelta(days=1)),
        "review": make_article(status=Status.REVIEW, published_at=now - timedelta(days=1)),
        "withdrawn": make_article(status=Status.WITHDRAWN, published_at=now - timedelta(days=1)),
        "scheduled": make_article(status=Status.PUBLISHED, published_at=now + timedelta(hours=1)),
        "published": make_article(status=Status.PUBLISHED, published_at=now - timedelta(days=1)),
    }


def test_published_returns_only_published_articles_whose_moment_has_come(articles_in_every_state):
    assert list(Article.objects.published()) == [articles_in_every_state["published"]]


def test_publishing_without_a_date_takes_the_current_time(time_machine):
    time_machine.move_to("2026-03-01 08:00:00Z", tick=False)
    article = make_article(status=Status.PUBLISHED, published_at=None)
    assert article.published_at == timezone.now()
    assert list(Article.objects.published()) == [article]


def test_is_published_agrees_with_published(articles_in_every_state):
    public_ids = set(Article.objects.published().values_list("id", flat=True))
    for article in articles_in_every_state.values():
        assert article.is_published == (article.id in public_ids), article.title


def test_scheduled_article_becomes_public_at_its_moment(time_machine):
    moment = timezone.now() + timedelta(hours=2)
    article = make_article(status=Status.PUBLISHED, published_at=moment)
    time_machine.move_to(moment - timedelta(seconds=1))
    assert not Article.objects.published().exists()
    assert not article.is_published
    time_machine.move_to(moment)
    assert list(Article.objects.published()) == [article]
    assert article.is_published
