"""Full-text search over articles.

On PostgreSQL each article carries a weighted `search_vector` (title A, summary B, body and tag
names C) that database triggers keep current, stemmed with the text-search configuration of the
article's own language (see the `search` migration), and one GIN index per configuration. A
query is parsed as web-search syntax ("quoted phrase", -exclusion, or) once per configuration,
and each article is matched against the query parsed in its own language. Elsewhere (SQLite,
the embedded default) a plain containment search stands in.

Every search has a bounded cost, whatever its words: at most MAX_WORDS words, a plan chosen
from how many articles actually match (not from the planner's guess, which is blind to words
that match nothing), and one time limit for all of its statements; a search that would take
longer is stopped and answered as too broad.
"""

import re
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DatabaseError, connections, transaction
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q
from django.db.models.functions import Left

from articles.models.arrays import with_ids
from articles.models.tags import TaggedArticle

# The text-search configurations the database function article_search_config() chooses from;
# each has its GIN index (article_search_<config>_gin).
SEARCH_CONFIGS = ("german", "english", "simple")
# A common word matches a large share of the archive; reading its newest matches in date order
# stops after this many, and ranking them costs a few milliseconds. Ten pages of results.
RANKED_MATCHES = 200
# Each word is one more list of articles for the index to read: a query's cost grows with them.
MAX_WORDS = 8
# Up to this many matches are read straight from the GIN indexes and sorted by date; beyond, the
# matches are dense enough that reading the newest articles in date order finds the newest
# RANKED_MATCHES of them sooner. Taking a match from the index is many times cheaper than
# opening an article's vector while walking the dates, hence the difference in numbers.
FEW_MATCHES = 20_000

WORD = re.compile(r"\w+")
ALTERNATIVE = "or"


def query_words(text):
    """The words of a query, without its operators: what MAX_WORDS counts."""
    return [word for word in WORD.findall(text) if word.lower() != ALTERNATIVE]


def query_alternatives(text):
    """How many times a query says "or"."""
    return sum(1 for token in text.split() if token.lower() == ALTERNATIVE)


def understands_alternatives(using):
    """Whether the database behind `using` reads "or" in a query (the fallback does not)."""
    return connections[using].vendor == "postgresql"


class IndexedIn(Func):
    """True for the articles whose text was indexed with `config`. Written exactly as the
    predicate of that configuration's GIN index, so that the index alone answers a match."""

    function = "article_search_config"
    output_field = BooleanField()

    def __init__(self, config, **extra):
        super().__init__(F("language"), **extra)
        self.config = config

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"{sql} = %s::regconfig", (*params, f"pg_catalog.{self.config}")


def web_search_queries(text):
    """The query parsed once per configuration: {config: SearchQuery}."""
    return {
        config: SearchQuery(text, config=config, search_type="websearch")
        for config in SEARCH_CONFIGS
    }


def any_language_query(text):
    """The query in every configuration at once: what ranks and highlights a match."""
    queries = web_search_queries(text)
    return queries["german"] | queries["english"] | queries["simple"]


def matching(articles, queries):
    """The articles matching the query parsed in their own language; each configuration's GIN
    index serves its branch."""
    in_its_language = Q()
    for config, query in queries.items():
        in_its_language |= Q(IndexedIn(config), search_vector=query)
    return articles.filter(in_its_language)


def narrowed(
    articles,
    *,
    tags=(),
    source=None,
    section=None,
    language="",
    published_from=None,
    published_until=None,
):
    """The articles with one of the `tags` (ids), from the `source` and in the `section`
    (ids), in the `language` ("de" takes in "de-AT"), published from and until the dates (in
    the display time zone): what a search's filters keep. A filter not given keeps all."""
    if tags:
        tagged = TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__in=tags)
        articles = articles.filter(Exists(tagged))
    if source:
        articles = articles.filter(source=source)
    if section:
        articles = articles.filter(section=section)
    if language:
        articles = articles.filter(
            Q(language__iexact=language) | Q(language__istartswith=language + "-")
        )
    if published_from:
        articles = articles.filter(published_at__date__gte=published_from)
    if published_until:
        articles = articles.filter(published_at__date__lte=published_until)
    return articles


