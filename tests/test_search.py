import threading
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_source, make_tag
from tests.plans import plans_of_every_statement

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="language-aware full-text search needs PostgreSQL; SQLite uses the fallback",
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the containment fallback is what SQLite uses"
)


def search(client, **params):
    response = client.get(reverse("articles:search"), params)
    assert response.status_code == 200
    return response


def found(client, q, **params):
    return [article.title for article in search(client, q=q, **params).context["object_list"]]


def test_an_empty_query_shows_the_form_and_no_results(client):
    make_article(title="Anything")
    response = search(client)
    page = response.content.decode()
    assert '<form class="search-form"' in page
    assert 'type="search"' in page
    assert list(response.context["object_list"]) == []
    assert "Anything" not in page


def test_search_finds_by_title_summary_body_and_tag(client):
    make_article(title="Harbour reopens", body="Ships returned.")
    make_article(title="Other", summary="The harbour stays closed.")
    make_article(title="Third", body="Nothing about ports.\n\nThe harbour master spoke.")
    make_article(title="Fourth", body="Ships.", tags=[make_tag("Harbour")])
    assert sorted(found(client, "harbour")) == ["Fourth", "Harbour reopens", "Other", "Third"]


def test_search_never_finds_unpublished_articles(client):
    make_article(title="Zebra public")
    make_article(title="Zebra draft", status=Article.Status.DRAFT)
    make_article(title="Zebra withdrawn", status=Article.Status.WITHDRAWN)
    assert found(client, "zebra") == ["Zebra public"]


def test_cri_piece_is_found_by_a_word_it_contains(client, cri_piece):
    assert found(client, "Samarkand") == [cri_piece.title]


def test_excluding_a_word_drops_the_articles_that_contain_it(client, cri_piece):
    make_article(title="Samarkand travel notes", body="Old town, blue domes.")
    assert found(client, "Samarkand -Belarus") == ["Samarkand travel notes"]


def test_search_filters_by_tag_source_language_and_date(client):
    wire, tag = make_source(slug="wire"), make_tag("Economy", slug="economy")
    make_article(
        title="Trade de",
        body="trade",
        source=wire,
        tags=[tag],
        language="de",
        published_at=datetime(2022, 9, 16, 8, tzinfo=UTC),
    )
    make_article(
        title="Trade en",
        body="trade",
        language="en",
        published_at=datetime(2023, 1, 2, 8, tzinfo=UTC),
    )
    assert found(client, "trade", tag="economy") == ["Trade de"]
    assert found(client, "trade", source="wire") == ["Trade de"]
    assert found(client, "trade", language="en") == ["Trade en"]
    assert found(client, "trade", published_from="2023-01-01") == ["Trade en"]
    assert found(client, "trade", published_until="2022-12-31") == ["Trade de"]
    assert found(client, "", source="wire") == ["Trade de"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tag": "no-such-tag"}, "no-such-tag"),
        ({"source": "no-such-source"}, "no-such-source"),
        ({"published_from": "2022-02-30"}, "published_from"),
        ({"published_from": "2023-01-02", "published_until": "2023-01-01"}, "published_until"),
        ({"q": "x" * 1001}, "1000"),
        ({"q": "null\x00byte"}, "q"),
    ],
)
def test_bad_search_input_gets_a_form_error_not_a_crash(client, params, message):
    make_article(title="Present")
    response = search(client, **params)
    form = response.context["form"]
    assert not form.is_valid()
    assert message in str(form.errors.as_data()) + str(form.errors)
    assert "Present" not in response.content.decode()


@pytest.mark.parametrize(
    "q",
    [
        "x" * 1000,
        "wort " * 200,
        "'; DROP TABLE articles_article; --",
        '"unclosed phrase',
        "-",
        "- - or or -or",
        "!!! && || :* <script>alert(1)</script>",
        "\\ % _ ( ) [ ]",
        "ǅ 💥 中文 ∀x",
    ],
)
def test_long_or_hostile_queries_are_answered_without_error(client, q):
    make_article(title="Still here")
    response = search(client, q=q)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Article.objects.filter(title="Still here").exists()


def test_search_results_paginate_and_keep_the_query_in_page_links(client):
    for _ in range(21):
        make_article(body="pagination marker")
    response = search(client, q="marker")
    assert len(response.context["object_list"]) == 20
    assert "?q=marker&amp;page=2" in response.content.decode()
    assert len(search(client, q="marker", page=2).context["object_list"]) == 1
    assert client.get(reverse("articles:search"), {"q": "marker", "page": 3}).status_code == 404


