"""An article's body is stored rendered beside its Markdown, so that its page renders none; the
page never shows HTML that is not the rendering of the body it shows."""

import importlib
import io
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.text import render_markdown, rendering_key
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BODY = "Erster *Absatz* mit [Verweis](https://example.org/).\n\nZweiter & letzter, weil 3 < 4."
RENDERED = render_markdown(BODY)


def stored(article):
    return Article.objects.values_list("body_html", "body_html_key").get(pk=article.pk)


def body_of_page(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    return page.split('<div class="body">', 1)[1].split("</div>", 1)[0]


def test_saving_an_article_stores_its_body_rendered():
    article = make_article(body=BODY)
    assert stored(article) == (RENDERED, rendering_key(BODY))
    assert "<em>Absatz</em>" in RENDERED and "&amp; letzter, weil 3 &lt; 4" in RENDERED

    article.body = "Neu."
    article.save()
    assert stored(article) == ("<p>Neu.</p>\n", rendering_key("Neu."))

    article.body = "Nur der **Text**."
    article.save(update_fields=["body"])
    assert stored(article) == (
        "<p>Nur der <strong>Text</strong>.</p>\n",
        rendering_key(article.body),
    )


def test_the_page_shows_the_stored_rendering(client):
    article = make_article(body=BODY)
    assert body_of_page(client, article) == RENDERED


def test_a_body_changed_past_save_is_rendered_on_its_page(client):
    article = make_article(body=BODY)
    Article.objects.filter(pk=article.pk).update(body="Geändert **nach** dem Speichern.")
    assert body_of_page(client, article) == (
        "<p>Geändert <strong>nach</strong> dem Speichern.</p>\n"
    )


def test_html_stored_by_another_rendering_is_never_shown(client):
    article = make_article(body=BODY)
    Article.objects.filter(pk=article.pk).update(
        body_html="<p>From an older markdown-it.</p>", body_html_key="0" * 64
    )
    assert body_of_page(client, article) == RENDERED
    feed = client.get(reverse("articles:feed")).content.decode()
    assert "older markdown-it" not in feed
    assert "&lt;em&gt;Absatz&lt;/em&gt;" in feed


def test_loaddata_renders_the_body_whatever_html_the_file_holds(client, tmp_path):
    article = make_article(body=BODY)
    path = tmp_path / "articles.json"
    call_command("dumpdata", "articles.article", output=str(path), verbosity=0)
    rows = json.loads(path.read_text())
    assert rows[0]["fields"]["body_html"] == RENDERED  # a dump carries it, as any column
    rows[0]["fields"]["body_html"] = "<script>alert('loaded')</script>"
    path.write_text(json.dumps(rows))

    call_command("loaddata", str(path), verbosity=0)

    assert stored(article) == (RENDERED, rendering_key(BODY))
    assert "alert(" not in client.get(article.get_absolute_url()).content.decode()


def test_a_fixture_without_the_rendering_is_rendered_as_it_is_loaded():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    article = Article.objects.get()
    assert stored(article) == (render_markdown(article.body), rendering_key(article.body))
    assert article.body_html.count("<p>") >= 5


def test_the_migration_renders_the_articles_already_stored(monkeypatch):
    migration = importlib.import_module("articles.migrations.0025_articles_rendered_body")
    monkeypatch.setattr(migration, "BATCH", 2)  # several batches, the last one short
    articles = [make_article(body=f"Text *{n}*.") for n in range(5)]
    Article.objects.update(body_html=None, body_html_key=None)

    # All the function asks of its schema editor is the connection.
    migration.render_bodies(apps, SimpleNamespace(connection=connection))

    for article in articles:
        assert stored(article) == (render_markdown(article.body), rendering_key(article.body))


def test_the_rendering_key_changes_with_the_text_and_the_rendering(monkeypatch):
    from articles import text

    before = rendering_key(BODY)
    assert rendering_key(BODY + " ") != before
    monkeypatch.setattr(text, "RENDERING", text.RENDERING + ", a rule added")
    assert rendering_key(BODY) != before


def test_render_bodies_stores_again_only_what_is_out_of_date():
    fresh = make_article(body=BODY)
    changed = make_article(body=BODY)
    Article.objects.filter(pk=changed.pk).update(body="Geändert *ohne* save().")
    older = make_article(body="Von *früher*.")
    Article.objects.filter(pk=older.pk).update(body_html_key="0" * 64)
    out = io.StringIO()

    call_command("render_bodies", stdout=out)

    assert out.getvalue().strip() == "2 articles rendered and stored."
    for article in (fresh, changed, older):
        body = Article.objects.get(pk=article.pk).body
        assert stored(article) == (render_markdown(body), rendering_key(body))
