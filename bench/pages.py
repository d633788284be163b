"""The public pages of the site, chosen once for the benchmark, the load test and the tests.

Two lists: every public address (the no-leak, header, hostile-input and bad-request tests and
the load test run over all of them), and the pages worth measuring in a generated archive (the
benchmark times them, the query-count and index tests count and explain their queries). A new
public page, feed or sitemap is added here. Import after Django is set up.
"""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Section, Source, Tag
from articles.site.sitemaps import ArticleSitemap
from bench.archive.synthetic import COMMON_PHRASE, COMMON_WORD, RARE_WORD

# Searches made to cost the most: words no article has, joined with "or" (the planner expects
# some matches for each, and would read the whole archive in date order looking for them); a
# common word with a rare one; a common word without another that often stands beside it.
MISSING_WORDS = (
    "Quokkafeder",
    "Brontosaurierpass",
    "Mondscheinzoll",
    "Zinnoberkarpfen",
    "Wolkenkuckucksamt",
    "Schneckenpost",
    "Glasbergwerk",
    "Nebelhornfisch",
)


def _day(article):
    day = timezone.localtime(article.published_at)
    return {"year": day.year, "month": day.month, "day": day.day}


def _month(article):
    return {key: value for key, value in _day(article).items() if key != "day"}


def _section(article):
    """The article's section page, or the directory of sections for one in none."""
    return article.section.get_absolute_url() if article.section else reverse("articles:sections")


def _author(article, feed=""):
    """The page (or feed) of the article's first author, or the directory of authors for an
    article without author entries."""
    authors = article.byline_authors
    if not authors:
        return reverse("articles:authors")
    return reverse(f"articles:author{feed}", kwargs={"slug": authors[0].slug})


def _section_feed(article, feed):
    if not article.section:
        return reverse("articles:feed")
    return reverse(f"articles:section{feed}", kwargs={"slug": article.section.slug})


def _api_section(article):
    if not article.section:
        return reverse("api:sections")
    return reverse("api:section", kwargs={"slug": article.section.slug})


def _api_author(article):
    authors = article.byline_authors
    if not authors:
        return reverse("api:authors")
    return reverse("api:author", kwargs={"slug": authors[0].slug})


def _api_picture(article):
    if article.shown_lead_image is None:
        return reverse("api:images")
    return reverse("api:image", args=[article.lead_image_id])


# name -> how to build the address from the published article, its tag and its source.
PUBLIC_URLS = {
    "front page": lambda article, tag, source: reverse("articles:index"),
    "front page, page 1": lambda article, tag, source: reverse("articles:index") + "?page=1",
    "article": lambda article, tag, source: article.get_absolute_url(),
    "corrections": lambda article, tag, source: reverse("articles:corrections"),
    "tag": lambda article, tag, source: reverse("articles:tag", kwargs={"slug": tag.slug}),
    "source": lambda article, tag, source: source.get_absolute_url(),
    "robots.txt": lambda article, tag, source: reverse("articles:robots"),
    "archive": lambda article, tag, source: reverse("articles:archive"),
    "section directory": lambda article, tag, source: reverse("articles:sections"),
    "section": lambda article, tag, source: _section(article),
    "section RSS feed": lambda article, tag, source: _section_feed(article, "_feed"),
    "section Atom feed": lambda article, tag, source: _section_feed(article, "_feed_atom"),
    "author directory": lambda article, tag, source: reverse("articles:authors"),
    "author": lambda article, tag, source: _author(article),
    "author RSS feed": lambda article, tag, source: _author(article, "_feed"),
    "author Atom feed": lambda article, tag, source: _author(article, "_feed_atom"),
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
    "section sitemap": lambda article, tag, source: reverse(
        "articles:sitemap_section", kwargs={"section": "sections"}
    ),
    "author sitemap": lambda article, tag, source: reverse(
        "articles:sitemap_section", kwargs={"section": "authors"}
    ),
    "news sitemap": lambda article, tag, source: reverse("articles:news_sitemap"),
    "API articles": lambda article, tag, source: reverse("api:articles"),
    "API articles by tag": lambda article, tag, source: (
        reverse("api:articles") + f"?tag={tag.slug}"
    ),
    "API article": lambda article, tag, source: reverse("api:article", args=[article.pk]),
    "API tags": lambda article, tag, source: reverse("api:tags"),
    "API tag": lambda article, tag, source: reverse("api:tag", kwargs={"slug": tag.slug}),
    "API sources": lambda article, tag, source: reverse("api:sources"),
    "API source": lambda article, tag, source: reverse("api:source", kwargs={"slug": source.slug}),
    "API sections": lambda article, tag, source: reverse("api:sections"),
    "API section": lambda article, tag, source: _api_section(article),
    "API authors": lambda article, tag, source: reverse("api:authors"),
    "API author": lambda article, tag, source: _api_author(article),
    "API pictures": lambda article, tag, source: reverse("api:images"),
    "API picture": lambda article, tag, source: _api_picture(article),
}


def public_urls(article, tag, source):
    """(name, address) of every public page for a world with this article, tag and source."""
    return [(name, build(article, tag, source)) for name, build in PUBLIC_URLS.items()]


