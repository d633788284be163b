from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.site.pagination import DEEP_OFFSET
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=UTC)


def titles(response):
    return [row["title"] for row in response.context["object_list"]]


def test_year_month_and_day_archives_list_the_articles_of_their_period(client):
    make_article(title="Spring", published_at=at(2022, 4, 2, 10))
    make_article(title="Autumn", published_at=at(2022, 9, 16, 10))
    make_article(title="Next year", published_at=at(2023, 1, 5, 10))
    assert titles(client.get("/2022/")) == ["Autumn", "Spring"]
    assert titles(client.get("/2022/09/")) == ["Autumn"]
    assert titles(client.get("/2022/09/16/")) == ["Autumn"]


def test_periods_are_read_in_the_display_time_zone(client):
    # 23:30 UTC on 15 September is already 01:30 on the 16th in Berlin (UTC+2 in summer).
    make_article(title="Late", published_at=at(2022, 9, 15, 23, 30))
    # 22:30 UTC on 31 December is 23:30 on the 31st in Berlin, still the old year.
    make_article(title="New Year's Eve", published_at=at(2022, 12, 31, 22, 30))
    make_article(title="New Year", published_at=at(2022, 12, 31, 23, 30))
    assert titles(client.get("/2022/09/16/")) == ["Late"]
    assert client.get("/2022/09/15/").status_code == 404
    assert titles(client.get("/2022/12/31/")) == ["New Year's Eve"]
    assert titles(client.get("/2023/01/01/")) == ["New Year"]
    assert titles(client.get("/2023/")) == ["New Year"]


def test_archives_link_to_the_neighbouring_periods_that_have_articles(client):
    make_article(published_at=at(2021, 3, 1, 12))
    make_article(published_at=at(2022, 9, 16, 12))
    make_article(published_at=at(2024, 2, 7, 12))
    page = client.get("/2022/09/16/").content.decode()
    assert 'href="/2021/03/01/"' in page
    assert 'href="/2024/02/07/"' in page
    month = client.get("/2022/09/").content.decode()
    assert 'href="/2021/03/"' in month and 'href="/2024/02/"' in month
    year = client.get("/2022/").content.decode()
    assert 'href="/2021/"' in year and 'href="/2024/"' in year
    assert 'href="/2023/"' not in year


def test_neighbours_across_the_display_time_zone_midnight(client):
    # 22:30 UTC on 16 September is 00:30 on the 17th in Berlin; 21:30 UTC on the 15th is
    # 23:30 that day there.
    make_article(published_at=at(2022, 9, 15, 21, 30))
    make_article(published_at=at(2022, 9, 16, 12))
    make_article(published_at=at(2022, 9, 16, 22, 30))
    page = client.get("/2022/09/16/").content.decode()
    assert 'href="/2022/09/15/"' in page and 'href="/2022/09/17/"' in page


@pytest.mark.parametrize("url", ["/2022/", "/2022/09/", "/2022/09/16/"])
def test_a_periods_page_reads_its_neighbours_in_its_own_statement(
    client, django_assert_num_queries, url
):
    make_article(title="Before", published_at=at(2021, 3, 1, 12))
    make_article(title="During", published_at=at(2022, 9, 16, 12))
    make_article(title="After", published_at=at(2024, 2, 7, 12))
    client.get(url)  # the count, the year's months and the menu, kept for the cache period
    with django_assert_num_queries(1):
        page = client.get(url)
    assert titles(page) == ["During"]
    period = {"/2022/": "year", "/2022/09/": "month", "/2022/09/16/": "day"}[url]
    assert page.context[f"previous_{period}"] < page.context[f"next_{period}"]


