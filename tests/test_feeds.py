import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_source, make_tag
from tests.hostile import NOT_XML, text_stored_past_the_checks

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/feed/", "/feed/atom/"]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    ET.fromstring(response.content)  # a strict XML parser: raises on anything malformed
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize("url", FEEDS)
def test_site_feeds_carry_the_cri_piece_with_its_provenance(client, cri_piece, url):
    _, feed = fetch(client, url)
    [entry] = feed.entries
    assert entry.title == cri_piece.title
    assert entry.link.endswith(cri_piece.get_absolute_url())
    assert entry.author == "China Radio International"
    assert {tag.term for tag in entry.tags} == set(cri_piece.tags.names())
    text = entry.content[0].value if "content" in entry else entry.description
    # CRI's agreement keeps feeds to the summary (see the source's rights).
    assert text == f"<p>{cri_piece.summary}</p>"


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_carry_the_full_text_of_own_reporting_and_of_agencies_that_allow_it(client, url):
    body = "First paragraph.\n\nSecond **paragraph**."
    make_article(title="Ours", body=body)
    make_article(title="Theirs", body=body, source=make_source(is_full_text_allowed_in_feeds=True))
    _, feed = fetch(client, url)
    for entry in feed.entries:
        text = entry.content[0].value if "content" in entry else entry.description
        assert text.strip() == "<p>First paragraph.</p>\n<p>Second <strong>paragraph</strong>.</p>"


def test_rss_items_name_the_agency_original_as_their_source(client, cri_piece):
    response, feed = fetch(client, "/feed/")
    item = ET.fromstring(response.content).find("channel/item")
    source = item.find("source")
    assert source.text == "China Radio International"
    assert source.get("url") == cri_piece.original_url
    assert feed.entries[0].source.href == cri_piece.original_url


def test_atom_entries_carry_rights_summary_full_text_and_source(client, cri_piece):
    response, feed = fetch(client, "/feed/atom/")
    entry = feed.entries[0]
    assert entry.rights == cri_piece.effective_copyright_notice
    assert entry.summary == cri_piece.summary
    assert entry.content[0].type == "text/html"
    xml_entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    source = xml_entry.find(f"{ATOM}source")
    assert source.find(f"{ATOM}title").text == "China Radio International"
    assert source.find(f"{ATOM}link").get("href") == cri_piece.original_url


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_tag_and_source_feeds_list_only_their_articles(client, suffix):
    tag, source = make_tag("Ports", slug="ports"), make_source(slug="wire")
    make_article(title="Tagged", tags=[tag])
    make_article(title="From the wire", source=source)
    make_article(title="Neither")
    _, by_tag = fetch(client, f"/tags/ports/feed/{suffix}")
    _, by_source = fetch(client, f"/sources/wire/feed/{suffix}")
    assert [entry.title for entry in by_tag.entries] == ["Tagged"]
    assert [entry.title for entry in by_source.entries] == ["From the wire"]


@pytest.mark.parametrize(
    "url",
    [
        *FEEDS,
        "/tags/wire/feed/",
        "/tags/wire/feed/atom/",
        "/sources/wire/feed/",
        "/sources/wire/feed/atom/",
    ],
)
def test_feeds_never_carry_unpublished_articles(client, url):
    tag, source = make_tag("Wire", slug="wire"), make_source(slug="wire")
    make_article(title="Public", tags=[tag], source=source)
    for status in (Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.WITHDRAWN):
        make_article(title=f"Secret {status}", status=status, tags=[tag], source=source)
    _, feed = fetch(client, url)
    assert [entry.title for entry in feed.entries] == ["Public"]


@pytest.mark.parametrize("url", ["/tags/nope/feed/", "/sources/nope/feed/atom/"])
def test_feeds_of_unknown_tags_and_sources_are_404(client, url):
    assert client.get(url).status_code == 404


def test_awkward_characters_survive_both_feeds(client):
    make_article(
        title='Tom & Jerry <script> "quoted" ü',
        body="A & B < C\n\n`code` and **bold**",
        byline="Anna & Ben",
        copyright_notice="© 2026 A&B",
    )
    for url in FEEDS:
        _, feed = fetch(client, url)
        assert feed.entries[0].title == 'Tom & Jerry <script> "quoted" ü'


def test_pages_advertise_their_feeds_for_autodiscovery(client):
    tag, source = make_tag("Ports", slug="ports"), make_source(slug="wire")
    make_article(tags=[tag], source=source)
    home = client.get("/").content.decode()
    rss_link = 'type="application/rss+xml" title="Newsroom: neueste Artikel (RSS)"'
    assert f'{rss_link} href="{reverse("articles:feed")}"' in home
    assert 'type="application/atom+xml"' in home
    assert 'href="/tags/ports/feed/"' in client.get("/tags/ports/").content.decode()
    assert 'href="/sources/wire/feed/atom/"' in client.get("/sources/wire/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        *FEEDS,
        "/tags/busy/feed/",
        "/tags/busy/feed/atom/",
        "/sources/busy/feed/",
        "/sources/busy/feed/atom/",
    ],
)
def test_feed_queries_do_not_grow_with_the_number_of_articles(
    client, django_assert_max_num_queries, django_assert_num_queries, url
):
    source, tag = make_source(slug="busy"), make_tag("Busy", slug="busy")
    make_article(source=source, tags=[tag, make_tag()])
    with django_assert_max_num_queries(3) as one:
        assert client.get(url).status_code == 200
    for _ in range(40):
        make_article(source=source, tags=[tag, make_tag()])
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_carry_only_the_summary_when_the_agency_forbids_full_text(client, url):
    source = make_source(is_full_text_allowed_in_feeds=False)
    make_article(source=source, summary="Only this.", body="The secret full text.")
    _, feed = fetch(client, url)
    entry = feed.entries[0]
    text = entry.content[0].value if "content" in entry else entry.description
    assert "Only this." in text
    assert "secret full text" not in text


def test_every_feed_is_well_formed_for_text_stored_past_the_checks(client):
    article, tag, source = text_stored_past_the_checks()
    own = make_article(tags=[tag])
    Article.objects.filter(pk=own.pk).update(title=f"Own{NOT_XML}", body=f"Own{NOT_XML}")
    feeds = [
        *FEEDS,
        reverse("articles:tag_feed", args=[tag.slug]),
        reverse("articles:tag_feed_atom", args=[tag.slug]),
        reverse("articles:source_feed", args=[source.slug]),
        reverse("articles:source_feed_atom", args=[source.slug]),
    ]
    for url in feeds:
        response, parsed = fetch(client, url)
        assert "Badtext" in response.content.decode(), url
        assert all(character not in response.content.decode() for character in NOT_XML)
