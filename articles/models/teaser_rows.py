"""What the public lists show: teaser rows of published articles, read by queries prepared
once per process (prepared.py)."""

from django.db.models import BooleanField, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models.articles import Article
from articles.models.periods import period_bounds, start_of_day
from articles.models.prepared import Prepared
from articles.models.querysets import NEAREST_MOMENTS

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


# A list of other filters than those below: planned for each.
_NEWEST_FIRST = Prepared(Article, _newest_first)
# Lists whose plan is the same whatever their values, planned once per connection: the front
# page's, with no filter (the publication-order index), those of FILTERS_IN_AN_INDEXED_ORDER
# (below), and any list's page by its ids (the ids' own index, each article then checked
# against the list's filters; planned for each, reading a tag's deep page took 0.98 ms at a
# million articles, the plan most of it; planned once, 0.35).
_PLANNED_ONCE = Prepared(Article, _newest_first, plan_once=True)
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
# once as the front page's list is.
_LATEST_AND_THESE = Prepared(Article, _newest_first_and_these, plan_once=True)

# Lists whose filters an index leads with, in publication order within each value (a section's,
# a source's), or whose bounds cut the publication order (a period's): the same plan whatever
# the section, source or period, where PostgreSQL takes longer to plan the query than to run
# it.
PERIOD = {"published_at__gte", "published_at__lt"}
FILTERS_IN_AN_INDEXED_ORDER = ({"section"}, {"source"}, PERIOD)

# The lists of one tag's or one author's articles (TeaserRows' filter), and the table that
# links them: the articles' name for their rows there, and the rows' fields naming the article
# and the tag or author.
OWN_ROWS = {
    "tags": ("tagged_items", "content_object", "tag"),
    "authorships__author": ("authorships", "article", "author"),
}


def _along_own_rows(now, filters):
    """A tag's or an author's published articles (filters: one of OWN_ROWS), ordered newest
    first by the linking table's (tag or author, publication time) index, which holds each
    article's time as the database copies it there (migrations 0022 and 0023): walked along
    it, a page's rows are met in about as many steps as they are, however many or few
    articles the tag or author has."""
    ((name, pk),) = filters.items()
    rows, article, field = OWN_ROWS[name]
    # In one filter(), so that both conditions are on the same row of the linking table.
    return (
        Article.objects.published(now)
        .filter(**{f"{rows}__{field}": pk, f"{rows}__published_at__lte": now})
        .order_by(f"-{rows}__published_at", f"-{rows}__{article}_id")
    )


def _own_newest_first(shape, *, now, **filters):
    """As _newest_first(), for a tag's or an author's articles, along their own rows. Planned
    once per connection: the plan is that walk whatever the tag or author."""
    return _teasers_of_page(_along_own_rows(now, filters), shape)


_OWN_NEWEST_FIRST = Prepared(Article, _own_newest_first, plan_once=True)


def _own_ids(shape, *, now, **filters):
    """The ids of the page `shape` (bottom, top) of a tag's or an author's articles, walked
    along their own rows as _along_own_rows() does, each row's article looked up by its id
    for the published rule as the walk meets it.

    That lookup is a subquery of each row, which PostgreSQL cannot turn into a join: as a join,
    it would rather hash every published article (the biggest tag's page 500 at a million
    articles: 295 ms; by the articles' own order, 63) than look up the ten thousand it steps
    over one by one (17)."""
    bottom, top = shape
    ((name, pk),) = filters.items()
    rows, article, field = OWN_ROWS[name]
    linking = Article._meta.get_field(rows).related_model
    published = Article.objects.published(now).filter(pk=OuterRef(f"{article}_id")).order_by()
    return (
        linking.objects.filter(**{field: pk, "published_at__lte": now})
        .alias(published=Subquery(published.values("pk")[:1]))
        .filter(published__isnull=False)
        .order_by("-published_at", f"-{article}_id")
        .values(f"{article}_id")[bottom:top]
    )


# The walk, whatever the tag or author.
_OWN_IDS = Prepared(Article, _own_ids, plan_once=True)


def _related(limit, *, now, article_id, language, tag_ids, uses):
    tag_uses = dict(zip(tag_ids, uses, strict=True))
    related = Article.objects.published(now).related_to(article_id, language, tag_uses, limit, now)
    return related.teasers()


# Its best plan (each tag's newest few from the index, then those articles by id) does not
# depend on which tags or article.
_RELATED = Prepared(Article, _related, plan_once=True)


