"""The buttons under the article form: what each person is offered, and what each does."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import article_form_data, change_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status
ADD_URL = reverse("admin:articles_article_add")


def buttons(response):
    """The (name, value) of every action button on the form."""
    return {(action.name, action.value) for action in response.context["workflow_actions"]}


def test_the_form_has_no_status_dropdown_but_buttons(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)
    html = editor_client.get(change_url(article)).content.decode()
    assert '<select name="status"' not in html
    assert 'type="hidden" name="status" value="draft"' in html
    assert '<button type="submit" name="status" value="published"' in html


def test_a_reporter_is_never_offered_a_control_that_publishes(reporter_client, reporter):
    article = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    response = reporter_client.get(change_url(article))
    assert buttons(response) == {("_continue", "1"), ("status", Status.REVIEW)}
    assert 'value="published"' not in response.content.decode()
    assert 'value="withdrawn"' not in response.content.decode()


def test_a_reporters_new_article_offers_saving_and_submitting_only(reporter_client):
    response = reporter_client.get(ADD_URL)
    assert buttons(response) == {("_continue", "1"), ("status", Status.REVIEW)}


def test_an_editor_is_offered_publishing_and_sending_back_an_article_in_review(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None)
    assert buttons(editor_client.get(change_url(article))) == {
        ("_continue", "1"),
        ("status", Status.PUBLISHED),
        ("status", Status.DRAFT),
    }


def test_a_published_article_offers_saving_and_withdrawing(editor_client):
    article = make_article(status=Status.PUBLISHED)
    assert buttons(editor_client.get(change_url(article))) == {
        ("_continue", "1"),
        ("status", Status.WITHDRAWN),
    }


def test_publishing_and_withdrawing_ask_for_confirmation(editor_client):
    live = make_article(status=Status.PUBLISHED)
    draft = make_article(status=Status.DRAFT, published_at=None)
    withdraw = editor_client.get(change_url(live)).context["workflow_actions"][-1]
    publish = editor_client.get(change_url(draft)).context["workflow_actions"][-1]
    assert withdraw.value == Status.WITHDRAWN and withdraw.confirm
    assert publish.value == Status.PUBLISHED and publish.confirm


def test_a_future_publication_time_makes_the_button_say_schedule(editor_client):
    article = make_article(status=Status.DRAFT, published_at=timezone.now() + timedelta(days=2))
    labels = [
        action.label
        for action in editor_client.get(change_url(article)).context["workflow_actions"]
    ]
    assert any(label.startswith("Planen für") for label in labels), labels


def test_the_schedule_button_keeps_the_time_chosen(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)
    moment = (timezone.now() + timedelta(days=3)).replace(microsecond=0, second=0)
    response = editor_client.post(
        change_url(article),
        article_form_data(
            article,
            status=Status.PUBLISHED,
            published_at_0=timezone.localtime(moment).strftime("%Y-%m-%d"),
            published_at_1=timezone.localtime(moment).strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at, article.is_scheduled) == (
        Status.PUBLISHED,
        moment,
        True,
    )


def test_publish_now_on_a_scheduled_article_publishes_it_now(editor_client):
    article = make_article(status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
    data = article_form_data(article, _publish_now="1")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_published


def test_sending_back_keeps_the_note_in_the_history(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None)
    data = article_form_data(article, status=Status.DRAFT, workflow_note="Zweite Quelle fehlt.")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert LogEntry.objects.filter(
        object_id=str(article.pk), change_message__contains="Zweite Quelle fehlt."
    ).exists()


def test_withdrawing_keeps_the_reason_in_the_history(editor_client):
    article = make_article(status=Status.PUBLISHED)
    data = article_form_data(article, status=Status.WITHDRAWN, workflow_note="Rechte unklar.")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert LogEntry.objects.filter(
        object_id=str(article.pk), change_message__contains="Rechte unklar."
    ).exists()


def test_a_save_with_a_move_keeps_one_revision_of_the_result(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None, title="Vorher")
    data = article_form_data(article, status=Status.PUBLISHED, title="Nachher")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    newest = article.revisions.first()
    assert (newest.data["title"], newest.data["status"]) == ("Nachher", Status.PUBLISHED)
    assert newest.version == article.version
    assert article.revisions.filter(user__isnull=False).count() == 1


def test_an_editor_creates_and_publishes_in_one_step(editor_client):
    article = Article(title="Sofort", slug="", body="Text.", status=Status.PUBLISHED)
    response = editor_client.post(ADD_URL, article_form_data(article))
    assert response.status_code == 302
    created = Article.objects.get(title="Sofort")
    assert created.is_published
    assert created.revisions.count() == 1


def test_the_language_is_a_choice_of_the_sites_languages(editor_client):
    field = editor_client.get(ADD_URL).context["adminform"].form.fields["language"]
    assert [value for value, _ in field.choices] == ["de", "en"]


def test_an_article_in_another_language_keeps_it_as_a_choice(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None, language="zh")
    field = editor_client.get(change_url(article)).context["adminform"].form.fields["language"]
    assert "zh" in [value for value, _ in field.choices]


def test_a_duplicate_title_gets_a_free_slug(editor_client):
    make_article(title="Gleich", slug="gleich")
    article = Article(title="Gleich", slug="", body="Text.", status=Status.DRAFT)
    assert editor_client.post(ADD_URL, article_form_data(article)).status_code == 302
    assert Article.objects.filter(slug="gleich-2").exists()


def unconfirmed(data):
    return {name: value for name, value in data.items() if name != "_confirmed"}


def test_without_javascript_publishing_asks_on_a_page_of_its_own(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None, title="Vorher")
    data = unconfirmed(article_form_data(article, status=Status.PUBLISHED, title="Nachher"))
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_confirmed"' in html
    assert 'name="title" value="Nachher"' in html
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.REVIEW, "Vorher")

    assert editor_client.post(change_url(article), {**data, "_confirmed": "1"}).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.PUBLISHED, "Nachher")


def test_withdrawing_asks_too(editor_client):
    article = make_article(status=Status.PUBLISHED)
    data = unconfirmed(article_form_data(article, status=Status.WITHDRAWN))
    assert 'name="_confirmed"' in editor_client.post(change_url(article), data).content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_saving_and_submitting_ask_nothing(reporter_client, reporter):
    article = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    data = unconfirmed(article_form_data(article, status=Status.REVIEW))
    assert reporter_client.post(change_url(article), data).status_code == 302


def test_no_brings_the_form_back_as_it_was_typed_without_the_move(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None, title="Vorher")
    data = unconfirmed(article_form_data(article, status=Status.PUBLISHED, title="Nachher"))
    response = editor_client.post(change_url(article), {**data, "_back": "1"})
    form = response.context["adminform"].form
    assert form["title"].value() == "Nachher"
    assert form["status"].value() == Status.REVIEW
    assert "not_moved" in {e.code for e in form.non_field_errors().as_data()}
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.REVIEW, "Vorher")
