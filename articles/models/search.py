"""Full-text search over articles.

On PostgreSQL each article carries a weighted `search_vector` (title A, summary B, body and tag
names C) that database triggers keep current, stemmed with the text-search configuration of the
article's own language (see the `search` migration). A query is parsed as web-search syntax
("quoted phrase", -exclusion, or) once per configuration, and each article is matched against the
query parsed in its own language, so the GIN index answers every branch. Elsewhere (SQLite, the
embedded default) a plain containment search stands in.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, Func, OuterRef, Q, TextField

from articles.models.tags import TaggedArticle

# The text-search configurations the database function article_search_config() chooses from.
SEARCH_CONFIGS = ("german", "english", "simple")
# A common word matches a large share of the archive; reading its newest matches in date order
# stops after this many, and ranking them costs a few milliseconds. Ten pages of results.
RANKED_MATCHES = 200
MAX_FALLBACK_TERMS = 20


class ArticleSearchConfig(Func):
    """The configuration an article's text was indexed with, as text."""

    function = "article_search_config"
    template = "%(function)s(%(expressions)s)::text"
    output_field = TextField()


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
    """The articles matching the query parsed in their own language; the GIN index serves it."""
    in_its_language = Q()
    for config, query in queries.items():
        in_its_language |= Q(search_config=config, search_vector=query)
    return articles.annotate(search_config=ArticleSearchConfig("language")).filter(in_its_language)


def full_text_search(articles, text):
    """Ranked matches (best first, as `rank`), each article matched in its own language.

    Only the newest RANKED_MATCHES matches are ranked: a common word matches most of a large
    archive, and ranking a million rows would take seconds; the newest few hundred are read
    from the date index, stopping as soon as there are enough, and stay quick.
    """
    # Read first, on their own: as a subquery, the planner would join them with the whole table.
    newest_matches = list(
        matching(articles.prefetch_related(None), web_search_queries(text))
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)[:RANKED_MATCHES]
    )
    return (
        articles.filter(pk__in=newest_matches)
        .annotate(rank=SearchRank(F("search_vector"), any_language_query(text)))
        .order_by("-rank", "-published_at", "-id")
    )


QUERY_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def parse_terms(text):
    """Splits web-search syntax into (term, is_excluded) pairs; "or" is read as "and"."""
    terms = []
    for match in QUERY_TERM.finditer(text):
        excluded = bool(match.group(1) or match.group(3))
        term = (match.group(2) if match.group(2) is not None else match.group(4)).strip('"')
        if term and term.lower() != "or":
            terms.append((term, excluded))
    return terms[:MAX_FALLBACK_TERMS]


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
