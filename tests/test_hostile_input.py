"""Whatever editors type, readers get it as text: never as markup that runs, and feeds stay
well-formed XML. Property-based: hypothesis tries many hostile strings in every field."""

import xml.etree.ElementTree as ET  # noqa: S405 (parses our own responses, not foreign XML)
from contextlib import contextmanager
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Correction, Source, Tag
from articles.templatetags.article_text import markdown
from bench.pages import PUBLIC_URLS
from tests.hostile import PAYLOADS, executable_markup, hostile_text

pytestmark = pytest.mark.django_db

ARTICLE_FIELDS = ["title", "summary", "body", "byline", "original_url", "copyright_notice"]
SOURCE_FIELDS = ["name", "short_name", "homepage_url", "language", "address", "copyright_notice"]

property_settings = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextmanager
def rolled_back():
    """Each example starts from the same empty database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _fit(model, field, value):
    max_length = model._meta.get_field(field).max_length
    return value[:max_length] if max_length else value


def _hostile_world(article_values, source_values, tag_name, language, correction_text):
    source = Source.objects.create(
        slug="hostile-source",
        timezone="UTC",
        **{field: _fit(Source, field, value) for field, value in source_values.items()},
    )
    tag = Tag.objects.create(name=_fit(Tag, "name", tag_name) or "x", slug="hostile-tag")
    article = Article.objects.create(
        slug="hostile-article",
        status=Article.Status.PUBLISHED,
        published_at=datetime(2022, 9, 16, 1, 19, 33, tzinfo=UTC),
        language=language[:35],
        source=source,
        **{field: _fit(Article, field, value) for field, value in article_values.items()},
    )
    article.tags.add(tag)
    Correction.objects.create(article=article, text=correction_text)
    return article, tag, source


ATOM = "{http://www.w3.org/2005/Atom}"


def _html_bearing_elements(root):
    """RSS item descriptions and Atom html summaries and contents: what feed readers render."""
    for item in root.iter("item"):
        yield from item.iter("description")
    for element in root.iter():
        if element.tag in {f"{ATOM}content", f"{ATOM}summary"} and element.get("type") == "html":
            yield element


def _assert_harmless(name, response):
    content_type = response["Content-Type"]
    content = response.content.decode()
    if "xml" in content_type:
        root = ET.fromstring(response.content)  # noqa: S314 (our own response)
        # Feed readers render RSS descriptions and Atom html content as HTML: audit those as
        # HTML. Titles, names, categories and the channel's description are plain text; the
        # XML escaping checked above covers them.
        for element in _html_bearing_elements(root):
            assert executable_markup(element.text or "") == [], (name, element.tag)
    elif "html" in content_type:
        assert executable_markup(content) == [], name


@property_settings
@given(
    article_values=st.fixed_dictionaries(dict.fromkeys(ARTICLE_FIELDS, hostile_text)),
    source_values=st.fixed_dictionaries(dict.fromkeys(SOURCE_FIELDS, hostile_text)),
    tag_name=hostile_text,
    language=hostile_text,
    correction_text=hostile_text,
)
def test_every_public_page_shows_hostile_text_as_text(
    client, article_values, source_values, tag_name, language, correction_text
):
    with rolled_back():
        article, tag, source = _hostile_world(
            article_values, source_values, tag_name, language, correction_text
        )
        for name, build in PUBLIC_URLS.items():
            response = client.get(build(article, tag, source))
            assert response.status_code == 200, name
            _assert_harmless(name, response)
        page = client.get(article.get_absolute_url()).content.decode()
        assert escape(article.title) in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_known_payload_is_harmless_in_every_field_at_once(client, payload):
    world = _hostile_world(
        dict.fromkeys(ARTICLE_FIELDS, payload),
        dict.fromkeys(SOURCE_FIELDS, payload),
        payload,
        payload,
        payload,
    )
    for name, build in PUBLIC_URLS.items():
        response = client.get(build(*world))
        assert response.status_code == 200, name
        _assert_harmless(name, response)


# Markdown ---------------------------------------------------------------------------------

MARKDOWN_TAGS = {
    "p", "em", "strong", "a", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "img",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip

markdown_pieces = st.sampled_from(
    [
        "[link](javascript:alert(1))",
        "[link](JAVASCRIPT:alert(1))",
        "[link](java&#115;cript:alert(1))",
        "[link](&#106;avascript:alert(1))",
        "[link](%6Aavascript:alert(1))",
        "[link](  javascript:alert(1) )",
        "[link](vbscript:msgbox(1))",
        "[link](data:text/html;base64,PHNjcmlwdD4=)",
        "![img](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<script>alert(1)</script>",
        "<div onclick=alert(1)>x</div>",
        "<!-- comment --><b>bold</b>",
        "**bold** _em_ `code`",
        "> quote\n\n- item\n\n1. one",
        "[fine](https://example.org)",
        "\n\n",
        "```\n<script>alert(1)</script>\n```",
    ]
)
markdown_bodies = st.lists(st.one_of(markdown_pieces, hostile_text), max_size=8).map("".join)


def _tags_in(html):
    tags = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.add(tag)

    Collector().feed(html)
    return tags


@settings(max_examples=300, deadline=None)
@given(body=markdown_bodies)
def test_markdown_makes_neither_raw_html_nor_script_links(body):
    html = markdown(body)
    assert executable_markup(html) == []
    assert _tags_in(html) <= MARKDOWN_TAGS


@pytest.mark.parametrize(
    "body",
    ["[x](javascript:alert(1))", "<javascript:alert(1)>", "[r]\n\n[r]: javascript:alert(1)"],
)
def test_a_javascript_link_in_markdown_stays_text(body):
    assert "href" not in markdown(body)


def test_raw_html_in_markdown_is_shown_as_text():
    assert markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


# What the admin accepts ----------------------------------------------------------------


def _article_form(**values):
    return {
        "title": "A title",
        "slug": "a-title",
        "summary": "",
        "body": "Text.",
        "tags": "",
        "status": "draft",
        "language": "de",
        "byline": "",
        "original_url": "",
        "copyright_notice": "",
        "source": "",
        "published_at_0": "",
        "published_at_1": "",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "_confirmed": "1",  # the answer to "publish?", as a browser posts it
        **values,
    }


def test_a_100_kb_title_is_refused_with_the_limit_named(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"), _article_form(title="Ä" * 100_000)
    )
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert "300" in response.content.decode()


def test_a_100_kb_body_is_stored_and_shown(client, staff_client):
    body = ("<script>alert(1)</script> " * 4_000)[:100_000]
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        _article_form(
            body=body, status="published", published_at_0="2022-09-16", published_at_1="10:00:00"
        ),
    )
    assert response.status_code == 302
    page = client.get(Article.objects.get().get_absolute_url())
    assert executable_markup(page.content.decode()) == []


@pytest.mark.parametrize("field", ["title", "summary", "body", "byline", "copyright_notice"])
def test_control_characters_are_refused_with_a_clear_message(staff_client, field):
    response = staff_client.post(
        reverse("admin:articles_article_add"), _article_form(**{field: "Text\x0bwith a tab"})
    )
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert "U+000B" in response.content.decode()


def test_control_characters_in_typed_tags_are_refused(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"), _article_form(tags="Politik, Bell\x07tag")
    )
    assert response.status_code == 200
    assert not Tag.objects.exists()
    assert "U+0007" in response.content.decode()


def test_a_nul_character_is_refused_not_a_server_error(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"), _article_form(title="Nul\x00title")
    )
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_an_unpaired_surrogate_arrives_as_a_replacement_character(staff_client):
    encoded = (
        "title=Lone+%ED%A0%80+surrogate&slug=lone&body=Text.&status=draft&language=de"
        "&corrections-TOTAL_FORMS=0&corrections-INITIAL_FORMS=0"
    )
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        encoded,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert Article.objects.get().title.startswith("Lone \ufffd")


def test_a_javascript_address_is_refused_as_the_original_url(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"), _article_form(original_url="javascript:alert(1)")
    )
    assert response.status_code == 200
    assert not Article.objects.exists()
