"""Two people edit the same article: the second save is refused, and nothing typed is lost."""

import threading
import time

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client, RequestFactory

from articles.models import Article
from tests.admin_forms import article_form_data, change_url, form_error_codes, form_errors
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(editor, django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user(
        "olga", password="pw-Olga-123", is_staff=True, first_name="Olga", last_name="Ost"
    )
    other.groups.add(Group.objects.get(name="Editor"))
    first, second = Client(), Client()
    first.force_login(other)
    second.force_login(editor)
    return first, second


def test_the_second_save_is_refused_naming_who_saved_in_between(two_editors):
    first, second = two_editors
    article = make_article(title="Original", body="Original body.")
    # Both open the article: their forms carry the same version.
    opened_by_first = article_form_data(article, title="Olga's title")
    opened_by_second = article_form_data(article, body="Emil's careful new body.")

    assert first.post(change_url(article), opened_by_first).status_code == 302
    response = second.post(change_url(article), opened_by_second)

    assert response.status_code == 200
    errors = form_errors(response)
    assert "Olga Ost" in errors
    assert form_error_codes(response) == {"stale"}
    article.refresh_from_db()
    saved = article.revisions.latest()
    assert saved.user.username == "olga"
    assert article.title == "Olga's title"
    assert article.body == "Original body."
    # The second editor's text is still in the form they see.
    form = response.context["adminform"].form
    assert form["body"].value() == "Emil's careful new body."
    assert "Emil&#x27;s careful new body." in response.content.decode()


def test_the_refusal_says_when_the_other_save_happened(two_editors, time_machine):
    time_machine.move_to("2026-07-01 12:34:00Z", tick=False)
    first, second = two_editors
    article = make_article()
    data = article_form_data(article)
    first.post(change_url(article), data)
    response = second.post(change_url(article), data)
    # 12:34 UTC is 14:34 in Berlin, the display zone.
    assert "14:34" in form_errors(response)


def test_saving_again_after_the_refusal_is_a_deliberate_overwrite(two_editors):
    first, second = two_editors
    article = make_article(title="Original")
    stale = article_form_data(article, title="Second editor's title")
    first.post(change_url(article), article_form_data(article, title="First editor's title"))
    refused = second.post(change_url(article), stale)
    resubmitted = {
        **stale,
        "based_on_version": refused.context["adminform"].form.data["based_on_version"],
    }
    assert second.post(change_url(article), resubmitted).status_code == 302
    article.refresh_from_db()
    assert article.title == "Second editor's title"
    titles = [r.data["title"] for r in article.revisions.all()]
    assert "First editor's title" in titles


def test_saving_from_the_current_version_is_not_refused(two_editors):
    first, _second = two_editors
    article = make_article()
    assert first.post(change_url(article), article_form_data(article)).status_code == 302
    article.refresh_from_db()
    assert first.post(change_url(article), article_form_data(article)).status_code == 302


def test_the_change_form_carries_the_version_it_was_opened_at(editor_client):
    article = make_article()
    article.save()
    article.save()
    content = editor_client.get(change_url(article)).content.decode()
    assert f'type="hidden" name="based_on_version" value="{article.version}"' in content
    assert article.version == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks; the PostgreSQL run checks that two saves cannot both pass",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_pass(editor):
    """The version check holds the row until the save commits, so a racing save waits, then
    sees the new version and is refused."""
    article = make_article(title="Original")
    request = RequestFactory().post("/")
    request.user = editor
    form_class = admin.site._registry[Article].get_form(request, article, change=True)
    first_checked, outcome = threading.Event(), {}

    def first_editor():
        try:
            with transaction.atomic():
                form = form_class(
                    article_form_data(article, title="First"),
                    instance=Article.objects.get(pk=article.pk),
                )
                assert form.is_valid(), form.errors
                first_checked.set()
                time.sleep(0.5)  # the second editor's check runs meanwhile, and must wait
                form.save()
        finally:
            connection.close()

    def second_editor():
        try:
            first_checked.wait(5)
            with transaction.atomic():
                form = form_class(
                    article_form_data(article, title="Second"),
                    instance=Article.objects.get(pk=article.pk),
                )
                outcome["valid"] = form.is_valid()
                outcome["codes"] = {
                    e.code for errors in form.errors.as_data().values() for e in errors
                }
        finally:
            connection.close()

    threads = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    article.refresh_from_db()
    assert article.title == "First"
    assert outcome == {"valid": False, "codes": {"stale"}}
