"""The search page's statements on PostgreSQL, built and compiled once per process for each
combination of filters (prepared.py), then run with each search's words, filters and moment.
At a million articles, building and compiling them took a search page about 3 of its 18 ms.
The SQL is the same as search.newest_matches() and search.ranked() make of a QuerySet."""

from django.db import router
from django.utils import timezone

from articles.models import search
from articles.models.arrays import with_ids
from articles.models.articles import Article
from articles.models.prepared import Array, Prepared
from articles.models.search import (
    Snippet,
    matching,
    narrowed,
    newest_matches_read_by,
    ranked,
    web_search_queries,
)


def _published(language, now, criteria):
    """The published articles a search's filters keep (search.narrowed()), in no order."""
    published = Article.objects.published(now).prefetch_related(None).order_by()
    return narrowed(published, language=language, **criteria)


def _found(language, *, now, text, **criteria):
    return matching(_published(language, now, criteria), web_search_queries(text)).values("pk")


def _in_the_index(shape, *, text):
    return matching(Article.objects.order_by(), web_search_queries(text)).values("pk")


def _newest_first(shape, *, now, text, **criteria):
    language, how_many = shape
    found = matching(_published(language, now, criteria), web_search_queries(text))
    return found.order_by("-published_at", "-id").values("pk")[:how_many]


def _visible(language, *, now, ids, **criteria):
    return with_ids(_published(language, now, criteria), ids).values("published_at", "pk")


def _results(shape, *, now, ids, text, options, **criteria):
    language, (bottom, top) = shape
    articles = _published(language, now, criteria).for_lists()
    found = ranked(articles, ids, text).annotate(snippet=Snippet(text, options))
    return found[bottom:top]


_FOUND = Prepared(Article, _found)
_IN_THE_INDEX = Prepared(Article, _in_the_index)
_NEWEST_FIRST = Prepared(Article, _newest_first)
_VISIBLE = Prepared(Article, _visible)
_RESULTS = Prepared(Article, _results)


class PreparedSearch:
    """A search for `text` among the published articles that `criteria` (search.narrowed()'s
    filters, those given) keep, on PostgreSQL: its newest matches, and pages of them ranked,
    each with its snippet."""

    def __init__(self, text, criteria):
        self.db = router.db_for_read(Article)
        self.now = timezone.now()
        self.text = text
        criteria = {name: value for name, value in criteria.items() if value}
        # A language is read with a pattern ("de-%") that a value cannot stand in for.
        self.language = criteria.pop("language", "")
        self.criteria = criteria

    def newest_matches(self):
        """search.newest_matches(), with these statements."""
        return newest_matches_read_by(self)

    def results(self, bottom, top, ids, options):
        """The articles of `ids`, best match first, from `bottom` up to `top` (excluded),
        each with its `rank` and its `snippet` (search.Snippet, with these `options`)."""
        shape = (self.language, (bottom, top))
        values = {"ids": Array(ids), "text": self.text, "options": options}
        return _RESULTS.objects(shape, now=self.now, **values, **self.criteria)

    # As search.MatchesOf reads them, for newest_matches_read_by().

    def as_text(self, connection):
        found = _FOUND.sql_text(self.language, now=self.now, text=self.text, **self.criteria)
        return found, _IN_THE_INDEX.sql_text(None, text=self.text)

    def newest_first(self):
        shape = (self.language, search.RANKED_MATCHES)
        rows = _NEWEST_FIRST.rows(shape, now=self.now, text=self.text, **self.criteria)
        return [row["pk"] for row in rows]

    def visible(self, candidates):
        rows = _VISIBLE.rows(self.language, now=self.now, ids=Array(candidates), **self.criteria)
        return [(row["published_at"], row["pk"]) for row in rows]