def test_a_deep_page_of_a_period_links_to_its_neighbours_too(client):
    make_article(published_at=at(2021, 3, 1, 12))
    make_article(published_at=at(2024, 2, 7, 12))
    for minute in range(DEEP_OFFSET + 1):
        make_article(published_at=at(2022, 9, 16, 8) + timedelta(minutes=minute))
    deep = client.get("/2022/09/16/", {"page": DEEP_OFFSET // 20 + 1})
    assert len(titles(deep)) == 1
    page = deep.content.decode()
    assert 'href="/2021/03/01/"' in page and 'href="/2024/02/07/"' in page


def test_neighbour_links_skip_periods_with_only_unpublished_articles(client):
    make_article(published_at=at(2022, 9, 16, 12))
    make_article(status=Article.Status.DRAFT, published_at=at(2023, 5, 1, 12))
    make_article(published_at=timezone.now() + timedelta(days=400))
    expired = make_source(rights_expire_at=at(2022, 1, 1))
    make_article(published_at=at(2021, 3, 1, 12), source=expired)
    page = client.get("/2022/").content.decode()
    assert 'href="/2023/"' not in page and 'href="/2021/"' not in page
    assert "neighbours" not in page


def test_year_archive_links_to_its_months(client):
    make_article(published_at=at(2022, 9, 16, 12))
    assert 'href="/2022/09/"' in client.get("/2022/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/2022/02/30/", "/2022/13/", "/2022/00/", "/0000/", "/9999/12/31/", "/2022/09/32/"],
)
def test_an_impossible_or_empty_date_is_404(client, url):
    make_article(published_at=at(2022, 9, 16, 12))
    assert client.get(url).status_code == 404


def test_a_page_out_of_range_is_404(client):
    make_article(published_at=at(2022, 9, 16, 12))
    assert client.get("/2022/", {"page": 2}).status_code == 404
    assert client.get("/2022/", {"page": "x"}).status_code == 404


def test_archives_paginate(client):
    for hour in range(21):
        make_article(published_at=at(2022, 9, 16, hour))
    assert len(client.get("/2022/09/16/").context["object_list"]) == 20
    assert len(client.get("/2022/09/16/", {"page": 2}).context["object_list"]) == 1


def test_archives_never_show_unpublished_or_scheduled_articles(client):
    make_article(title="Visible", published_at=at(2022, 9, 16, 8))
    make_article(title="Draft", status=Article.Status.DRAFT, published_at=at(2022, 9, 16, 9))
    make_article(title="Future", published_at=timezone.now() + timedelta(days=400))
    assert titles(client.get("/2022/09/16/")) == ["Visible"]
    future = timezone.localtime(timezone.now() + timedelta(days=400))
    assert client.get(f"/{future.year}/{future.month:02d}/").status_code == 404


def _fill(count, source, tag):
    for day in range(count):
        make_article(source=source, tags=[tag, make_tag()], published_at=at(2022, 9, 1 + day, 8))


@pytest.mark.parametrize("url", ["/2022/", "/2022/09/", "/2022/09/01/", "/tags/", "/sources/"])
def test_archive_and_directory_queries_do_not_grow_with_the_number_of_articles(
    client, django_assert_max_num_queries, django_assert_num_queries, url
):
    source, tag = make_source(), make_tag()
    # Neighbouring periods exist from the start, so both measurements look them up.
    make_article(source=source, tags=[tag], published_at=at(2021, 1, 1, 8))
    make_article(source=source, tags=[tag], published_at=at(2023, 12, 31, 8))
    _fill(1, source, tag)
    # Three: the page's articles, their number (for a year, by month) and both neighbours;
    # and the sections of the site's menu, read once and then kept in the cache.
    with django_assert_max_num_queries(4) as one:
        assert client.get(url).status_code == 200
    _fill(25, source, tag)
    cache.clear()  # the count of articles is cached; count again, as the first time
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_editors_see_new_counts_at_once_where_readers_wait_for_the_cache(staff_client):
    reader = Client()
    tag = make_tag("Beijing")
    make_article(tags=[tag], published_at=at(2022, 9, 16, 8))
    later = make_article(tags=[tag], published_at=at(2022, 9, 17, 8), status="draft")
    assert "1 Artikel" in reader.get("/tags/").content.decode()
    assert len(reader.get("/2022/").context["object_list"]) == 1
    # Published past the models' signals, which purge the counts (as when a scheduled
    # article's moment comes): readers wait for the cache.
    Article.objects.filter(pk=later.pk).update(status=Article.Status.PUBLISHED)
    assert "1 Artikel" in reader.get("/tags/").content.decode()
    assert "2 Artikel" in staff_client.get("/tags/").content.decode()
    assert len(staff_client.get("/2022/").context["object_list"]) == 2
