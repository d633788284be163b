"""The rest of the desk: expired rights said everywhere, restoring a published article's
revision with a warning or into a new draft, and a history in the interface's language."""

import gettext
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Correction, Revision
from tests.admin_forms import article_form_data, change_url
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def expired_article():
    source = make_source(short_name="CRI", rights_expire_at=timezone.now() - timedelta(days=1))
    return make_article(source=source, title="Abgelaufen")


def test_the_list_says_the_rights_expired(editor_client, expired_article):
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "nicht mehr auf der Website: die Rechte von CRI sind abgelaufen" in html


def test_the_form_says_so_and_still_saves_a_typo_fix(editor_client, expired_article):
    html = editor_client.get(change_url(expired_article)).content.decode()
    assert "die Rechte von CRI sind abgelaufen" in html
    data = article_form_data(expired_article, title="Abgelaufen, korrigiert")
    assert editor_client.post(change_url(expired_article), data).status_code == 302
    expired_article.refresh_from_db()
    assert expired_article.title == "Abgelaufen, korrigiert"


def test_the_preview_says_so(editor_client, expired_article):
    html = editor_client.get(expired_article.get_absolute_url()).content.decode()
    assert "die Rechte von CRI sind abgelaufen" in html


def restore_url(article, revision):
    return reverse("admin:article_revision_restore", args=[article.pk, revision.pk])


def test_restoring_a_published_articles_revision_warns_and_names_later_corrections(
    editor_client,
):
    article = make_article(title="Alt")
    old = Revision.objects.record(article)
    Correction.objects.create(article=article, text="Die Zahl war falsch.")
    html = editor_client.get(restore_url(article, old)).content.decode()
    assert "sofort öffentlich" in html
    assert "Die Zahl war falsch." in html
    assert 'name="_as_draft"' in html


def test_a_revision_restores_into_a_new_draft_leaving_the_article_alone(editor_client):
    article = make_article(title="Alt", slug="alt", body="Alter Text.")
    old = Revision.objects.record(article)
    article.body = "Neuer Text."
    article.save()
    response = editor_client.post(restore_url(article, old), {"_as_draft": "1"})
    draft = Article.objects.exclude(pk=article.pk).get()
    assert response.status_code == 302
    assert response.url == change_url(draft)
    assert (draft.status, draft.body, draft.slug) == (Status.DRAFT, "Alter Text.", "alt-2")
    article.refresh_from_db()
    assert (article.status, article.body) == (Status.PUBLISHED, "Neuer Text.")


def test_the_history_names_fields_in_the_interface_language(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None, body="Alt.")
    editor_client.post(change_url(article), article_form_data(article, body="Neu."))
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    from django.utils import translation

    with translation.override("de"):
        assert entry.get_change_message() == "Text geändert."


def test_every_label_of_every_form_has_its_german_entry_for_the_history(rf, admin_user):
    # Ours, not Django's merged catalogues, which may translate a word another way.
    ours = gettext.translation(
        "django", localedir=settings.BASE_DIR / "locale", languages=["de"]
    )._catalog
    request = rf.get("/")
    request.user = admin_user
    missing = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "articles":
            continue
        with translation.override(None):  # as the history records them
            fields = model_admin.get_form(request)().fields.values()
            labels = [str(field.label) for field in fields if field.label]
        missing += [(model.__name__, label) for label in labels if label not in ours]
    assert missing == []


def test_the_history_of_a_restore_shows_a_local_time_not_utc(editor_client, settings):
    article = make_article(status=Status.DRAFT, published_at=None)
    old = Revision.objects.record(article)
    editor_client.post(restore_url(article, old))
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert "+00:00" not in entry.change_message
    assert "T" not in entry.change_message.split("von")[-1]
