import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from uuid import UUID

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import clear_script_prefix, set_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from articles.models import Article, Section
from articles.site import indented_json
from articles.site.structured_data import _SCRIPT_ESCAPES, as_json_ld
from tests.factories import make_article
from tests.hostile import NOT_XML, text_stored_past_the_checks

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collects the meta and link elements and the JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = [], [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def property(self, name):
        return [
            m["content"] for m in self.meta if m.get("property") == name or m.get("name") == name
        ]


def read(client, url):
    reader = HeadReader()
    reader.feed(client.get(url).content.decode())
    return reader


def news_articles(reader):
    return [data for data in reader.json_ld if data["@type"] == "NewsArticle"]


def test_article_page_carries_news_article_json_ld_matching_the_article(client, cri_piece):
    [data] = news_articles(read(client, cri_piece.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == cri_piece.title
    assert data["datePublished"] == "2022-09-16T01:19:33Z"
    assert data["dateModified"].startswith(cri_piece.updated_at.strftime("%Y-%m-%dT%H:%M"))
    assert data["inLanguage"] == "de"
    assert data["author"] == {"@type": "Organization", "name": "China Radio International"}
    assert data["publisher"]["name"] == "Newsroom"
    assert data["isBasedOn"] == cri_piece.original_url
    assert data["copyrightHolder"]["name"] == "China Radio International"
    assert data["creditText"] == "CRI"
    assert sorted(data["keywords"]) == sorted(cri_piece.tags.names())
    assert data["url"] == f"http://testserver{cri_piece.get_absolute_url()}"


@pytest.mark.parametrize("script_name", ["", "/news"])
def test_an_article_page_writes_one_address_for_its_article_wherever_it_names_it(
    client, script_name
):
    section = Section.objects.create(name="Politik", slug="politik", position=1)
    article = make_article(section=section)
    # The test client, unlike a WSGI server's handler, leaves the script prefix to the test.
    set_script_prefix(f"{script_name}/")
    try:
        page = client.get(
            article.get_absolute_url().removeprefix(script_name), SCRIPT_NAME=script_name
        )
    finally:
        clear_script_prefix()
    assert page.status_code == 200
    reader = HeadReader()
    reader.feed(page.content.decode())
    day = timezone.localdate(article.published_at)
    url = f"http://testserver{script_name}/{day:%Y/%m/%d}/{article.slug}/"
    [data] = news_articles(reader)
    [trail] = [data for data in reader.json_ld if data["@type"] == "BreadcrumbList"]
    assert [link["href"] for link in reader.links if link["rel"] == "canonical"] == [url]
    assert reader.property("og:url") == [url]
    assert data["url"] == data["mainEntityOfPage"] == url
    assert data["publisher"]["url"] == f"http://testserver{script_name}/"
    assert [item["item"] for item in trail["itemListElement"]] == [
        f"http://testserver{script_name}/",
        f"http://testserver{script_name}/sections/politik/",
        url,
    ]


def test_json_ld_cannot_be_broken_out_of(client):
    article = make_article(title="</script><script>alert(1)</script>", summary="<!-- & -->")
    page = client.get(article.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(script)["headline"] == "</script><script>alert(1)</script>"
    assert "<" not in script


def test_article_page_carries_opengraph_twitter_canonical_and_description(client, cri_piece):
    head = read(client, cri_piece.get_absolute_url())
    url = f"http://testserver{cri_piece.get_absolute_url()}"
    assert head.property("og:type") == ["article"]
    assert head.property("og:title") == [cri_piece.title]
    assert head.property("og:url") == [url]
    assert head.property("article:published_time") == ["2022-09-16T03:19:33+02:00"]
    assert sorted(head.property("article:tag")) == sorted(cri_piece.tags.names())
    assert head.property("twitter:card") == ["summary"]
    assert head.property("twitter:title") == [cri_piece.title]
    assert head.property("description") == [cri_piece.summary]
    assert [link["href"] for link in head.links if link["rel"] == "canonical"] == [url]


def test_paginated_lists_link_their_neighbouring_pages(client):
    for _ in range(41):
        make_article()
    rels = {link["rel"]: link["href"] for link in read(client, "/?page=2").links}
    assert rels["prev"] == "?page=1"
    assert rels["next"] == "?page=3"
    first = {link["rel"] for link in read(client, "/").links}
    assert "next" in first and "prev" not in first


def test_json_ld_keeps_text_stored_past_the_checks_as_json_escapes(client):
    article, _tag, _source = text_stored_past_the_checks()
    Article.objects.filter(pk=article.pk).update(summary="C1\x85 control")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    ).group(1)
    assert not re.search("[\x00-\x1f\x7f-\x9f\ufffe\uffff]", script.replace("\n", ""))
    data = json.loads(script)
    assert data["headline"] == f"Bad{NOT_XML}text"
    assert data["description"] == "C1\x85 control"


def test_structured_data_escapes_what_a_script_element_may_not_hold():
    text = "</script><!-- & \u0085 \ufffe \ud800 ü"
    written = as_json_ld({"headline": text})
    assert written == json.dumps({"headline": text}, ensure_ascii=False, indent=1).translate(
        _SCRIPT_ESCAPES
    )
    assert "<" not in written and "&" not in written and "\u0085" not in written
    assert json.loads(written) == {"headline": text}


class Step(int):
    """A number of a kind of its own, as an IntegerChoices value is."""


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        "",
        0,
        -5,
        1.5,
        float("nan"),
        float("-inf"),
        True,
        None,
        {"a": {"b": [1, 2, {"c": []}, {}], "d": None}, "e": [[], [[]], "x\u2028<&>\"'\x00é"]},
        {7: "a number", 2.5: "a fraction", True: "yes", None: "none", "pair": (1, 2)},
        {
            "lazy": gettext_lazy("Search"),
            "moment": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            "day": date(2026, 1, 2),
            "amount": Decimal("1.10"),
            "id": UUID(int=5),
            "marked": mark_safe("a<b"),
            "step": Step(3),
        },
    ],
)
def test_json_ld_is_indented_as_the_json_module_indents_it_character_for_character(value):
    expected = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    assert indented_json.dumps(value) == expected


def test_json_ld_refuses_a_key_json_refuses():
    with pytest.raises(TypeError, match="keys must be"):
        indented_json.dumps({(1, 2): "a pair"})
