"""What the public lists show: teaser rows of published articles, read by queries prepared
once per process (prepared.py)."""

from django.db import connections, router
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models.arrays import IsAnyOf
from articles.models.articles import Article
from articles.models.authors import ArticleAuthor
from articles.models.periods import period_bounds, start_of_day
from articles.models.prepared import Prepared
from articles.models.tags import TaggedArticle

BY_ID = "by id"


def _newest_first(shape, *, now, ids=None, **filters):
    articles = Article.objects.published(now).filter(**filters).order_by("-published_at", "-id")
    if shape == BY_ID:
        return articles.filter(pk__in=ids).teasers()
    return _teasers_of_page(articles, shape)


def _teasers_of_page(articles, shape):
    """The teasers of the page `shape` (bottom, top) of `articles`, newest first. The page's
    ids first, sorted from the indexes alone, then their teasers: the sources and pictures
    are joined for those few rows rather than for every article of a tag or author the
    database sorts (a tag of 2,400 articles at a million: 16 ms before, 5 now)."""
    bottom, top = shape
    page = articles.values("pk")[bottom:top]
    return Article.objects.filter(pk__in=page).order_by("-published_at", "-id").teasers()


_NEWEST_FIRST = Prepared(Article, _newest_first)
# The front page's list and chosen stories, with no filter: the same plan whatever the moment
# or the ids (the publication-order index, or the ids' own).
_LATEST = Prepared(Article, _newest_first, plan_once=True)
# Marks the rows a page reads along with its own (TeaserRows.read_along()).
READ_ALONG = "is_read_along"


def _newest_first_and_these(shape, *, now, ids):
    """The page `shape` (bottom, top) of the newest articles and the articles `ids`, in one
    statement, each row marked READ_ALONG where it is one of `ids` rather than of the page.
    Unordered: a compound statement cannot order its parts everywhere (SQLite)."""
    articles = Article.objects.published(now).order_by("-published_at", "-id")
    page = _teasers_of_page(articles, shape).order_by()
    these = articles.filter(pk__in=ids).order_by().teasers()
    marked = {READ_ALONG: Value(False, output_field=BooleanField())}
    along = {READ_ALONG: Value(True, output_field=BooleanField())}
    return page.annotate(**marked).union(these.annotate(**along), all=True)


# The front page's first page with its chosen stories: one round trip rather than two, planned
# once as _LATEST is.
_LATEST_AND_THESE = Prepared(Article, _newest_first_and_these, plan_once=True)

# Lists whose filters an index leads with, in publication order within each value (a section's,
# a source's), or whose bounds cut the publication order (a period's): the same plan whatever
# the section, source or period, where PostgreSQL takes longer to plan the query than to run
# it. A tag's or an author's articles are found through another table, where a common one is
# best read in publication order and a rare one by its own few rows: planned for each.
_IN_AN_INDEXED_ORDER = Prepared(Article, _newest_first, plan_once=True)
FILTERS_IN_AN_INDEXED_ORDER = (
    {"section"},
    {"source"},
    {"published_at__gte", "published_at__lt"},
)

# The table that links a tag or an author to its articles, whatever their status: the model,
# its field naming the article, and its field naming the tag or author.
OWN_ROWS = {
    "tags": (TaggedArticle, "content_object", "tag"),
    "authorships__author": (ArticleAuthor, "article", "author"),
}


def _own_articles(name, pk):
    """The ids of the articles of the tag or author `pk`, read from its linking table alone."""
    model, article, value = OWN_ROWS[name]
    # Unordered: a byline's order is no part of which articles are the author's.
    return model.objects.filter(**{value: pk}).order_by().values(f"{article}_id")


def _own_rows_met(name, pk):
    """Whether an article met in publication order is the tag's or the author's: its own rows
    of the linking table, compared with `pk` by a sum that no index holds, so that the plan
    made once for any value walks the publication order, as is best for a tag or an author
    with many articles, and never leads with the value's own rows."""
    model, article, value = OWN_ROWS[name]
    # A big integer, as the stand-ins for values are (prepared.py).
    met = ExpressionWrapper(F(f"{value}_id") + 0, output_field=BigIntegerField())
    return Exists(
        model.objects.filter(**{article: OuterRef("pk")}).annotate(met=met).filter(met=pk)
    )


