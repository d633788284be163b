import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import sitemaps
from articles.models import Article
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_index_names_a_section_for_articles_tags_and_sources(client, cri_piece):
    index = locations(xml(client, "/sitemap.xml"))
    assert index == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-sources.xml",
    ]


def test_article_section_lists_published_articles_with_lastmod(client, cri_piece):
    make_article(title="Draft", slug="draft", status=Article.Status.DRAFT)
    root = xml(client, "/sitemap-articles.xml")
    assert locations(root) == [f"http://testserver{cri_piece.get_absolute_url()}"]
    assert root.find(f"{SITEMAP}url/{SITEMAP}lastmod").text == "2022-09-16"


def test_tag_and_source_sections_list_only_those_with_published_articles(client):
    used, unused = make_tag("Used", slug="used"), make_tag("Unused", slug="unused")
    live, quiet = make_source(slug="live"), make_source(slug="quiet")
    make_article(tags=[used], source=live)
    make_article(tags=[unused], source=quiet, status=Article.Status.DRAFT)
    assert locations(xml(client, "/sitemap-tags.xml")) == ["http://testserver/tags/used/"]
    assert locations(xml(client, "/sitemap-sources.xml")) == ["http://testserver/sources/live/"]


def test_sections_split_into_pages_of_at_most_fifty_thousand_urls(client, monkeypatch):
    assert sitemaps.ArticleSitemap.limit == 50_000
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    for _ in range(5):
        make_article()
    index = locations(xml(client, "/sitemap.xml"))
    assert "http://testserver/sitemap-articles.xml?p=3" in index
    assert len(locations(xml(client, "/sitemap-articles.xml", p=3))) == 1
    assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404


def test_news_sitemap_lists_the_last_two_days_in_google_news_format(client):
    recent = make_article(title="Fresh & new", language="en", published_at=timezone.now())
    make_article(title="Old", published_at=timezone.now() - timedelta(days=3))
    make_article(title="Draft", status=Article.Status.DRAFT, published_at=timezone.now())
    root = xml(client, "/news-sitemap.xml")
    [url] = root.findall(f"{SITEMAP}url")
    assert url.find(f"{SITEMAP}loc").text == f"http://testserver{recent.get_absolute_url()}"
    news = url.find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Newsroom"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == "Fresh & new"
    published = news.find(f"{NEWS}publication_date").text
    assert published.startswith(timezone.localtime(recent.published_at).isoformat()[:19])


def test_news_sitemap_holds_at_most_a_thousand_articles(client, monkeypatch):
    assert sitemaps.NEWS_LIMIT == 1000
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    for _ in range(3):
        make_article(published_at=timezone.now() - timedelta(minutes=1))
    assert len(xml(client, "/news-sitemap.xml").findall(f"{SITEMAP}url")) == 2


def test_robots_txt_names_both_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
        "/sitemap-sources.xml",
        "/news-sitemap.xml",
    ],
)
def test_sitemap_queries_do_not_grow_with_the_number_of_articles(
    client, django_assert_max_num_queries, django_assert_num_queries, url
):
    make_article(tags=[make_tag()], source=make_source())
    with django_assert_max_num_queries(6) as one:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_article(tags=[make_tag()], source=make_source())
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200
