"""Every public address of the site, in one list: the no-leak, header, hostile-input and
bad-request tests all run over it. A new public page, feed or sitemap is added here once."""

from django.urls import reverse
from django.utils import timezone


def _day(article):
    day = timezone.localtime(article.published_at)
    return {"year": day.year, "month": day.month, "day": day.day}


def _month(article):
    return {key: value for key, value in _day(article).items() if key != "day"}


# name -> how to build the address from the published article, its tag and its source.
PUBLIC_URLS = {
    "front page": lambda article, tag, source: reverse("articles:index"),
    "front page, page 1": lambda article, tag, source: reverse("articles:index") + "?page=1",
    "article": lambda article, tag, source: article.get_absolute_url(),
    "corrections": lambda article, tag, source: reverse("articles:corrections"),
    "tag": lambda article, tag, source: reverse("articles:tag", kwargs={"slug": tag.slug}),
    "source": lambda article, tag, source: source.get_absolute_url(),
    "robots.txt": lambda article, tag, source: reverse("articles:robots"),
    "year archive": lambda article, tag, source: reverse(
        "articles:year", kwargs={"year": _day(article)["year"]}
    ),
    "month archive": lambda article, tag, source: reverse("articles:month", kwargs=_month(article)),
    "day archive": lambda article, tag, source: reverse("articles:day", kwargs=_day(article)),
    "tag directory": lambda article, tag, source: reverse("articles:tags"),
    "source directory": lambda article, tag, source: reverse("articles:sources"),
    "search": lambda article, tag, source: reverse("articles:search") + "?q=headline",
    "search by tag": lambda article, tag, source: (
        reverse("articles:search") + f"?q=headline&tag={tag.slug}"
    ),
    "RSS feed": lambda article, tag, source: reverse("articles:feed"),
    "Atom feed": lambda article, tag, source: reverse("articles:feed_atom"),
    "tag RSS feed": lambda article, tag, source: reverse(
        "articles:tag_feed", kwargs={"slug": tag.slug}
    ),
    "tag Atom feed": lambda article, tag, source: reverse(
        "articles:tag_feed_atom", kwargs={"slug": tag.slug}
    ),
    "source RSS feed": lambda article, tag, source: reverse(
        "articles:source_feed", kwargs={"slug": source.slug}
    ),
    "source Atom feed": lambda article, tag, source: reverse(
        "articles:source_feed_atom", kwargs={"slug": source.slug}
    ),
    "sitemap index": lambda article, tag, source: reverse("articles:sitemap"),
    "article sitemap": lambda article, tag, source: reverse(
        "articles:sitemap_section", kwargs={"section": "articles"}
    ),
    "tag sitemap": lambda article, tag, source: reverse(
        "articles:sitemap_section", kwargs={"section": "tags"}
    ),
    "source sitemap": lambda article, tag, source: reverse(
        "articles:sitemap_section", kwargs={"section": "sources"}
    ),
    "news sitemap": lambda article, tag, source: reverse("articles:news_sitemap"),
}


def public_urls(article, tag, source):
    """(name, address) of every public page for a world with this article, tag and source."""
    return [(name, build(article, tag, source)) for name, build in PUBLIC_URLS.items()]
