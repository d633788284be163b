import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from articles.site import sitemaps
from tests.factories import make_article, make_source, make_tag
from tests.hostile import text_stored_past_the_checks

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


def test_sitemap_index_names_a_section_for_articles_tags_sources_sections_and_authors(
    client, cri_piece
):
    index = locations(xml(client, "/sitemap.xml"))
    assert index == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-sources.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-authors.xml",
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


def test_sections_split_into_pages_of_at_most_fifty_thousand_urls():
    assert sitemaps.TagSitemap.limit == sitemaps.SourceSitemap.limit == 50_000
    assert sitemaps.ArticleSitemap.limit == 10_000


def test_every_published_article_is_on_exactly_one_article_page(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    published = set()
    for n in range(7):
        status = Article.Status.DRAFT if n in (2, 3) else Article.Status.PUBLISHED
        article = make_article(status=status)
        if status == Article.Status.PUBLISHED:
            published.add(f"http://testserver{article.get_absolute_url()}")
    make_article(published_at=timezone.now() + timedelta(days=1))  # scheduled: on no page
    index = locations(xml(client, "/sitemap.xml"))
    pages = [url for url in index if "sitemap-articles.xml" in url]
    assert pages[0] == "http://testserver/sitemap-articles.xml"
    listed = []
    for number, page in enumerate(pages, start=1):
        assert page.endswith("sitemap-articles.xml" if number == 1 else f"?p={number}")
        urls = locations(xml(client, "/sitemap-articles.xml", p=number))
        assert len(urls) <= 2
        listed += urls
    assert sorted(listed) == sorted(published)
    assert client.get("/sitemap-articles.xml", {"p": len(pages) + 1}).status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": 0}).status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": "x"}).status_code == 404


def test_an_article_keeps_its_page_when_newer_ones_are_published(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    first = [make_article() for _ in range(3)]
    before = {p: locations(xml(client, "/sitemap-articles.xml", p=p)) for p in (1, 2)}
    [make_article() for _ in range(4)]
    after = {p: locations(xml(client, "/sitemap-articles.xml", p=p)) for p in (1, 2)}
    assert after[1] == before[1]
    assert set(before[2]) <= set(after[2])
    assert all(any(a.get_absolute_url() in url for url in after[1] + after[2]) for a in first)


def test_article_sitemap_pages_are_public_but_kept_out_of_the_process_page_cache(
    client, page_cache, django_assert_num_queries
):
    make_article()
    first = client.get("/sitemap-articles.xml")
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "Last-Modified" in first
    # Made again: the number of pages, the page's rows and the moment of its newest change.
    with django_assert_num_queries(3):
        assert client.get("/sitemap-articles.xml").status_code == 200


def test_sitemap_index_gives_the_newest_change_of_a_published_article(client):
    older = make_article()
    newer = make_article()
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=3))
    Article.objects.filter(pk=newer.pk).update(updated_at=timezone.now() - timedelta(days=2))
    draft = make_article(status=Article.Status.DRAFT)  # changed just now, but not public
    assert draft.updated_at > newer.updated_at
    root = xml(client, "/sitemap.xml")
    newest = timezone.localtime(Article.objects.get(pk=newer.pk).updated_at)
    lastmods = [node.text for node in root.iter(f"{SITEMAP}lastmod")]
    assert lastmods == [newest.isoformat()]


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
        "/sitemap-articles.xml?p=2",
        "/sitemap-tags.xml",
        "/sitemap-sources.xml",
        "/news-sitemap.xml",
    ],
)
def test_sitemap_queries_do_not_grow_with_the_number_of_articles(
    client, django_assert_max_num_queries, django_assert_num_queries, monkeypatch, url
):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 10)
    for _ in range(11):
        make_article(tags=[make_tag()], source=make_source())
    with django_assert_max_num_queries(5) as one:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_article(tags=[make_tag()], source=make_source())
    cache.clear()  # the counts of tags and sources are cached; count again, as the first time
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_every_sitemap_is_well_formed_for_text_stored_past_the_checks(client):
    article, _tag, _source = text_stored_past_the_checks()
    cache.clear()  # the directories' counts, read once a minute
    for url in [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
        "/sitemap-sources.xml",
        "/news-sitemap.xml",
    ]:
        xml(client, url)
    titles = [title.text for title in xml(client, "/news-sitemap.xml").iter(f"{NEWS}title")]
    assert titles == ["Badtext"]
