"""Corrections are public: under the article, on /corrections/, and in its "updated" date."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


def test_corrections_page_on_past_two_hundred_and_a_new_one_makes_a_new_page(client):
    article = make_article()
    start = timezone.now() - timedelta(days=30)
    Correction.objects.bulk_create(
        Correction(article=article, text=f"Fix {n}.") for n in range(204)
    )
    for n, pk in enumerate(Correction.objects.order_by("pk").values_list("pk", flat=True)):
        Correction.objects.filter(pk=pk).update(created_at=start + timedelta(hours=n))
    assert client.get(CORRECTIONS, {"page": 11}).status_code == 200
    assert client.get(CORRECTIONS, {"page": 12}).status_code == 404
    correct(article, "The newest fix.")  # saved: every list is counted again
    first = client.get(CORRECTIONS).context["object_list"]
    assert [c.text for c in first][:2] == ["The newest fix.", "Fix 203."]
    deep = client.get(CORRECTIONS, {"page": 11})
    # The deep page reads its ids first (ArchivePaginator), newest first within it too.
    assert [c.text for c in deep.context["object_list"]] == [f"Fix {n}." for n in range(4, -1, -1)]
    assert deep.context["paginator"].num_pages == 11


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


# Withdrawals are part of the public record.


def withdraw(article, reason="", user=None):
    from articles import workflow

    if user is None:
        user = get_user_model().objects.create_superuser("desk", "desk@example.org", "pw-Desk-1")
    return workflow.move(article, Article.Status.WITHDRAWN, user, reason=reason)


def test_the_gone_page_shows_the_public_reason_and_promises_nothing_untrue(client):
    article = make_article(title="Retracted piece")
    withdraw(article, reason="The main witness retracted her statement.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    content = response.content.decode()
    assert "The main witness retracted her statement." in content
    assert "kommt nicht wieder" not in content
    assert "will not come back" not in content
    assert "Retracted piece" not in content


def test_the_gone_page_promises_nothing_untrue_in_english_either(client):
    article = make_article()
    withdraw(article)
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410
    assert "will not come back" not in response.content.decode()
    assert "publish it again" in response.content.decode()


def test_a_withdrawn_article_stays_on_the_corrections_page_with_date_and_reason(client):
    article = make_article(title="Withdrawn piece")
    correct(article, "An earlier fix.")
    withdraw(article, reason="Rights to the photos were unclear.")
    response = client.get(CORRECTIONS)
    withdrawal = article.corrections.get(kind=Correction.Kind.WITHDRAWAL)
    assert withdrawal in response.context["object_list"]
    content = response.content.decode()
    assert "Withdrawn piece" in content
    assert "Rights to the photos were unclear." in content
    # The day as readers see it, in the display time zone: near midnight not UTC's.
    assert timezone.localtime(withdrawal.created_at).date().isoformat() in content


def test_a_withdrawal_without_a_reason_is_listed_without_an_empty_paragraph(client):
    article = make_article(title="Quietly withdrawn")
    withdraw(article)
    content = client.get(CORRECTIONS).content.decode()
    assert "Quietly withdrawn" in content
    assert "<p></p>" not in content.replace("\n", "").replace(" ", "")


def test_an_embargoed_article_withdrawn_before_its_moment_leaves_no_public_trace(client):
    article = make_article(
        title="Embargoed piece", published_at=timezone.now() + timedelta(hours=5)
    )
    withdraw(article, reason="Embargo broken elsewhere.")
    content = client.get(CORRECTIONS).content.decode()
    assert "Embargoed piece" not in content
    assert "Embargo broken elsewhere." not in content
    assert client.get(article.get_absolute_url()).status_code == 404


def test_corrections_of_withdrawn_articles_are_not_listed_only_their_withdrawal(client):
    article = make_article()
    correct(article, "A fix nobody can read now.")
    withdraw(article, reason="Gone for good reasons.")
    content = client.get(CORRECTIONS).content.decode()
    assert "A fix nobody can read now." not in content
    assert "Gone for good reasons." in content


def test_editor_withdraws_in_the_form_with_a_public_reason(editor_client, client):
    article = make_article()
    data = article_form_data(
        article, status=Article.Status.WITHDRAWN, workflow_note="Sources were unreliable."
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    assert list(article.corrections.values_list("kind", "text")) == [
        ("withdrawal", "Sources were unreliable.")
    ]
    client.logout()
    assert "Sources were unreliable." in client.get(article.get_absolute_url()).content.decode()


def test_the_bulk_withdraw_action_puts_the_withdrawal_on_the_record(editor_client):
    article = make_article()
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "withdraw", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.corrections.filter(kind=Correction.Kind.WITHDRAWAL).count() == 1


def test_a_correction_without_text_is_refused_unless_it_is_a_withdrawal(editor_client):
    article = make_article()
    data = article_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "update",
            "corrections-0-text": "  ",
        },
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert not article.corrections.exists()
