"""Sitemaps for search engines: articles, tags and sources, and a Google News sitemap."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.views.generic import TemplateView

from articles.models import Article, Source, Tag

# The sitemap protocol's ceiling; sections split into pages of this many URLs.
URLS_PER_SITEMAP = 50_000
# Google News takes the articles of the last two days, at most a thousand.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class ArticleSitemap(Sitemap):
    limit = URLS_PER_SITEMAP

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "created_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at


class TagSitemap(Sitemap):
    limit = URLS_PER_SITEMAP

    def items(self):
        published = Article.objects.published().filter(tagged_items__tag=OuterRef("pk"))
        return Tag.objects.filter(Exists(published)).order_by("name")


class SourceSitemap(Sitemap):
    limit = URLS_PER_SITEMAP

    def items(self):
        published = Article.objects.published().filter(source=OuterRef("pk"))
        return Source.objects.filter(Exists(published)).order_by("name")


SITEMAPS = {"articles": ArticleSitemap, "tags": TagSitemap, "sources": SourceSitemap}


class NewsSitemapView(TemplateView):
    """The Google News sitemap: the articles published in the last two days."""

    template_name = "articles/news_sitemap.xml"
    content_type = "application/xml; charset=utf-8"

    def get_context_data(self, **kwargs):
        articles = (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only("title", "slug", "language", "published_at", "created_at")
            .order_by("-published_at", "-id")[:NEWS_LIMIT]
        )
        return super().get_context_data(articles=articles, **kwargs)
