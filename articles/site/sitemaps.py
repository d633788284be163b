"""Sitemaps for search engines: articles, tags, sources, sections and authors, and a Google
News sitemap."""

from datetime import timedelta
from html import escape as xml_escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max, Q, Subquery
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import http_date
from django.views import View
from django.views.generic import TemplateView

from articles.models import Article, Author, Image, Section, Source, Tag
from articles.models.articles import ArticlePaths, local_day
from articles.site import caching
from articles.site.methods import HeadAsGet
from articles.site.pictures import absolute
from articles.site.published_counts import (
    CountedDirectory,
    author_counts,
    section_counts,
    source_counts,
    tag_counts,
)

# The sitemap protocol's ceiling; the tag and source sections split into pages of this many.
URLS_PER_SITEMAP = 50_000
# Article pages are smaller: each is written on request, and must not keep a crawler waiting.
ARTICLES_PER_SITEMAP = 10_000
# Google News takes the articles of the last two days, at most a thousand.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class IdRangePaginator(Paginator):
    """Pages by ranges of ids, counted from the oldest published article's id (first):
    page p holds the articles whose ids lie in [first + (p - 1) * per_page, first + p * per_page).

    A page is read by an index range, never by skipping rows, so page 100 costs what page 1
    does. An article keeps its page as long as the oldest article stays published: older
    pages rarely change, and a crawler reading them while articles are published can
    neither miss nor repeat one. The ids of drafts and of withdrawn or deleted articles
    leave gaps, so a page may hold fewer than per_page addresses, never more.
    """

    @cached_property
    def id_bounds(self):
        """The lowest and the highest published id, in one query; None without articles."""
        ids = self.object_list.values("pk")
        first = Subquery(ids.order_by("pk")[:1])
        last = Subquery(ids.order_by("-pk")[:1])
        found = Article.objects.filter(Q(pk=first) | Q(pk=last)).order_by("pk")
        found = list(found.values_list("pk", flat=True))
        return (found[0], found[-1]) if found else None

    @cached_property
    def num_pages(self):
        if self.id_bounds is None:
            return 1  # an empty section is one empty page
        first, last = self.id_bounds
        return (last - first) // self.per_page + 1

    def page(self, number):
        number = self.validate_number(number)
        if self.id_bounds is None:
            return self._get_page([], number, self)
        start = self.id_bounds[0] + (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page)
        page = self._get_page(list(rows.order_by("pk")), number, self)
        page.rows = rows
        return page


class ArticleSitemap(Sitemap):
    """The published articles as rows of what a sitemap names: (slug, the day of its
    publication, the day of its last change, lead_image_id), days in the display time zone;
    their pages are written by ArticleSitemapView."""

    limit = ARTICLES_PER_SITEMAP

    def items(self):
        # A published article's address is dated by its publication; created_at stays behind.
        return Article.objects.published().values_list(
            "slug", local_day("published_at"), local_day("updated_at"), "lead_image_id"
        )

    def get_latest_lastmod(self):
        # Django's own calls lastmod() on every article; this is one lookup in an index.
        return self.items().order_by("-updated_at").values_list("updated_at", flat=True).first()

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)


class TagSitemap(Sitemap):
    """The tags of the directory: those with published articles, counted once a minute."""

    limit = URLS_PER_SITEMAP

    def items(self):
        return CountedDirectory(Tag, tag_counts())


class SourceSitemap(Sitemap):
    """The sources with published articles, counted once a minute."""

    limit = URLS_PER_SITEMAP

    def items(self):
        return CountedDirectory(Source, source_counts())


class OnePagePaginator(Paginator):
    """A newsroom has far fewer than 50,000 sections or authors: the sitemap index names their
    one page without reading them; only the page itself does (read_items())."""

    num_pages = 1

    def __init__(self, read_items, per_page):
        super().__init__([], per_page)
        self.read_items = read_items

    def page(self, number):
        self.object_list = self.read_items()
        return super().page(number)