@on_postgresql
def test_a_deep_page_of_results_is_read_by_its_ids_in_the_rankings_order(client, monkeypatch):
    # A search ranks fewer matches than a page lies deep; were it ever deeper, its page would
    # be read by the ids the paginator keeps, as a list's is.
    for day in range(1, 26):
        title = f"Marker {day}" if day % 5 else f"Marker marker {day}"
        make_article(title=title, published_at=datetime(2024, 1, day, tzinfo=UTC))
    pages = [found(client, "marker", page=number) for number in (1, 2)]
    monkeypatch.setattr("articles.site.pagination.DEEP_OFFSET", 0)
    cache.clear()
    assert [found(client, "marker", page=number) for number in (1, 2)] == pages
    assert pages[0][:5] == [f"Marker marker {day}" for day in (25, 20, 15, 10, 5)]


def test_search_query_count_does_not_grow_with_the_number_of_results(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    source = make_source()
    make_article(body="counting", source=source, tags=[make_tag()])
    with django_assert_max_num_queries(6) as one:
        search(client, q="counting")
    for _ in range(25):
        make_article(body="counting", source=source, tags=[make_tag(), make_tag()])
    cache.clear()  # the count of results is cached; count again, as the first time
    with django_assert_num_queries(len(one)):
        search(client, q="counting")


@on_postgresql
def test_german_stemming_finds_beziehungen_for_beziehung(client, cri_piece):
    assert found(client, "Beziehung") == [cri_piece.title]


@on_postgresql
def test_english_articles_are_stemmed_in_english(client):
    make_article(title="Rivers", body="The rivers are flooding.", language="en")
    make_article(title="Flüsse", body="Die Flüsse treten über die Ufer.", language="de")
    assert found(client, "flooded river") == ["Rivers"]
    assert found(client, "Fluss") == ["Flüsse"]


@on_postgresql
def test_other_languages_are_matched_without_stemming(client):
    make_article(title="Fiume", body="Il fiume esonda.", language="it")
    assert found(client, "fiume") == ["Fiume"]


@on_postgresql
def test_a_title_match_ranks_above_a_body_match(client):
    make_article(
        title="Other news",
        body="A word on copper prices.",
        published_at=datetime(2024, 1, 2, tzinfo=UTC),
    )
    make_article(
        title="Copper prices", body="Markets moved.", published_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    assert found(client, "copper") == ["Copper prices", "Other news"]


@on_postgresql
def test_quoted_phrases_and_or_follow_web_search_syntax(client):
    make_article(title="One", body="The red car stopped.", language="en")
    make_article(title="Two", body="The car was red.", language="en")
    make_article(title="Three", body="A blue boat.", language="en")
    assert found(client, '"red car"') == ["One"]
    assert sorted(found(client, "boat or stopped")) == ["One", "Three"]


@on_postgresql
def test_only_the_newest_matches_are_ranked_and_the_reader_is_told(client, monkeypatch):
    monkeypatch.setattr("articles.models.search.RANKED_MATCHES", 2)
    for day in (1, 2, 3):
        make_article(
            title=f"Day {day}", body="otter", published_at=datetime(2024, 1, day, tzinfo=UTC)
        )
    make_article(title="Title otter", body="otter", published_at=datetime(2023, 1, 1, tzinfo=UTC))
    response = search(client, q="otter")
    assert [a.title for a in response.context["object_list"]] == ["Day 3", "Day 2"]
    assert "Nur die 2 neuesten Treffer" in response.content.decode()
    assert found(client, "otter", published_until="2023-12-31") == ["Title otter"]


@on_postgresql
def test_results_show_a_highlighted_snippet_that_is_escaped(client):
    make_article(title="Snippet", body="The lighthouse & the <em>keeper</em> waved.", language="en")
    response = search(client, q="lighthouse")
    snippet = response.context["object_list"][0].snippet_html
    assert snippet == "<mark>lighthouse</mark> &amp; the  keeper  waved"
    assert snippet in response.content.decode()


@on_postgresql
def test_the_search_vector_follows_tag_changes_and_edits(client):
    article = make_article(title="Plain", body="Nothing.")
    tag = make_tag("Quokka")
    article.tags.add(tag)
    assert found(client, "quokka") == ["Plain"]
    tag.name = "Wombat"
    tag.save()
    assert found(client, "wombat") == ["Plain"]
    article.tags.remove(tag)
    assert found(client, "wombat") == []
    Article.objects.filter(pk=article.pk).update(body="A platypus.")
    assert found(client, "platypus") == ["Plain"]


@on_postgresql
def test_the_search_query_uses_the_gin_index():
    from articles.models.search import matching, web_search_queries

    Article.objects.bulk_create(
        Article(
            title=f"Number {n}",
            slug=f"n-{n}",
            body=f"word{n} filler text",
            language="de",
            status=Article.Status.PUBLISHED,
            published_at=datetime(2022, 1, 1, tzinfo=UTC),
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        # On a table this small any scan is cheap, so the planner's choice among indexes says
        # nothing; with the other indexes out of the way (rolled back with the test) and
        # sequential scans off, the match must be answerable from the GIN index alone.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'articles_article'"
            " AND indexname NOT LIKE 'article_search_%_gin'"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ANALYZE articles_article")
        cursor.execute("SET LOCAL enable_seqscan = off")
    queries = web_search_queries("word17 -Belarus")
    plan = matching(Article.objects.published(), queries).explain()
    assert "article_search_german_gin" in plan


@on_sqlite
def test_the_fallback_excludes_words_and_matches_phrases(client):
    make_article(title="One", body="The red car stopped.")
    make_article(title="Two", body="The car was red.")
    assert found(client, '"red car"') == ["One"]
    assert found(client, "car -stopped") == ["Two"]


def test_a_search_of_more_than_eight_words_is_refused_with_a_message(client):
    make_article(title="Present", body="one two three four five six seven eight nine")
    response = search(client, q="one two three four five six seven eight nine")
    form = response.context["form"]
    assert "8" in str(form.errors["q"]) and "9" in str(form.errors["q"])
    assert "Present" not in response.content.decode()


def test_eight_words_joined_with_or_are_searched(client):
    make_article(title="Present", body="The word seven is here.")
    words = " or ".join(["one", "two", "three", "four", "five", "six", "seven", "eight"])
    if connection.vendor == "postgresql":
        assert found(client, words) == ["Present"]
    else:
        assert search(client, q=words).context["form"].is_valid()


def test_a_tag_is_found_by_its_name_in_any_case_as_readers_see_it(client):
    make_article(title="Trade", body="trade", tags=[make_tag("Economy", slug="economy")])
    make_article(title="Other", body="trade")
    assert found(client, "trade", tag="economy") == ["Trade"]
    assert found(client, "trade", tag="Economy") == ["Trade"]
    assert found(client, "trade", tag="ECONOMY") == ["Trade"]


def test_a_source_is_found_by_its_name_or_short_name_in_any_case(client):
    wire = make_source(slug="wire", name="Wire Service", short_name="WS")
    make_article(title="From the wire", body="trade", source=wire)
    make_article(title="Own", body="trade")
    for name in ("wire", "Wire Service", "wire service", "ws"):
        assert found(client, "trade", source=name) == ["From the wire"]


def test_a_tag_of_drafts_only_gets_the_same_answer_as_a_tag_that_does_not_exist(client):
    make_article(title="Public", body="trade")
    secret = make_tag("Secret plans", slug="secret-plans")
    make_article(title="Draft", body="trade", status=Article.Status.DRAFT, tags=[secret])

    def answer(tag):
        errors = search(client, q="trade", tag=tag).context["form"].errors["tag"]
        return str(errors).replace(tag, "…")

    assert answer("Secret plans") == answer("Public plans")
    assert answer("secret-plans") == answer("public-plans")


def test_a_source_without_published_articles_gets_the_same_answer_as_none(client):
    make_source(slug="quiet", name="Quiet Agency")
    make_article(title="Public", body="trade", source=make_source(slug="loud", name="Loud"))

    def answer(source):
        errors = search(client, q="trade", source=source).context["form"].errors["source"]
        return str(errors).replace(source, "…")

    assert answer("quiet") == answer("silent")
    assert answer("Quiet Agency") == answer("Silent Agency")
    assert found(client, "trade", source="loud") == ["Public"]


def test_the_filters_are_folded_away_until_one_is_used(client):
    make_article(title="Trade", body="trade", language="en")
    assert '<details class="filters">' in search(client, q="trade").content.decode()
    assert '<details class="filters" open>' in search(client, language="en").content.decode()
    assert '<details class="filters" open>' in search(client, tag="nope").content.decode()


@on_sqlite
def test_the_help_does_not_offer_or_where_the_database_does_not_understand_it(client):
    page = search(client).content.decode()
    assert " or " not in page.split('class="hint"')[1].split("</p>")[0]


@on_postgresql
def test_the_help_offers_or_where_the_database_understands_it(client):
    page = search(client).content.decode()
    assert " or " in page.split('class="hint"')[1].split("</p>")[0]


@on_postgresql
def test_highlighting_does_not_depend_on_characters_a_body_can_contain(client):
    # The characters that marked highlights before, and their neighbours, in the text itself.
    body = "Before \ue001 the \ue000 lighthouse \ue001 keeper \ue000\ue002 waved \uf8ff."
    make_article(title="Marks", body=body, language="en")
    snippet = search(client, q="lighthouse").context["object_list"][0].snippet_html
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1
    assert "<mark>lighthouse</mark>" in snippet
    assert "\ue000" in snippet and "\ue001" in snippet


@on_postgresql
def test_an_or_of_words_that_match_nothing_reads_the_gin_indexes_not_the_dates(client):
    from bench.pages import MISSING_WORDS

    call_command("generate_articles", 3000, "--seed", "1")
    client.get(reverse("articles:search"))  # the menu of sections is read: only the search's plans
    with plans_of_every_statement() as plans:
        response = search(client, q=" or ".join(MISSING_WORDS))
    assert response.context["paginator"].count == 0
    assert "Bitmap Index Scan on article_search_german_gin" in plans.text
    assert "using article_public_order" not in plans.text, plans.text


@on_postgresql
def test_the_indexes_are_read_only_for_as_many_matches_as_a_search_may_take(client, monkeypatch):
    # A filter makes the planner expect few matches; the indexes' own count of the word's
    # matches decides whether reading them is worth it.
    monkeypatch.setattr("articles.models.search.FEW_MATCHES", 5)
    for number in range(30):
        make_article(title=f"Hafen {number}")
    for number in range(3):
        make_article(title=f"Leuchtturm {number}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    client.get(reverse("articles:search"))  # the menu of sections is read: only the search's plans
    with plans_of_every_statement() as plans:
        response = search(client, q="hafen", language="de")
    assert response.context["paginator"].count == 30
    assert "array_agg(pk)" not in plans.text, plans.text
    with plans_of_every_statement() as plans:
        response = search(client, q="leuchtturm", language="de")
    assert response.context["paginator"].count == 3
    assert "array_agg(pk)" in plans.text, plans.text


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_search_past_its_time_limit_gets_the_form_and_a_request_to_narrow_it(client, settings):
    make_article(title="Lighthouse", body="The lighthouse keeper.")
    settings.SEARCH_TIME_LIMIT_MS = 100
    client.get(reverse("articles:search"))  # the menu of sections is read, as on a live site
    # Another connection holds the table: the search waits, and is stopped at its limit.
    with articles_held_by_another_connection(seconds=2):
        response = client.get(reverse("articles:search"), {"q": "lighthouse"})
    assert response.status_code == 200
    assert response.context["is_too_broad"]
    page = response.content.decode()
    assert '<form class="search-form"' in page and 'value="lighthouse"' in page
    assert "zu allgemein" in page
    assert found(client, "lighthouse") == ["Lighthouse"]


@contextmanager
def articles_held_by_another_connection(seconds):
    params = connection.settings_dict
    holder = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    holder.execute("LOCK TABLE articles_article IN ACCESS EXCLUSIVE MODE")
    release = threading.Timer(seconds, holder.rollback)
    release.start()
    try:
        yield
    finally:
        release.join()
        holder.close()


def filters_of(page):
    return page.split("<summary>")[1].split("</summary>")[1].split("</details>")[0]


def drawn_filters(data, language):
    """The filters as a form drawn for this request draws them, without anything kept."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from articles.site.caching import menu_sections
    from articles.site.search import FILTERS_TEMPLATE, SearchForm

    with translation.override(language):
        form = SearchForm(data or None, sections=menu_sections(None))
        form.is_valid()
        return render_to_string(FILTERS_TEMPLATE, {"form": form})


BLANK_FILTERS = {"tag": "", "source": "", "section": "", "language": "", "published_from": ""}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q": "trade"},
        {"q": "trade", **BLANK_FILTERS},
        {"language": "en"},
        {"tag": "nope"},
        {"section": "politik", "published_from": "2026-02-30"},
    ],
)
def test_the_filters_are_those_the_form_draws_whether_kept_or_drawn(client, language, data):
    from articles.models import Section

    Section.objects.create(name="Politik", slug="politik", position=1)
    make_article(title="Trade", body="trade", language="en", section=Section.objects.get())
    client.cookies["django_language"] = language
    for _ in range(2):  # drawn, then (unless a filter is filled in) kept
        page = client.get(reverse("articles:search"), data).content.decode()
        assert filters_of(page) == "\n    " + drawn_filters(data, language) + "\n  "


def test_a_renamed_section_is_offered_by_its_new_name(client):
    from articles.models import Section

    section = Section.objects.create(name="Politik", slug="politik", position=1)
    make_article(title="Trade", body="trade", section=section)
    assert ">Politik</option>" in filters_of(search(client, q="trade").content.decode())
    section.name = "Inland"
    section.save()
    cache.clear()  # the menu is shared by readers until the lists are purged
    page = search(client, q="trade").content.decode()
    assert ">Inland</option>" in filters_of(page)
    assert ">Politik</option>" not in filters_of(page)