# Up to this many, a list's own articles are read and sorted rather than met while walking the
# publication order (at 100,000 articles, an author's 262: 1.8 ms against 5.5); and up to
# FEW_ARTICLES_AT_MOST where they are one in RARE_SHARE or fewer of all published articles
# (at a million, an author's 2,219: 5.6 ms against 11.4; a tag's 3,781: 6.3 against 7.9),
# while at 100,000 a tag's 3,548 was met sooner by the walk (3.8 ms against 5.0).
FEW_ARTICLES = 2_000
FEW_ARTICLES_AT_MOST = 6_000
RARE_SHARE = 100


def _few_newest_first(shape, *, now, **filters):
    """As _newest_first(), for a tag or author with few articles: their ids made once as an
    array that the database looks up one by one, whatever the tag or author, so that the
    query is planned once per connection, and never walks the publication order for them."""
    ((name, pk),) = filters.items()
    own = IsAnyOf(F("pk"), Subquery(_own_articles(name, pk)))
    articles = Article.objects.published(now).filter(own).order_by("-published_at", "-id")
    return _teasers_of_page(articles, shape)


_FEW_NEWEST_FIRST = Prepared(Article, _few_newest_first, plan_once=True)

# From this share of all published articles on (one in 25), a list's own articles are met
# within a few hundred while walking the publication order, by a plan made once: at 100,000
# articles, planning the biggest tag's list took PostgreSQL longer than running it (0.8 ms
# against 0.6). A smaller share is planned for its value, as before: walking for a tag of
# 10,000 articles among a million took 5.7 ms, reading and sorting its own 3.9.
MANY_ARTICLES_SHARE = 25


def _many_newest_first(shape, *, now, **filters):
    """As _newest_first(), for a tag or author with many articles, planned once per
    connection: the publication order walked, each article looked up in the tagging or the
    authorship table by its own id."""
    ((name, pk),) = filters.items()
    articles = (
        Article.objects.published(now)
        .filter(_own_rows_met(name, pk))
        .order_by("-published_at", "-id")
    )
    return _teasers_of_page(articles, shape)


_MANY_NEWEST_FIRST = Prepared(Article, _many_newest_first, plan_once=True)


def _related(limit, *, now, article_id, language, tag_ids, uses):
    tag_uses = dict(zip(tag_ids, uses, strict=True))
    related = Article.objects.published(now).related_to(article_id, language, tag_uses, limit)
    return related.teasers()


# Its best plan (each tag's newest few from the index, then those articles by id) does not
# depend on which tags or article.
_RELATED = Prepared(Article, _related, plan_once=True)


def _moments_around(shape, *, now, before, after):
    return Article.objects.published(now).moments_around(before, after)


# Each bound's nearest article is one step along the publication-order index, whatever the
# bounds: planned once per connection (planning took PostgreSQL 0.3 ms, running it 0.08).
_MOMENTS_AROUND = Prepared(Article, _moments_around, plan_once=True)


def neighbouring_periods(day, period):
    """The first days of the previous and of the next period ("year", "month" or "day", in
    the display time zone) around `day` that hold published articles; None where there is
    none. One query (ArticleQuerySet.moments_around())."""
    start, end = period_bounds(day, period)
    bounds = {"before": start_of_day(start), "after": start_of_day(end)}
    previous = following = None
    for row in _MOMENTS_AROUND.rows(None, now=timezone.now(), **bounds):
        found = timezone.localtime(row["published_at"]).date()
        if found < start:
            previous = period_bounds(found, period)[0]
        else:
            following = period_bounds(found, period)[0]
    return previous, following


