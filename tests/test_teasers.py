import pytest
from django.template import engines
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from articles.models import Article, Correction
from articles.site.caching import _made_of
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


def _row(article):
    """The article as lists read it: a teaser row."""
    return Article.objects.filter(pk=article.pk).teasers().get()


def _drawn(text, **context):
    """`text` drawn as the readers' pages draw."""
    return engines["jinja2"].from_string(text).render(context)


def _teaser(article):
    with translation.override("de"):
        return _drawn("{{ teasers([article]) }}", article=_row(article))


def test_a_teaser_links_the_article_and_its_source_with_date_and_summary():
    source = make_source(name="Agentur & Co")
    article = make_article(source=source, title="Ein <Titel>", summary="Kurz & knapp.")
    html = _teaser(article)
    local = timezone.localtime(article.published_at).replace(microsecond=0)
    assert f'href="{article.get_absolute_url()}"' in html
    assert f'href="{source.get_absolute_url()}">Agentur &amp; Co</a>' in html
    assert "Ein &lt;Titel&gt;" in html
    assert '<p class="summary">Kurz &amp; knapp.</p>' in html
    assert f'datetime="{local.isoformat()}"' in html
    assert f'lang="{article.language}"' in html


def test_a_teaser_of_our_own_reporting_has_no_source_link_and_no_empty_summary():
    html = _teaser(make_article(summary=""))
    assert "/sources/" not in html
    assert "summary" not in html


def test_a_teaser_follows_every_edit_of_what_it_shows(settings):
    source = make_source(name="Erste Agentur")
    article = make_article(source=source, title="Vorher", summary="Alt.")
    assert "Vorher" in _teaser(article)
    article.title, article.summary = "Nachher", "Neu."
    article.save()
    source.name = "Zweite Agentur"
    source.save()
    html = _teaser(article)
    assert "Nachher" in html
    assert "Neu." in html
    assert "Zweite Agentur" in html
    assert "Vorher" not in html


def test_a_teaser_is_dated_in_the_readers_language_and_time_zone(settings):
    article = make_article(published_at=timezone.make_aware(timezone.datetime(2024, 3, 5, 23, 30)))
    german = _teaser(article)
    with translation.override("en"):
        english = _drawn("{{ teasers([article]) }}", article=_row(article))
    assert "März" in german
    assert "March" in english
    with timezone.override("Asia/Tokyo"):
        assert "6. März 2024" in _teaser(article)


def _included(**context):
    for name in ("heading", "snippet", "correction"):
        context.setdefault(name, None)
    with translation.override("de"):
        return _drawn(
            "{{ article_teaser(article, heading=heading, snippet=snippet, "
            "correction=correction) }}",
            **context,
        )


def test_a_list_teaser_is_the_teaser_partial_rendered():
    article = make_article(source=make_source(), summary="Kurz.")
    with translation.override("de"):
        partial = get_template("articles/_teaser.html").render({"article": article})
    assert _teaser(article) == partial


def test_a_search_result_is_a_teaser_with_its_snippet_instead_of_the_summary():
    article = make_article(summary="Die Zusammenfassung.")
    html = _included(article=article, heading="h3", snippet=mark_safe("ein <mark>Treffer</mark>"))
    assert '<h3 class="teaser-title">' in html
    assert '<p class="snippet">ein <mark>Treffer</mark></p>' in html
    assert "Die Zusammenfassung." not in html


def test_a_search_result_without_a_snippet_shows_the_summary():
    html = _included(article=make_article(summary="Die Zusammenfassung."), heading="h3")
    assert '<p class="summary">Die Zusammenfassung.</p>' in html


def test_a_correction_is_a_teaser_with_its_kind_and_text_in_the_readers_language():
    article = make_article(language="zh", summary="Die Zusammenfassung.")
    correction = Correction.objects.create(article=article, text="Ein Name & ein Datum.")
    html = _included(article=article, correction=correction)
    assert '<article class="teaser correction">' in html
    assert f'<a href="{article.get_absolute_url()}" lang="zh">' in html
    assert "<strong>Korrektur</strong>" in html
    assert "<p>Ein Name &amp; ein Datum.</p>" in html
    assert "Die Zusammenfassung." not in html


def test_a_teaser_article_holds_the_row_s_fields_alone_and_refuses_others():
    article = _made_of(Article, title="Titel", slug="titel", language="de")
    assert (article.title, article.slug, article.language) == ("Titel", "titel", "de")
    assert {"body", "summary", "status", "source_id"} <= article.get_deferred_fields()
    with pytest.raises(TypeError, match="headline"):
        _made_of(Article, title="Titel", headline="Schlagzeile")
