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

from articles.models import Article, ArticleAuthor, Author, Correction, Section, Source, Tag
from articles.templatetags.article_text import markdown
from bench.pages import PUBLIC_URLS
from tests.admin_forms import form_error_codes
from tests.factories import make_article
from tests.hostile import PAYLOADS, executable_markup, hostile_text

pytestmark = pytest.mark.django_db

ARTICLE_FIELDS = [
    "kicker",
    "title",
    "summary",
    "body",
    "byline",
    "original_url",
    "copyright_notice",
    "seo_title",
    "seo_description",
]
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
    section = Section.objects.create(
        name=_fit(Section, "name", tag_name) or "x",
        slug="hostile-section",
        description=correction_text,
        front_page_count=3,
    )
    author = Author.objects.create(
        name=_fit(Author, "name", tag_name) or "x",
        slug="hostile-author",
        role=_fit(Author, "role", correction_text),
        bio=correction_text,
    )
    article = Article.objects.create(
        section=section,
        slug="hostile-article",
        status=Article.Status.PUBLISHED,
        published_at=datetime(2022, 9, 16, 1, 19, 33, tzinfo=UTC),
        language=language[:35],
        source=source,
        **{field: _fit(Article, field, value) for field, value in article_values.items()},
    )
    article.tags.add(tag)
    ArticleAuthor.objects.create(article=article, author=author)
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


def test_a_100_kb_body_of_script_tags_is_refused_naming_the_tag(staff_client):
    body = ("<script>alert(1)</script> " * 4_000)[:100_000]
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        _article_form(
            body=body, status="published", published_at_0="2022-09-16", published_at_1="10:00:00"
        ),
    )
    assert response.status_code == 200
    assert "&lt;script&gt;" in response.content.decode()
    assert not Article.objects.exists()


def test_a_100_kb_body_showing_script_tags_as_code_is_stored_and_shown(client, staff_client):
    body = "`<script>alert(1)</script>` " * 3_600
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


# Errors in the admin are messages, never server errors ----------------------------------


@pytest.mark.parametrize(
    ("day", "time"),
    [("0001-01-01", "00:30:00"), ("0001-01-01", "23:59:59"), ("9999-12-31", "23:30:00")],
)
def test_a_publication_time_at_the_ends_of_the_calendar_is_a_form_error_keeping_the_text(
    staff_client, day, time
):
    typed = "A long, carefully typed article."
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        _article_form(body=typed, published_at_0=day, published_at_1=time),
    )
    assert response.status_code == 200
    assert form_error_codes(response) == {"outside_calendar"}
    assert typed in response.content.decode()
    assert not Article.objects.exists()


CALENDAR_ENDS = [
    "__year=1",
    "__year=1&{field}__month=1",
    "__year=1&{field}__month=1&{field}__day=1",
    "__year=9999",
    "__year=9999&{field}__month=12",
    "__year=9999&{field}__month=12&{field}__day=31",
    "__year=10000",
    "__year=0",
]


@pytest.mark.parametrize(
    ("changelist", "field"),
    [
        ("admin:articles_article_changelist", "published_at"),
        ("admin:articles_provenancerecord_changelist", "received_at"),
    ],
)
@pytest.mark.parametrize("query", CALENDAR_ENDS)
def test_date_hierarchy_links_at_the_ends_of_the_calendar_answer_400(
    staff_client, changelist, field, query
):
    url = f"{reverse(changelist)}?{field}{query.format(field=field)}"
    assert staff_client.get(url).status_code == 400


def test_the_date_hierarchy_still_narrows_to_ordinary_years(staff_client):
    response = staff_client.get(
        reverse("admin:articles_article_changelist") + "?published_at__year=2022"
    )
    assert response.status_code == 200


NUL_QUERIES = [
    ("admin:articles_article_changelist", "q=%00"),
    ("admin:articles_article_changelist", "q=Politik%00"),
    ("admin:articles_article_changelist", "source__id__exact=%00"),
    ("admin:articles_article_changelist", "status__exact=%00"),
    ("admin:articles_article_changelist", "o=%00"),
    ("admin:articles_tag_changelist", "q=%00"),
    ("admin:articles_tag_changelist", "kind__exact=%00"),
    ("admin:articles_source_changelist", "q=%00"),
    ("admin:articles_provenancerecord_changelist", "q=%00&source__id__exact=%00"),
    (
        "admin:autocomplete",
        "app_label=articles&model_name=article&field_name=source&term=%00",
    ),
    ("admin:articles_article_changelist", "%00=1"),
]


@pytest.mark.parametrize(("view", "query"), NUL_QUERIES)
def test_a_nul_byte_in_an_admin_query_answers_400(staff_client, view, query):
    assert staff_client.get(f"{reverse(view)}?{query}").status_code == 400


def test_a_tag_longer_than_its_column_is_a_form_error_keeping_the_text(staff_client):
    typed = "A long, carefully typed article."
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        _article_form(body=typed, tags="Politik, " + "Lang" * 26),
    )
    assert response.status_code == 200
    [problem] = response.context["adminform"].form.errors["tags"]
    assert problem.startswith("LangLang") and "100" in problem
    assert typed in response.content.decode()
    assert not Tag.objects.exists()
    assert not Article.objects.exists()


def test_a_tag_whose_transliterated_slug_is_longer_than_its_column_is_saved_with_a_shorter_slug(
    staff_client,
):
    name = "Straßenbaußtellenübergabeß" * 3 + "ÄÖÜ"  # every ß and umlaut doubles in the slug
    response = staff_client.post(reverse("admin:articles_article_add"), _article_form(tags=name))
    assert response.status_code == 302
    tag = Tag.objects.get()
    assert tag.name == name
    assert 0 < len(tag.slug) <= Tag._meta.get_field("slug").max_length


@pytest.mark.parametrize("selected", ["\x00", "1\x00", "x", "99999999999999999999999"])
@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("admin:articles_article_changelist", "publish_now"),
        ("admin:articles_article_changelist", "delete_selected"),
        ("admin:articles_tag_changelist", "delete_selected"),
        ("admin:articles_source_changelist", "delete_selected"),
    ],
)
def test_an_action_on_a_forged_selection_answers_400_and_changes_nothing(
    staff_client, changelist, action, selected
):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    response = staff_client.post(
        reverse(changelist),
        {"action": action, "_selected_action": [str(article.pk), selected], "index": 0},
    )
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
