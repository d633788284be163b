"""The public pages of a generated archive, for the query-count and index tests."""

from django.db.models import Count
from django.utils import timezone

from articles.models import Article, Source, Tag
from articles.site.sitemaps import ArticleSitemap
from articles.synthetic import COMMON_WORD


def public_pages(deep_page=None):
    """(name, URL) of each public page worth measuring, chosen from the articles there are."""
    published = Article.objects.published()
    article = published.order_by("-published_at", "-id")[published.count() // 2]
    busiest_tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n", "pk").first()
    rarest_tag = (
        Tag.objects.annotate(n=Count("tagged_articles")).filter(n__gt=0).order_by("n", "pk").first()
    )
    day = timezone.localtime(article.published_at)
    busiest_source = Source.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    pages = [
        ("front page", "/"),
        ("article", article.get_absolute_url()),
        ("tag with many articles", busiest_tag.get_absolute_url()),
        ("tag with few articles", rarest_tag.get_absolute_url()),
        ("source", busiest_source.get_absolute_url()),
        ("corrections", "/corrections/"),
        ("year archive", f"/{day:%Y}/"),
        ("month archive", f"/{day:%Y/%m}/"),
        ("day archive", f"/{day:%Y/%m/%d}/"),
        ("tag directory", "/tags/"),
        ("source directory", "/sources/"),
        ("search, common word", f"/search/?q={COMMON_WORD}"),
        ("RSS feed", "/feed/"),
        ("tag feed", f"{busiest_tag.get_absolute_url()}feed/"),
        ("sitemap.xml", "/sitemap.xml"),
        ("article sitemap", "/sitemap-articles.xml"),
        ("tag sitemap", "/sitemap-tags.xml"),
        ("source sitemap", "/sitemap-sources.xml"),
        ("news-sitemap.xml", "/news-sitemap.xml"),
    ]
    if deep_page:
        last_sitemap_page = ArticleSitemap().paginator.num_pages
        pages += [
            ("front page, deep", f"/?page={deep_page}"),
            (
                "tag with many articles, deep",
                f"{busiest_tag.get_absolute_url()}?page={deep_page // 4}",
            ),
            ("source, deep", f"{busiest_source.get_absolute_url()}?page={deep_page // 20}"),
            ("article sitemap, last page", f"/sitemap-articles.xml?p={last_sitemap_page}"),
        ]
    return pages
