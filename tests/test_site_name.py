"""The publication's name comes from NEWSROOM_SITE_NAME and nowhere else."""

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.site.views import ArticleIndexView
from tests.factories import make_article, make_source, make_tag
from tests.test_structured_data import read

pytestmark = pytest.mark.django_db

NAME = "Tagesblatt"


@pytest.fixture
def tagesblatt(settings):
    settings.SITE_NAME = NAME
    return settings


def test_the_front_page_names_the_site_in_its_title_header_footer_and_feed_links(
    client, tagesblatt
):
    make_article()
    page = client.get("/").content.decode()
    assert "<title>Neueste Artikel · Tagesblatt</title>" in page
    assert '<a class="site-name" href="/">Tagesblatt</a>' in page
    assert 'title="Tagesblatt: neueste Artikel (RSS)"' in page
    assert "Tagesblatt: eigene Berichte und Agenturmeldungen" in page
    assert "Newsroom" not in page


def test_the_site_name_is_translated_with_the_sentence_around_it(client, tagesblatt):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'title="Tagesblatt: latest articles (RSS)"' in page
    assert "Tagesblatt: our own reporting and agency copy" in page


def test_the_site_name_is_escaped_like_any_other_text(client, settings):
    settings.SITE_NAME = 'Tom & "Jerry"'
    page = client.get("/").content.decode()
    assert "<title>Neueste Artikel · Tom &amp; &quot;Jerry&quot;</title>" in page
    assert 'title="Tom &amp; &quot;Jerry&quot;: neueste Artikel (RSS)"' in page


def test_an_article_page_gives_the_site_name_to_social_sites_and_search_engines(client, tagesblatt):
    article = make_article(title="Hafen eröffnet")
    head = read(client, article.get_absolute_url())
    assert head.property("og:site_name") == [NAME]
    [data] = [data for data in head.json_ld if data["@type"] == "NewsArticle"]
    assert data["publisher"]["name"] == NAME
    assert data["creditText"] == NAME
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Hafen eröffnet · Tagesblatt</title>" in page
    assert "Newsroom" not in page


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_the_site_feeds_carry_the_site_name(client, tagesblatt, url):
    make_article()
    content = client.get(url).content.decode()
    feed = feedparser.parse(content)
    assert feed.feed.title == "Tagesblatt: neueste Artikel"
    assert "Newsroom" not in content


def test_tag_and_source_feeds_carry_the_site_name(client, tagesblatt):
    tag, source = make_tag("Häfen", slug="haefen"), make_source(name="Wire", slug="wire")
    make_article(tags=[tag], source=source)
    assert feedparser.parse(client.get("/tags/haefen/feed/").content).feed.title == (
        "Tagesblatt: Häfen"
    )
    assert feedparser.parse(client.get("/sources/wire/feed/").content).feed.title == (
        "Tagesblatt: Wire"
    )


def test_the_news_sitemap_names_the_publication(client, tagesblatt):
    make_article(published_at=timezone.now())
    content = client.get(reverse("articles:news_sitemap")).content.decode()
    assert "<news:name>Tagesblatt</news:name>" in content


def test_the_admin_login_page_names_the_site_in_its_header_and_title(client, tagesblatt):
    page = client.get(reverse("admin:login")).content.decode()
    assert '<a href="/admin/">Tagesblatt</a>' in page
    assert "| Tagesblatt</title>" in page
    assert "Django" not in page


def test_the_admin_index_is_the_site_administration(staff_client, tagesblatt):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "<h1>Tagesblatt-Verwaltung</h1>" in page
    assert "<title>Tagesblatt-Verwaltung | Tagesblatt</title>" in page


def test_the_page_not_found_names_the_site(client, tagesblatt):
    page = client.get("/no-such-page/").content.decode()
    assert "<title>Seite nicht gefunden · Tagesblatt</title>" in page


def test_the_server_error_page_names_the_site(client, tagesblatt, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the page could not be drawn")

    monkeypatch.setattr(ArticleIndexView, "get", fail)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "<title>Serverfehler · Tagesblatt</title>" in response.content.decode()
