"""Every save keeps a full revision; any two compare word by word; an old one comes back."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.agency.diff import word_diff
from articles.models import Article, Revision
from tests.admin_forms import article_form_data, change_url
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db


def save_in_admin(client, article, **changes):
    article.refresh_from_db()
    response = client.post(change_url(article), article_form_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def test_every_admin_save_keeps_a_full_revision_with_who_and_when(editor_client, editor):
    source = make_source()
    article = make_article(source=source, tags=[make_tag("Alpha")])
    save_in_admin(editor_client, article, title="Second title", tags="Alpha, Beta")
    latest = article.revisions.latest()
    assert latest.user == editor
    assert latest.created_at is not None
    assert latest.version == article.version
    assert latest.data["title"] == "Second title"
    assert latest.data["tags"] == ["Alpha", "Beta"]
    assert latest.data["source"] == source.pk
    assert latest.data["status"] == "published"


def test_the_state_before_the_first_admin_save_is_kept_too(editor_client):
    article = make_article(title="As loaded")
    save_in_admin(editor_client, article, title="As edited")
    titles = [r.data["title"] for r in article.revisions.order_by("created_at", "pk")]
    assert titles == ["As loaded", "As edited"]


def test_a_bulk_action_keeps_a_revision(editor_client):
    article = make_article()
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "withdraw", "_selected_action": [article.pk], "index": 0},
    )
    assert article.revisions.latest().data["status"] == "withdrawn"


def test_restoring_brings_back_tags_and_source_as_a_new_revision(editor_client):
    old_source, new_source = make_source(), make_source()
    article = make_article(source=old_source, tags=[make_tag("Old tag")], title="Old title")
    save_in_admin(editor_client, article)  # keeps the original state as revisions
    save_in_admin(editor_client, article, title="New title", source=new_source.pk, tags="New tag,")
    assert (article.source, list(article.tags.names())) == (new_source, ["New tag"])
    original = article.revisions.order_by("created_at", "pk").first()
    count = article.revisions.count()

    url = reverse("admin:article_revision_restore", args=[article.pk, original.pk])
    assert editor_client.get(url).status_code == 200  # the confirmation
    response = editor_client.post(url)
    assert response.status_code == 302

    article = Article.objects.get(pk=article.pk)
    assert article.title == "Old title"
    assert article.source == old_source
    assert list(article.tags.names()) == ["Old tag"]
    assert article.revisions.count() == count + 1
    assert article.revisions.latest().data["tags"] == ["Old tag"]


def test_restoring_keeps_the_status(editor_client):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    save_in_admin(editor_client, article, title="Reviewed")
    save_in_admin(editor_client, article, status="published")
    first = article.revisions.order_by("created_at", "pk").first()
    editor_client.post(reverse("admin:article_revision_restore", args=[article.pk, first.pk]))
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.title == first.data["title"]


def test_reporter_cannot_restore_a_revision_of_a_published_article(editor_client, client, reporter):
    article = make_article(title="Published title")
    save_in_admin(editor_client, article, title="Changed")
    first = article.revisions.order_by("created_at", "pk").first()
    client.force_login(reporter)
    url = reverse("admin:article_revision_restore", args=[article.pk, first.pk])
    assert client.post(url).status_code == 403
    article.refresh_from_db()
    assert article.title == "Changed"


def test_editor_compares_any_two_revisions_word_by_word(editor_client):
    article = make_article(body="The summit in Samarkand was short.", tags=[make_tag("Alpha")])
    save_in_admin(editor_client, article, body="The summit in Samarkand was long.")
    save_in_admin(editor_client, article, body="The long summit in Samarkand.", tags="Beta")
    first, _second, third = article.revisions.order_by("created_at", "pk")
    response = editor_client.get(
        reverse("admin:article_revisions_compare", args=[article.pk]),
        {"from": third.pk, "to": first.pk},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The<ins> long</ins> summit" in content
    assert "<del>Samarkand was short.</del><ins>Samarkand.</ins>" in content
    others = response.context["others"]
    assert [(name, before, after) for name, _label, before, after in others] == [
        ("tags", "Alpha", "Beta")
    ]


def test_change_form_links_to_the_revisions(editor_client):
    article = make_article()
    content = editor_client.get(change_url(article)).content.decode()
    assert reverse("admin:article_revisions", args=[article.pk]) in content


def test_revision_list_links_each_revision(editor_client):
    article = make_article()
    save_in_admin(editor_client, article, title="Once")
    response = editor_client.get(reverse("admin:article_revisions", args=[article.pk]))
    assert response.status_code == 200
    assert list(response.context["revisions"]) == list(article.revisions.all())


def test_word_diff_marks_changed_words_and_escapes_html():
    html = word_diff("a <b> c", "a <i> c")
    assert html == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> c"


def test_record_without_a_user_names_the_system():
    revision = Revision.objects.record(make_article())
    assert revision.user is None
    assert revision.author_name


def test_the_comparison_is_styled_from_a_stylesheet_our_policy_allows(editor_client):
    article = make_article(body="One text.")
    save_in_admin(editor_client, article, body="Another text.")
    first, second = article.revisions.order_by("created_at", "pk")
    response = editor_client.get(
        reverse("admin:article_revisions_compare", args=[article.pk]),
        {"from": first.pk, "to": second.pk},
    )
    content = response.content.decode()
    assert "<style" not in content
    assert f'href="{settings.STATIC_URL}css/admin-revisions.css"' in content
    css = Path(finders.find("css/admin-revisions.css")).read_text()
    assert ".word-diff ins" in css
    assert "pre-wrap" in css