def related_teasers(article, tags, limit):
    """Teaser rows of up to `limit` published articles related to `article`, whose `tags`
    have their uses (TagQuerySet.with_uses()): ArticleQuerySet.related_to()."""
    if not tags:
        return []
    values = {
        "article_id": article.pk,
        "language": article.language,
        "tag_ids": [tag.pk for tag in tags],
        "uses": [tag.uses for tag in tags],
    }
    return _RELATED.rows(limit, now=timezone.now(), **values)


def _own_articles_statement(count, published):
    """The statement planned once that reads a page of a tag's or an author's `count`
    articles, among published() in all (None where that is not known), or None where the
    list is best planned for its own tag or author."""
    if count <= FEW_ARTICLES:
        return _FEW_NEWEST_FIRST
    published = published() if published is not None else None
    if published is None:
        return None
    if count <= FEW_ARTICLES_AT_MOST and count * RARE_SHARE <= published:
        return _FEW_NEWEST_FIRST
    if count * MANY_ARTICLES_SHARE >= published:
        return _MANY_NEWEST_FIRST
    return None


class TeaserRows:
    """The published articles that match `filters` (lookups as QuerySet.filter() takes them,
    with ids rather than objects), newest first, as a list pages them (ArchivePaginator):
    each page is teaser rows (ArticleQuerySet.teasers()), the same rows as
    Article.objects.published().filter(**filters).teasers() gives."""

    model = Article
    ordered = True

    def __init__(self, **filters):
        self.filters = filters
        self.along_ids = []
        # {id: teaser row} of along_ids, once page() has read them (read_along()).
        self.along_rows = None

    def read_along(self, ids):
        """Reads the rows of those of `ids` that are published with the list's first page,
        in the same statement, where the list is the newest articles (the front page and its
        chosen stories): page() then leaves them in `along_rows`."""
        self.along_ids = list(ids)

    @cached_property
    def articles(self):
        """The articles as a QuerySet, for what else a list asks of them (their number)."""
        return Article.objects.published().filter(**self.filters)

    def count(self):
        return self.articles.count()

    @property
    def prepared(self):
        if not self.filters:
            return _LATEST
        if set(self.filters) in FILTERS_IN_AN_INDEXED_ORDER:
            return _IN_AN_INDEXED_ORDER
        return _NEWEST_FIRST

    def page(self, bottom, top, *, count=None, published=None):
        """The rows from `bottom` up to `top` (excluded). `count`, how many there are, if known
        (the paginator knows it), may choose a faster plan, and so may `published()`, how many
        articles are published in all (or None); the rows are the same."""
        prepared = self.prepared
        if self.along_ids and bottom == 0 and prepared is _LATEST:
            return self._page_and_along(top)
        if self._are_of_their_own(count):
            prepared = _own_articles_statement(count, published) or prepared
        return prepared.rows((bottom, top), now=timezone.now(), **self.filters)

    def _page_and_along(self, top):
        rows = _LATEST_AND_THESE.rows((0, top), now=timezone.now(), ids=self.along_ids)
        page, self.along_rows = [], {}
        for row in rows:
            if row.pop(READ_ALONG):
                self.along_rows[row["pk"]] = row
            else:
                page.append(row)
        # Newest first, as the list's own query orders it.
        page.sort(key=lambda row: (row["published_at"], row["pk"]), reverse=True)
        return page

    def _are_of_their_own(self, count):
        """Whether these are a tag's or an author's articles, and how many is known (on
        PostgreSQL, whose plans _few_newest_first() and _many_newest_first() are made for)."""
        if count is None or len(self.filters) != 1:
            return False
        on_postgresql = connections[router.db_for_read(Article)].vendor == "postgresql"
        return next(iter(self.filters)) in OWN_ROWS and on_postgresql

    def page_ids(self, bottom, top):
        """The ids alone, which PostgreSQL reads from an index."""
        return list(self.articles.values_list("pk", flat=True)[bottom:top])

    def with_ids(self, ids):
        """The rows of those of `ids` that are still published and match."""
        return self.prepared.rows(BY_ID, now=timezone.now(), ids=list(ids), **self.filters)
