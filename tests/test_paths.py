"""Addresses written thousands of times a page are reverse()'s, word for word."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    include,
    path,
    reverse,
    set_script_prefix,
)
from django.utils import timezone

from articles.models.articles import Article, ArticlePaths, article_path
from articles.paths import SlugPaths, cached_reverse

BERLIN = ZoneInfo("Europe/Berlin")

# The site under a prefix, for a test that makes this module the URL configuration.
urlpatterns = [path("zeitung/", include("newsroom.urls"))]


def detail(year, month, day, slug):
    return reverse("articles:detail", kwargs=locals())


@pytest.mark.parametrize("slug", ["a", "china-und-belarus", "slug-marker", "x_1-slug-marker-2"])
def test_an_articles_address_is_what_reverse_gives(slug):
    moment = datetime(2022, 9, 16, 23, 30, tzinfo=ZoneInfo("UTC"))  # the 17th in Berlin
    assert article_path(moment, slug) == detail(2022, 9, 17, slug)
    assert ArticlePaths().on(moment.astimezone(BERLIN).date(), slug) == detail(2022, 9, 17, slug)


def test_many_slugs_of_one_route_each_get_their_own_address():
    paths = SlugPaths("articles:tag")
    assert [paths(slug) for slug in ("minsk", "peking")] == ["/tags/minsk/", "/tags/peking/"]


def test_an_address_under_a_script_prefix_keeps_it():
    set_script_prefix("/zeitung/")
    try:
        assert SlugPaths("articles:tag")("minsk") == "/zeitung/tags/minsk/"
    finally:
        clear_script_prefix()
    assert SlugPaths("articles:tag")("minsk") == "/tags/minsk/"


def test_an_address_follows_a_changed_url_configuration(settings):
    assert cached_reverse("articles:tag", slug="minsk") == "/tags/minsk/"
    assert SlugPaths("articles:tag")("minsk") == "/tags/minsk/"
    settings.ROOT_URLCONF = __name__
    assert cached_reverse("articles:tag", slug="minsk") == "/zeitung/tags/minsk/"
    assert SlugPaths("articles:tag")("minsk") == "/zeitung/tags/minsk/"


@pytest.mark.parametrize("slug", ["", "zwei worte", "ümlaut", "a/b", "../x"])
def test_a_slug_the_site_cannot_address_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        SlugPaths("articles:tag")(slug)
    with pytest.raises(NoReverseMatch):
        article_path(datetime(2022, 9, 16, tzinfo=BERLIN), slug)


def test_an_articles_address_follows_its_date_slug_zone_and_the_sites_prefix(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    article = Article(
        slug="minsk", published_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC), created_at=None
    )
    assert article.get_absolute_url() == "/2026/03/02/minsk/"
    article.slug = "minsk-und-peking"
    assert article.get_absolute_url() == "/2026/03/02/minsk-und-peking/"
    article.published_at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert article.get_absolute_url() == "/2026/03/01/minsk-und-peking/"
    with timezone.override("Asia/Shanghai"):
        article.published_at = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
        assert article.get_absolute_url() == "/2026/03/02/minsk-und-peking/"
    assert article.get_absolute_url() == "/2026/03/01/minsk-und-peking/"
    set_script_prefix("/news/")
    try:
        assert article.get_absolute_url() == "/news/2026/03/01/minsk-und-peking/"
    finally:
        clear_script_prefix()
    settings.ROOT_URLCONF = __name__
    assert article.get_absolute_url() == "/zeitung/2026/03/01/minsk-und-peking/"
