"""Corrections are public: under the article, on /corrections/, and in its "updated" date."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Correction
from tests.admin_forms import article_form_data, change_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CORRECTIONS = reverse("articles:corrections")


def correct(article, text, kind=Correction.Kind.CORRECTION, at=None):
    correction = Correction.objects.create(article=article, kind=kind, text=text)
    if at is not None:
        Correction.objects.filter(pk=correction.pk).update(created_at=at)
        correction.refresh_from_db()
    return correction


def test_article_page_lists_its_corrections_in_order_under_the_text(client):
    article = make_article(body="The text.")
    moment = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    correct(article, "Second fix.", at=moment + timedelta(hours=1))
    correct(article, "First fix.", Correction.Kind.CLARIFICATION, at=moment)
    content = client.get(article.get_absolute_url()).content.decode()
    assert content.index("The text.") < content.index("First fix.") < content.index("Second fix.")


def dateline(response):
    """The line under an article's title: its publication time, and its update time if any."""
    content = response.content.decode()
    start = content.index('<p class="meta dateline">')
    return content[start : content.index("</p>", start)]


def test_updated_date_follows_the_newest_correction(client):
    article = make_article(published_at=datetime(2026, 1, 30, 9, 0, tzinfo=UTC))
    correct(article, "Old.", at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    correct(article, "New.", at=datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    shown = dateline(client.get(article.get_absolute_url()))
    assert '<time datetime="2026-02-03T10:00:00+01:00">' in shown
    assert "2026-02-01" not in shown


def test_article_without_corrections_shows_no_updated_date(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert dateline(response).count("<time") == 1
    assert 'class="corrections"' not in response.content.decode()


def test_corrections_page_lists_corrections_of_published_articles_newest_first(client):
    published = make_article(title="Public piece")
    draft = make_article(title="Draft piece", status=Article.Status.DRAFT, published_at=None)
    older = correct(published, "Older fix.", at=datetime(2026, 2, 1, tzinfo=UTC))
    newer = correct(published, "Newer fix.", at=datetime(2026, 2, 2, tzinfo=UTC))
    correct(draft, "Hidden fix.")
    response = client.get(CORRECTIONS)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [newer, older]
    content = response.content.decode()
    assert "Hidden fix." not in content
    assert published.get_absolute_url() in content


def test_corrections_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    correct(make_article(), "One.")
    with CaptureQueriesContext(connection) as few:
        client.get(CORRECTIONS)
    for _ in range(10):
        correct(make_article(), "More.")
    cache.clear()  # the menu's sections are cached; read them again, as the first time
    with django_assert_num_queries(len(few)):
        assert client.get(CORRECTIONS).status_code == 200


def test_editor_adds_a_correction_inline_on_the_article(editor_client):
    article = make_article()
    data = article_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "update",
            "corrections-0-text": "Added the ministry's answer.",
        },
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    assert list(article.corrections.values_list("kind", "text")) == [
        ("update", "Added the ministry's answer.")
    ]