def pages_to_measure(deep_page=None):
    """(name, address) of each public page worth measuring, chosen from the archive there is.

    The article is a recent one a thousand places down, as readers arrive at it from a search
    engine rather than from the front page; with deep_page, pages far down each long list too.
    """
    article = reader_article()
    by_use = Tag.objects.annotate(n=Count("tagged_articles"))
    busiest_tag = by_use.order_by("-n", "pk").first()
    rarest_tag = by_use.filter(n__gt=0).order_by("n", "pk").first()
    # A tag on one article in four hundred: too many to read each article's row for its
    # place in the order, too few for the publication order to meet twenty of them soon.
    middling = max(Article.objects.count() // 400, 1)
    middling_tag = by_use.filter(n__gte=middling).order_by("n", "pk").first() or busiest_tag
    busiest_source = Source.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    day = timezone.localtime(article.published_at)
    busiest_section = Section.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    busiest_author = (
        ArticleAuthor.objects.values_list("author__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "author__slug")
        .first()
    )
    pages = [
        ("front page", reverse("articles:index")),
        ("article", article.get_absolute_url()),
        ("tag (biggest)", busiest_tag.get_absolute_url()),
        ("tag (smallest)", rarest_tag.get_absolute_url()),
        ("tag (one article in 400)", middling_tag.get_absolute_url()),
        ("source (biggest)", busiest_source.get_absolute_url()),
        ("corrections", reverse("articles:corrections")),
        ("day archive", reverse("articles:day", kwargs=_day(article))),
        ("month archive", reverse("articles:month", kwargs=_month(article))),
        ("year archive", reverse("articles:year", kwargs={"year": day.year})),
        ("tag directory", reverse("articles:tags")),
        ("source directory", reverse("articles:sources")),
        ("archive", reverse("articles:archive")),
        ("section directory", reverse("articles:sections")),
        ("author directory", reverse("articles:authors")),
        ("search, common word", _search(COMMON_WORD)),
        ("search, rare word", _search(RARE_WORD)),
        ("search, phrase", _search(f'"{COMMON_PHRASE}"')),
        ("search, with exclusion", _search(f"{COMMON_WORD} -{RARE_WORD}")),
        ("search, or of missing words", _search(" or ".join(MISSING_WORDS))),
        ("search, common and rare word", _search(f"{COMMON_WORD} {RARE_WORD}")),
        ("search, common word without another", _search(f"{COMMON_WORD} -{_neighbour()}")),
        ("RSS feed", reverse("articles:feed")),
        ("tag feed", reverse("articles:tag_feed", kwargs={"slug": busiest_tag.slug})),
        ("sitemap.xml", reverse("articles:sitemap")),
        ("article sitemap page", _sitemap("articles") + "?p=1"),
        ("tag sitemap", _sitemap("tags")),
        ("source sitemap", _sitemap("sources")),
        ("news-sitemap.xml", reverse("articles:news_sitemap")),
        ("API articles", reverse("api:articles")),
        ("API article", reverse("api:article", args=[article.pk])),
        ("API changes", reverse("api:articles") + "?updated_since=2000-01-01"),
    ]
    if busiest_section:
        pages += [
            ("section (biggest)", busiest_section.get_absolute_url()),
            (
                "section feed",
                reverse("articles:section_feed", kwargs={"slug": busiest_section.slug}),
            ),
        ]
    if busiest_author:
        pages.append(("author (busiest)", reverse("articles:author", args=[busiest_author[0]])))
    authored = authored_article()
    if authored:
        pages.append(("article by an author", authored.get_absolute_url()))
    if deep_page:
        pages += [
            (f"front page, page {deep_page}", f"{reverse('articles:index')}?page={deep_page}"),
            ("tag (biggest), deep", f"{busiest_tag.get_absolute_url()}?page={deep_page // 4}"),
            (
                "source (biggest), deep",
                f"{busiest_source.get_absolute_url()}?page={deep_page // 20}",
            ),
            ("article sitemap, last", _sitemap("articles") + f"?p={_last_sitemap_page()}"),
        ]
    return pages


def reader_article():
    """The article the benchmark measures: recent agency copy a thousand places down (the
    peer shows the same article, with its source)."""
    return _thousand_down(_agency_copy())


def long_tail(count):
    """Up to `count` articles of agency copy after reader_article(), newest first: the pages
    readers reach from search engines and old links, one at a time."""
    articles = _agency_copy().order_by("-published_at", "-id")
    return list(articles.only("slug", "published_at")[1001 : 1001 + count])


def _agency_copy():
    return Article.objects.published().exclude(source=None)


def authored_article():
    """Our own reporting, by an author with a page, a thousand places down; or None."""
    return _thousand_down(
        Article.objects.published().filter(source=None, authors__isnull=False).distinct()
    )


def _thousand_down(articles):
    articles = articles.order_by("-published_at", "-id")
    count = articles.count()
    return articles[min(1000, count - 1)] if count else None


def _neighbour():
    """A word that stands beside the common word in many articles: the phrase's last."""
    return COMMON_PHRASE.split()[-1]


def _search(query):
    return f"{reverse('articles:search')}?{urlencode({'q': query})}"


def _sitemap(section):
    return reverse("articles:sitemap_section", kwargs={"section": section})


def _last_sitemap_page():
    return ArticleSitemap().paginator.num_pages
