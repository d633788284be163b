"""The admin's start page is a desk: what waits, each list with its count and articles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Revision
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status
INDEX = reverse("admin:index")


def lists(response):
    return {item["name"]: item for item in response.context["desk"]}


def test_the_desk_lists_what_waits_with_counts(editor_client, editor, reporter):
    waiting = make_article(status=Status.REVIEW, published_at=None, title="Wartet")
    make_article(status=Status.REVIEW, published_at=None)
    later = make_article(status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
    changed = make_article(has_new_agency_text=True)
    mine = make_article(status=Status.DRAFT, published_at=None, title="Meins")
    theirs = make_article(status=Status.DRAFT, published_at=None, title="Fremd")
    Revision.objects.record(mine, user=editor)
    Revision.objects.record(theirs, user=reporter)
    live = make_article(title="Live")

    desk = lists(editor_client.get(INDEX))
    assert desk["review"]["count"] == 2
    assert waiting in desk["review"]["articles"]
    assert [a.pk for a in desk["scheduled"]["articles"]] == [later.pk]
    assert [a.pk for a in desk["agency"]["articles"]] == [changed.pk]
    assert [a.pk for a in desk["drafts"]["articles"]] == [mine.pk]
    assert live in desk["published"]["articles"]
    assert later not in desk["published"]["articles"]


def test_the_desk_shows_titles_and_links_to_the_lists(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None, title="Wartet auf Prüfung")
    html = editor_client.get(INDEX).content.decode()
    assert "Wartet auf Prüfung" in html
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "?status__exact=review" in html


def test_the_desks_queries_do_not_grow_with_the_articles(
    editor_client, django_assert_max_num_queries
):
    for _ in range(20):
        make_article(status=Status.REVIEW, published_at=None)
    with django_assert_max_num_queries(25):
        editor_client.get(INDEX)