def _period_and_neighbours(shape, *, now, published_at__gte, published_at__lt):
    """The page `shape` (bottom, top) of a period's articles, newest first, each row with the
    NEAREST_MOMENTS around the period: one statement where the page and its neighbours took
    two."""
    published = Article.objects.published(now)
    bounds = {"published_at__gte": published_at__gte, "published_at__lt": published_at__lt}
    page = _teasers_of_page(published.filter(**bounds).order_by("-published_at", "-id"), shape)
    return page.annotate(**published.nearest_moments(published_at__gte, published_at__lt))


# The same plan whatever the period.
_PERIOD_AND_NEIGHBOURS = Prepared(Article, _period_and_neighbours, plan_once=True)


def _moments_around(shape, *, now, before, after):
    # The moments alone, on any one row: the table's first serves (an empty table has no
    # neighbours to give).
    nearest = Article.objects.published(now).nearest_moments(before, after)
    return Article.objects.order_by().annotate(**nearest).values(*NEAREST_MOMENTS)[:1]


# Each bound's nearest article is one step along the publication-order index, whatever the
# bounds: planned once per connection (planning took PostgreSQL 0.3 ms, running it 0.08).
_MOMENTS_AROUND = Prepared(Article, _moments_around, plan_once=True)


def neighbouring_periods(day, period, moments=None):
    """The first days of the previous and of the next period ("year", "month" or "day", in
    the display time zone) around `day` that hold published articles; None where there is
    none. From `moments` (the NEAREST_MOMENTS), where the period's page read them
    (TeaserRows.read_neighbours()); otherwise by one query."""
    if moments is None:
        start, end = period_bounds(day, period)
        bounds = {"before": start_of_day(start), "after": start_of_day(end)}
        rows = _MOMENTS_AROUND.rows(None, now=timezone.now(), **bounds)
        moments = [rows[0][name] for name in NEAREST_MOMENTS] if rows else [None, None]
    return tuple(
        None if moment is None else period_bounds(timezone.localdate(moment), period)[0]
        for moment in moments
    )


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
        self.reads_neighbours = False
        # The NEAREST_MOMENTS around a period, once page() has read them (read_neighbours()).
        self.neighbour_moments = None

    def read_along(self, ids):
        """Reads the rows of those of `ids` that are published with the list's first page,
        in the same statement, where the list is the newest articles (the front page and its
        chosen stories): page() then leaves them in `along_rows`."""
        self.along_ids = list(ids)

    def read_neighbours(self):
        """Reads the NEAREST_MOMENTS around the period with the page, in the same statement,
        where the list is a period's (filters: published_at__gte and published_at__lt, its
        bounds) and the page is read by page(): page() then leaves them in
        `neighbour_moments`."""
        if set(self.filters) != PERIOD:
            raise ValueError("Only a period's list has neighbouring periods.")
        self.reads_neighbours = True

    @cached_property
    def articles(self):
        """The articles as a QuerySet, for what else a list asks of them (their number)."""
        return Article.objects.published().filter(**self.filters)

    def count(self):
        return self.articles.count()

    @property
    def _has_own_rows(self):
        return len(self.filters) == 1 and next(iter(self.filters)) in OWN_ROWS

    @property
    def prepared(self):
        """The statement that reads the list's pages."""
        if not self.filters or set(self.filters) in FILTERS_IN_AN_INDEXED_ORDER:
            return _PLANNED_ONCE
        if self._has_own_rows:
            return _OWN_NEWEST_FIRST
        return _NEWEST_FIRST

    def page(self, bottom, top):
        """The rows from `bottom` up to `top` (excluded)."""
        if self.along_ids and bottom == 0 and not self.filters:
            return self._page_and_along(top)
        if self.reads_neighbours:
            return self._page_and_neighbours(bottom, top)
        return self.prepared.rows((bottom, top), now=timezone.now(), **self.filters)

    def _page_and_neighbours(self, bottom, top):
        rows = _PERIOD_AND_NEIGHBOURS.rows((bottom, top), now=timezone.now(), **self.filters)
        for row in rows:
            # The same in every row.
            self.neighbour_moments = tuple(row.pop(name) for name in NEAREST_MOMENTS)
        return rows

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

    def page_ids(self, bottom, top):
        """The ids alone, which PostgreSQL reads from an index."""
        if self._has_own_rows:
            rows = _OWN_IDS.rows((bottom, top), now=timezone.now(), **self.filters)
            # Each row is one column: its article's id.
            return [article_id for row in rows for article_id in row.values()]
        return list(self.articles.values_list("pk", flat=True)[bottom:top])

    def with_ids(self, ids):
        """The rows of those of `ids` that are still published and match."""
        return _PLANNED_ONCE.rows(BY_ID, now=timezone.now(), ids=list(ids), **self.filters)
