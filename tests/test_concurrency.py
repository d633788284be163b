"""Two people edit the same article: the second save is refused, and nothing typed is lost."""

import json
import threading
import time

import pytest
from django.contrib import admin
from django.db import OperationalError, connection, transaction
from django.test import Client, RequestFactory

from articles.models import Article
from newsroom.middleware import is_unreachable_database
from tests.admin_forms import article_form_data, change_url, form_error_codes, form_errors
from tests.commands import run_python
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


# On SQLite, in a file as `make run` uses it: a process of its own, since the test database is
# in memory and its connections share one lock table that knows no waiting.
SQLITE_RACE = """
import json, threading, time
import django
django.setup()
from django.conf import settings
from django.test.utils import override_settings
# Through override_settings, so that storages already made (the pictures' originals) are
# made again with the plain static files storage.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import setup_test_environment
from articles.models import Article
from tests.admin_forms import article_form_data, change_url, form_error_codes
from tests.factories import make_article

setup_test_environment()  # the client then keeps each response's context
call_command("migrate", verbosity=0)
editor = User.objects.create_user("emil", password="pw-Emil-123", is_staff=True)
editor.groups.add(Group.objects.get(name="Editor"))
article = make_article(title="Original")
client = Client()
client.force_login(editor)
opened = article_form_data(article, body="Emil's careful new body.")
saving, outcome = threading.Event(), {}

def other_editor_saving():
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Olga's", version=F("version") + 1)
        saving.set()
        time.sleep(1.5)  # the second save arrives meanwhile, and must wait for this one
    connection.close()

def second_editor():
    saving.wait(5)
    response = client.post(change_url(article), opened)
    outcome["status"] = response.status_code
    outcome["codes"] = sorted(form_error_codes(response)) if response.context else []
    outcome["body_kept"] = "Emil&#x27;s careful new body." in response.content.decode()
    connection.close()

threads = [threading.Thread(target=other_editor_saving), threading.Thread(target=second_editor)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(30)
outcome["title"] = Article.objects.get(pk=article.pk).title
print(json.dumps(outcome))
"""


def test_on_sqlite_a_save_during_another_waits_and_is_told_it_is_stale(tmp_path):
    finished = run_python(
        SQLITE_RACE,
        DATABASE_URL=f"sqlite:///{tmp_path / 'newsroom.sqlite3'}",
        DJANGO_SECRET_KEY="tests-only-secret-key-not-for-production",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="CRITICAL",
    )
    assert finished.returncode == 0, finished.stderr
    outcome = json.loads(finished.stdout.strip().splitlines()[-1])
    assert outcome == {"status": 200, "codes": ["stale"], "body_kept": True, "title": "Olga's"}


def test_a_busy_sqlite_database_is_not_reported_as_down():
    assert not is_unreachable_database(OperationalError("database is locked"))
    assert is_unreachable_database(OperationalError("connection refused"))