SNIPPET_SOURCE_LENGTH = 1000
SNIPPET_OPTIONS = {
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


def snippet_source():
    """The start of the body: marking matches costs the database time in proportion to the
    text, so twenty whole bodies would cost more than the rest of the search.
    A match further in is still found; its snippet shows the start of the body."""
    return Left("body", SNIPPET_SOURCE_LENGTH)


class Snippet(SearchHeadline):
    """A few words of a match around what `text` finds, each find between the marks that
    `options` (snippet_options()) names: Django's SearchHeadline, its options one parameter
    of the text SearchHeadline makes of them, so that a prepared query (prepared.py) takes
    each search's marks as a value."""

    def __init__(self, text, options):
        config = Func("language", function="article_search_config")
        super().__init__(snippet_source(), any_language_query(text), config=config)
        self.options_text = options

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = Func.as_sql(
            self, compiler, connection, function=function, template=template, options=", %s"
        )
        return sql, [*params, self.options_text]


def snippet_options(connection, start, stop):
    """The options of a Snippet marked by `start` and `stop`, written as SearchHeadline
    writes them."""
    options = SearchHeadline("body", "", start_sel=start, stop_sel=stop, **SNIPPET_OPTIONS).options
    template = ", ".join(f"{option}=%s" for option in options)
    return connection.ops.compose_sql(template, list(options.values()))


_deadline = ContextVar("search_deadline", default=None)


@contextmanager
def time_limit(using):
    """Runs the search's statements on `using` in one transaction, under one time limit
    (settings.SEARCH_TIME_LIMIT_MS for all of them together). A statement that would end
    after it is cancelled: the database raises an error that is_past_time_limit() recognises.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or _deadline.get() is not None:
        yield
        return
    in_outer_transaction = connection.in_atomic_block
    token = _deadline.set(time.monotonic() + settings.SEARCH_TIME_LIMIT_MS / 1000)
    try:
        with transaction.atomic(using=using, savepoint=False):
            yield
            if in_outer_transaction:
                # The search's settings would outlast it in a transaction that goes on.
                with connection.cursor() as cursor:
                    cursor.execute(RESTORE_SETTINGS)
    except DatabaseError:
        raise
    except Exception:
        if in_outer_transaction:
            # The search ended without a database error (a page out of range, say): the
            # transaction around it goes on, without the search's settings.
            transaction.set_rollback(False, using=using)
            with connection.cursor() as cursor:
                cursor.execute(RESTORE_SETTINGS)
        raise
    finally:
        _deadline.reset(token)


def is_past_time_limit(error):
    """Whether a database error is the cancellation of a statement that took too long, or
    that waited too long for a lock."""
    # query_canceled, lock_not_available
    return getattr(error.__cause__, "sqlstate", None) in ("57014", "55P03")


# For the rest of the transaction: what is left of the time limit, and no compiling of queries
# (worth it only for long analytic queries; it takes longer than a search). Then the database
# function of the `search_index_per_language` migration: NULL where the planner, from the
# statistics ANALYZE keeps of the vectors (the most common lexemes and their frequencies),
# expects more matches than RANKED_MATCHES and so large a share of the articles that the
# newest are among the first read in date order; otherwise the ids of the matches (of any
# status) that the GIN indexes hold, read from them alone, at most FEW_MATCHES + 1. That
# first statement is bounded by its own limit: this many rows, from an index.
SEARCH_PLAN = """
SELECT set_config('statement_timeout', %s, true), set_config('jit', 'off', true),
       article_search_candidates(%s, %s, %s, %s, %s, %s)
"""
RESTORE_SETTINGS = """
SELECT set_config(name, reset_val, true) FROM pg_settings
WHERE name IN ('statement_timeout', 'lock_timeout', 'jit')
"""
# From this share of the articles matching on, the newest matches are found soonest by reading
# the articles newest first: a twentieth of the articles read at most for a match in each.
COMMON_SHARE = 0.05


def _remaining_time():
    return f"{max(1, round((_deadline.get() - time.monotonic()) * 1000))}ms"


def newest_matches(articles, text):
    """The ids of the newest RANKED_MATCHES articles matching `text`, newest first.

    Where the planner expects a large share of the articles to match, they are read newest
    first until there are enough. Otherwise the matching articles, whatever their status, are
    read from the GIN indexes alone, at most FEW_MATCHES of them: a query that matches few
    (or none, whatever its words and however many the planner expected) is answered from
    them, and only one that matches more goes on to read the articles newest first, finding
    its newest matches soon.
    """
    return newest_matches_read_by(MatchesOf(articles, text))


def newest_matches_read_by(matches):
    """newest_matches(), its statements made by `matches` (a MatchesOf, or as prepared)."""
    connection = connections[matches.db]
    with time_limit(matches.db), connection.cursor() as cursor:
        time_left = _remaining_time()
        found, in_the_index = matches.as_text(connection)
        cursor.execute(
            SEARCH_PLAN,
            [time_left, found, in_the_index, time_left, COMMON_SHARE, RANKED_MATCHES, FEW_MATCHES],
        )
        candidates = cursor.fetchone()[2]
        if candidates is None or len(candidates) > FEW_MATCHES:
            return matches.newest_first()
        if not candidates:
            return []
        # Which of them the public may see (and the filters keep), by their primary keys; put
        # in order here, so that the planner has no order to walk an index for.
        visible = matches.visible(candidates)
        return [pk for _, pk in sorted(visible, reverse=True)[:RANKED_MATCHES]]


class MatchesOf:
    """The statements newest_matches() runs, for the articles of a QuerySet: the matches as
    the text of two queries (those the public may see, and any the indexes hold), the
    newest RANKED_MATCHES of them, and which of some candidates the public may see, as
    (published_at, pk) pairs."""

    def __init__(self, articles, text):
        queries = web_search_queries(text)
        self.articles = articles.prefetch_related(None).order_by()
        self.found = matching(self.articles, queries)
        self.in_the_index = matching(articles.model.objects.order_by(), queries).values("pk")
        self.db = self.found.db

    def as_text(self, connection):
        return _as_text(connection, self.found.values("pk")), _as_text(
            connection, self.in_the_index
        )

    def newest_first(self):
        newest = self.found.order_by("-published_at", "-id").values_list("pk", flat=True)
        return list(newest[:RANKED_MATCHES])

    def visible(self, candidates):
        return list(with_ids(self.articles, candidates).values_list("published_at", "pk"))


def _as_text(connection, queryset):
    sql, params = queryset.query.sql_with_params()
    return connection.ops.compose_sql(sql, params)


def ranked(articles, ids, text):
    """The articles of `ids`, best match first (as `rank`), then newest first."""
    return (
        with_ids(articles, ids)
        .annotate(rank=SearchRank(F("search_vector"), any_language_query(text)))
        .order_by("-rank", "-published_at", "-id")
    )


def full_text_search(articles, text):
    """Ranked matches (best first, as `rank`), each article matched in its own language.

    Only the newest RANKED_MATCHES matches are ranked: a common word matches most of a large
    archive, and ranking a million rows would take seconds.
    """
    # Read first, on their own: as a subquery, the planner would join them with the whole table.
    return ranked(articles, newest_matches(articles, text), text)


QUERY_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def parse_terms(text):
    """Splits web-search syntax into (term, is_excluded) pairs; "or" is read as "and"."""
    terms = []
    for match in QUERY_TERM.finditer(text):
        excluded = bool(match.group(1) or match.group(3))
        term = (match.group(2) if match.group(2) is not None else match.group(4)).strip('"')
        if term and term.lower() != "or":
            terms.append((term, excluded))
    return terms[:MAX_WORDS]


def containment_search(articles, text):
    """Plain containment in title, summary, body or a tag name: for databases without FTS."""
    for term, excluded in parse_terms(text):
        tagged = TaggedArticle.objects.filter(
            content_object=OuterRef("pk"), tag__name__icontains=term
        )
        contains = (
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(body__icontains=term)
            | Q(Exists(tagged))
        )
        articles = articles.exclude(contains) if excluded else articles.filter(contains)
    return articles