class SectionSitemap(Sitemap):
    """The sections with published articles, counted once a minute."""

    limit = URLS_PER_SITEMAP

    @property
    def paginator(self):
        return OnePagePaginator(self.items, self.limit)

    def items(self):
        return CountedDirectory(Section, section_counts())


class AuthorSitemap(Sitemap):
    """The authors with published articles, counted once a minute."""

    limit = URLS_PER_SITEMAP

    @property
    def paginator(self):
        return OnePagePaginator(self.items, self.limit)

    def items(self):
        return CountedDirectory(Author, author_counts())


class ArticleSitemapView(HeadAsGet, View):
    """A page of the article section, written directly rather than through a template.

    Django's sitemap template renders each address through the template engine, which on a
    page of ten thousand costs more than the query; the addresses, dates and markup are the
    same as the template's.

    Browsers and CDNs may keep a page as long as any public page, but the process's own page
    cache does not (the view says how to cache, so the page cache leaves it alone): the
    pages of a large archive are heavy, and a crawler reading them all would leave every one
    in every worker's memory.
    """

    query_parameters = ("p",)

    def get(self, request):
        sitemap = ArticleSitemap()
        try:
            page = sitemap.paginator.page(request.GET.get("p", 1))
        except (EmptyPage, PageNotAnInteger):
            raise Http404 from None
        rows = page.object_list
        site = escape(f"{request.scheme}://{get_current_site(request).domain}")
        path = ArticlePaths()
        pictures = lead_images(request, {row[3] for row in rows})
        # Each address escaped by the standard library's escape() itself: Django's wraps it
        # and costs twice as much, ten thousand times a page.
        entries = [
            f"<url><loc>{site}{xml_escape(path.on(published_on, slug))}</loc>"
            f"<lastmod>{changed_on.isoformat()}</lastmod>"
            f"{pictures.get(image_id, '')}</url>"
            for slug, published_on, changed_on, image_id in rows
        ]
        response = HttpResponse(
            f"{URLSET_START}{''.join(entries)}</urlset>\n", content_type=SITEMAP_CONTENT_TYPE
        )
        if rows:
            # The rows name days; the moment of the newest change is one more, short query.
            newest = page.rows.aggregate(newest=Max("updated_at"))["newest"]
            response["Last-Modified"] = http_date(newest.timestamp())
        max_age = settings.PUBLIC_PAGE_MAX_AGE
        patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age)
        caching.send_surrogate_keys(response, [caching.LIST])
        return response


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
)
# Search engines index the picture at this width.
SITEMAP_IMAGE_WIDTH = 1280


def lead_images(request, ids):
    """{picture id: its <image:image>} for the lead images among `ids` that may be shown.

    Read in a query of their own: a few pictures lead many articles, and joining them to a
    page's ten thousand rows would tempt the planner into reading the whole article table.
    """
    ids = set(ids) - {None}
    if not ids:
        return {}
    images = Image.objects.usable().filter(pk__in=ids).only("renditions")
    entries = {}
    for image in images:
        entry = image.rendition("wide", "jpeg", SITEMAP_IMAGE_WIDTH)
        if entry is not None:
            address = escape(absolute(request, entry))
            entries[image.pk] = f"<image:image><image:loc>{address}</image:loc></image:image>"
    return entries


SITEMAP_CONTENT_TYPE = "application/xml"

SITEMAPS = {
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}


class NewsSitemapView(HeadAsGet, TemplateView):
    """The Google News sitemap: the articles published in the last two days."""

    template_name = "articles/news_sitemap.xml"
    query_parameters = ()
    content_type = "application/xml; charset=utf-8"

    def get_context_data(self, **kwargs):
        articles = (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only("title", "slug", "language", "published_at", "created_at")
            .order_by("-published_at", "-id")[:NEWS_LIMIT]
        )
        return super().get_context_data(articles=articles, **kwargs)
