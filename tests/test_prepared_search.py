"""The search page's statements, prepared once per process (PreparedSearch), are the SQL that
search.newest_matches() and search.ranked() make of a QuerySet, with each search's words,
filters and marks as values, and give the same articles."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.postgres.search import SearchHeadline
from django.db import connection
from django.db.models import Func

from articles.models import Article, search
from articles.models import prepared_search as prepared
from articles.models.arrays import with_ids
from articles.models.prepared import Array, Prepared
from articles.models.prepared_search import PreparedSearch
from tests.factories import make_article, make_source, make_tag

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search"),
]


def _criteria_to_try():
    tags = [make_tag("Hafen"), make_tag("Fähre")]
    source = make_source()
    yield {}
    yield {"tags": [tags[0].pk]}
    yield {"tags": [tag.pk for tag in tags], "language": "de"}
    yield {"source": source.pk, "language": "en", "published_from": date(2024, 1, 2)}
    yield {"published_from": date(2024, 1, 1), "published_until": date(2024, 1, 3)}


def _matches_of_a_queryset(search_, criteria):
    """What newest_matches() reads for a QuerySet, at the prepared search's moment."""
    published = Article.objects.published(search_.now)
    return search.MatchesOf(search.narrowed(published, **criteria), search_.text)


def test_the_statements_are_those_a_queryset_makes_whatever_the_words_and_filters():
    for criteria in _criteria_to_try():
        for text in ("hafen", '"alter hafen" -fähre', "hafen or kai"):
            prepared_search = PreparedSearch(text, criteria)
            expected = _matches_of_a_queryset(prepared_search, criteria)
            assert prepared_search.as_text(connection) == expected.as_text(connection)


def test_the_newest_matches_are_the_querysets_whatever_the_filters():
    tag = make_tag("Hafen")
    for day in (1, 2, 3, 4):
        make_article(
            title=f"Hafen {day}",
            language="de" if day % 2 else "en",
            tags=[tag] if day > 2 else [],
            published_at=datetime(2024, 1, day, tzinfo=UTC),
        )
    make_article(title="Hafen draft", status=Article.Status.DRAFT)
    for criteria in (
        {},
        {"tags": [tag.pk]},
        {"language": "de"},
        {"published_until": date(2024, 1, 2)},
        {"tags": [tag.pk], "language": "en"},
    ):
        prepared_search = PreparedSearch("hafen", criteria)
        expected = _matches_of_a_queryset(prepared_search, criteria)
        assert prepared_search.newest_first() == expected.newest_first()
        candidates = list(Article.objects.values_list("pk", flat=True))
        assert prepared_search.visible(candidates) == expected.visible(candidates)
        assert prepared_search.visible([]) == []
        assert prepared_search.newest_matches() == search.newest_matches(
            search.narrowed(Article.objects.published(), **criteria), "hafen"
        )


def test_a_page_of_results_is_the_querysets_with_the_same_ranks_and_snippets():
    for day in range(1, 6):
        make_article(
            title=f"Hafen {day}" if day % 2 else f"Kai {day}",
            body=f"Am alten Hafen legte die Fähre {day} an.",
            published_at=datetime(2024, 1, day, tzinfo=UTC),
        )
    prepared_search = PreparedSearch("hafen", {})
    ids = prepared_search.newest_matches()
    options = search.snippet_options(connection, "[[", "]]")
    articles = search.ranked(Article.objects.published().for_lists(), ids, "hafen")
    expected = list(articles.annotate(snippet=search.Snippet("hafen", options)))
    for bottom, top in ((0, 20), (1, 3)):
        page = prepared_search.results(bottom, top, ids, options)
        assert [a.pk for a in page] == [a.pk for a in expected[bottom:top]]
        assert [(a.rank, a.snippet) for a in page] == [
            (a.rank, a.snippet) for a in expected[bottom:top]
        ]
    assert "[[Hafen]]" in page[0].snippet
    assert prepared_search.results(0, 20, [], options) == []


def test_a_snippet_is_the_sql_djangos_search_headline_makes():
    options = search.snippet_options(connection, "hl1start", "hl1stop")
    django_made = SearchHeadline(
        search.snippet_source(),
        search.any_language_query("hafen"),
        config=Func("language", function="article_search_config"),
        start_sel="hl1start",
        stop_sel="hl1stop",
        **search.SNIPPET_OPTIONS,
    )
    ours = Article.objects.annotate(snippet=search.Snippet("hafen", options)).values("snippet")
    theirs = Article.objects.annotate(snippet=django_made).values("snippet")
    assert ours.query.sql_with_params() == theirs.query.sql_with_params()


def test_each_shape_of_search_is_compiled_once_whatever_its_words_filters_and_marks():
    tags = [make_tag("Hafen"), make_tag("Kai")]
    for tag in tags:
        make_article(title="Hafen", tags=[tag])
    prepared._RESULTS.local.__dict__.pop("compiled", None)
    for text, tag, marks in (("hafen", tags[0], "a"), ("kai", tags[1], "b")):
        prepared_search = PreparedSearch(text, {"tags": [tag.pk]})
        ids = prepared_search.newest_matches()
        options = search.snippet_options(connection, marks, marks * 2)
        assert [a.title for a in prepared_search.results(0, 20, ids, options)] == ["Hafen"]
    assert len(prepared._RESULTS.local.compiled) == 1


def test_an_array_of_any_length_is_one_value_of_one_compiled_query():
    articles = [make_article() for _ in range(3)]

    def among(shape, *, ids):
        return with_ids(Article.objects.order_by("pk"), ids).values("pk")

    prepared_among = Prepared(Article, among)
    for ids in ([articles[0].pk], [a.pk for a in articles], []):
        assert [row["pk"] for row in prepared_among.rows(None, ids=Array(ids))] == sorted(ids)
    assert len(prepared_among.local.compiled) == 2  # with numbers, and empty
    with pytest.raises(TypeError, match="Array holds numbers"):
        prepared_among.rows(None, ids=Array(["1"]))
