"""Page numbers that stay cheap at any depth of an archive of a million articles."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from articles.site.caching import list_key, shared

# From this many rows in, a page reads its ids first; nearer the top, rows directly.
DEEP_OFFSET = 200
# The count of the front page's list, which is every published article, shared under this name.
PUBLISHED_ARTICLES = "published-articles"


class ArchivePaginator(Paginator):
    """Counts the articles once per cache period, and fetches a page by its ids first.

    Counting a million rows on every request would cost more than the page itself, so for
    anonymous readers the total is shared through the cache for PUBLIC_PAGE_MAX_AGE seconds:
    the number of pages may lag that long behind, like the cached pages themselves, but a
    page's articles never do, because a page is read whole whatever the count says. Editors
    count afresh (caching.shared). A deep page first reads just its ids, which PostgreSQL
    answers from an index alone, then fetches those rows: skipping ten thousand ids is cheap,
    skipping ten thousand whole rows is not.

    The list is a QuerySet, whose pages are its articles whole, or anything that pages
    itself like one (count, page, page_ids, with_ids), such as TeaserRows.
    """

    def __init__(
        self, object_list, per_page, *, request, page_kwarg="page", count_key=None, **kwargs
    ):
        if isinstance(object_list, QuerySet):
            object_list = WholeArticles(object_list)
        super().__init__(object_list, per_page, **kwargs)
        self.request = request
        self.count_key = count_key or list_key(request, page_kwarg)

    @cached_property
    def count(self):
        return shared(self.count_key, self.object_list.count, request=self.request)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.orphans and top + self.orphans >= self.count:
            top = self.count
        if bottom < DEEP_OFFSET:
            return self._get_page(self.object_list.page(bottom, top), number, self)
        ids = self.page_ids(bottom, top)
        return self._get_page(self.object_list.with_ids(ids) if ids else [], number, self)

    def page_ids(self, bottom, top):
        """A deep page's ids. Skipping ten thousand index entries still costs milliseconds, so
        for readers they are kept as long as the count; the rows themselves are read afresh,
        through the same published() rule, so a withdrawn article leaves the page at once."""
        key = f"{self.count_key}:ids:{bottom}:{top}"
        return shared(key, lambda: self.object_list.page_ids(bottom, top), request=self.request)


class WholeArticles:
    """A QuerySet's articles, paged whole."""

    def __init__(self, articles):
        self.articles = articles
        self.ordered = articles.ordered

    def count(self):
        return self.articles.count()

    def page(self, bottom, top):
        return list(self.articles[bottom:top])

    def page_ids(self, bottom, top):
        return list(self.articles.prefetch_related(None).values_list("pk", flat=True)[bottom:top])

    def with_ids(self, ids):
        return list(self.articles.filter(pk__in=ids))
