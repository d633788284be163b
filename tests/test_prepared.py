"""Queries prepared once per process give the rows (and the articles) the QuerySet itself
gives, whatever the values, and refuse values that would change the SQL itself."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Correction, Section, Tag
from articles.models.article_page import published_article
from articles.models.json_rows import JsonRows
from articles.models.prepared import OneBySlug, Prepared, _numbered
from articles.models.teaser_rows import TeaserRows, neighbouring_periods
from tests.factories import make_article, make_source, make_tag
from tests.pictures import make_image
from tests.statements import reading_an_article

pytestmark = pytest.mark.django_db


def _queryset_rows(**filters):
    return list(Article.objects.published().filter(**filters).teasers())


def test_teaser_rows_are_the_querysets_rows_for_every_value():
    first, second = make_tag(), make_tag()
    source = make_source()
    articles = [make_article(tags=[first], source=source) for _ in range(3)]
    articles += [make_article(tags=[second]) for _ in range(2)]
    for filters in ({"tags": first.pk}, {"tags": second.pk}, {"source": source.pk}, {}):
        rows = TeaserRows(**filters)
        assert rows.page(0, 20) == _queryset_rows(**filters)
        assert rows.page(1, 3) == _queryset_rows(**filters)[1:3]
    newest = timezone.now() - timedelta(hours=1)
    for bound in (newest, newest - timedelta(days=1), newest - timedelta(days=400)):
        filters = {"published_at__gte": bound - timedelta(days=2), "published_at__lt": bound}
        assert TeaserRows(**filters).page(0, 20) == _queryset_rows(**filters)


def test_teaser_rows_by_id_keep_only_published_matching_articles_of_any_number():
    tag = make_tag()
    shown = [make_article(tags=[tag]) for _ in range(3)]
    draft = make_article(tags=[tag], status=Article.Status.DRAFT)
    untagged = make_article()
    rows = TeaserRows(tags=tag.pk)
    for ids in ([shown[0].pk], [a.pk for a in shown], [draft.pk, untagged.pk, shown[1].pk]):
        expected = _queryset_rows(tags=tag.pk, pk__in=ids)
        assert rows.with_ids(ids) == expected
    assert rows.with_ids([]) == []
    assert [row["pk"] for row in rows.with_ids([draft.pk, shown[2].pk])] == [shown[2].pk]


def test_an_article_published_a_moment_later_is_read_by_the_same_prepared_query():
    rows = TeaserRows()
    assert rows.page(0, 20) == []
    article = make_article(published_at=timezone.now())
    assert [row["pk"] for row in rows.page(0, 20)] == [article.pk]


def test_a_prepared_query_is_built_once_per_shape_and_asks_one_query(
    django_assert_num_queries,
):
    built = []

    def newest(shape, *, now, source):
        built.append(shape)
        return Article.objects.published(now).filter(source=source).values("pk")[:shape]

    prepared = Prepared(Article, newest)
    sources = [make_source() for _ in range(3)]
    ours = {source.pk: make_article(source=source).pk for source in sources}
    for source in sources:
        with django_assert_num_queries(1):
            rows = prepared.rows(5, now=timezone.now(), source=source.pk)
        assert rows == [{"pk": ours[source.pk]}]
    assert built == [5]
    prepared.rows(2, now=timezone.now(), source=sources[0].pk)
    assert built == [5, 2]


def test_a_value_that_changes_the_sql_itself_is_refused_with_its_name():
    def titled(shape, *, now, prefix):
        # The lookup makes "prefix%" of the value: the value itself is no parameter.
        return Article.objects.published(now).filter(title__startswith=prefix).values("pk")

    with pytest.raises(ValueError, match="prefix did not become a parameter"):
        Prepared(Article, titled).rows(None, now=timezone.now(), prefix="Ein")
    with pytest.raises(TypeError, match="None and booleans"):
        Prepared(Article, titled).rows(None, now=timezone.now(), prefix=None)


def _statements_prepared_on_the_server():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.parametrize("prepared", [True, False])
def test_the_front_pages_rows_are_planned_once_per_connection_unless_turned_off(settings, prepared):
    settings.DATABASE_PREPARED_STATEMENTS = prepared
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # none prepared yet (psycopg forgets its own, too)
    articles = [make_article() for _ in range(3)]
    rows = TeaserRows()
    for _ in range(2):
        assert rows.page(0, 20) == _queryset_rows()
        assert rows.with_ids([articles[1].pk]) == _queryset_rows(pk__in=[articles[1].pk])
    statements = _statements_prepared_on_the_server()
    assert len([s for s in statements if '"articles_article"' in s]) == (2 if prepared else 0)
    # A deep page of any list, read by its ids, is planned once whatever the list.
    tags = [make_tag(), make_tag()]
    for tag in tags:
        tagged = make_article(tags=[tag])
        rows = TeaserRows(tags=tag.pk).with_ids([tagged.pk])
        assert rows == _queryset_rows(pk__in=[tagged.pk], tags=tag.pk)
        assert TeaserRows(tags=tag.pk).with_ids([articles[0].pk]) == []
    added = 1 if prepared else 0
    assert len(_statements_prepared_on_the_server()) == len(statements) + added


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_lists_an_index_keeps_in_order_are_planned_once_per_connection_others_each_time():
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    sections = [
        Section.objects.create(name=name, slug=name.lower(), position=position)
        for position, name in enumerate(["Politik", "Kultur"], start=1)
    ]
    sources = [make_source(), make_source()]
    tags = [make_tag(), make_tag()]
    for section, source, tag in zip(sections, sources, tags, strict=True):
        make_article(section=section, source=source, tags=[tag])
    newest = timezone.now() - timedelta(hours=1)
    periods = [
        {"published_at__gte": newest - timedelta(days=days), "published_at__lt": newest}
        for days in (1, 400)
    ]
    planned_once = [[{"section": s.pk} for s in sections], [{"source": s.pk} for s in sources]]
    for kind in [*planned_once, periods]:
        before = len(_statements_prepared_on_the_server())
        for filters in kind:
            assert TeaserRows(**filters).page(0, 20) == _queryset_rows(**filters)
        assert len(_statements_prepared_on_the_server()) == before + 1
    # A tag's list walks its own (tag, publication time) index, whatever the tag.
    before = len(_statements_prepared_on_the_server())
    for filters in [{"tags": tags[0].pk}, {"tags": tags[1].pk}]:
        assert TeaserRows(**filters).page(0, 20) == _queryset_rows(**filters)
    assert len(_statements_prepared_on_the_server()) == before + 1


def test_a_tags_or_authors_list_gives_the_rows_the_queryset_gives():
    tag = make_tag()
    author = Author.objects.create(name="Anna Berg", slug="anna-berg")
    now = timezone.now()
    articles = [
        make_article(tags=[tag], published_at=now - timedelta(days=d + 1)) for d in range(4)
    ]
    articles.append(make_article(tags=[tag], status=Article.Status.DRAFT))
    articles.append(make_article(tags=[tag], published_at=now + timedelta(days=1)))
    for article in articles[1:]:
        ArticleAuthor.objects.create(article=article, author=author, position=0)
    # Moved to the top, withdrawn, and scheduled: the lists follow each change at once.
    Article.objects.filter(pk=articles[3].pk).update(published_at=now - timedelta(minutes=1))
    articles[2].status = Article.Status.WITHDRAWN
    articles[2].save()
    Article.objects.filter(pk=articles[1].pk).update(published_at=now + timedelta(hours=1))
    for filters in ({"tags": tag.pk}, {"authorships__author": author.pk}):
        rows = TeaserRows(**filters)
        expected = _queryset_rows(**filters)
        assert len(expected) in (1, 2)
        assert expected[0]["pk"] == articles[3].pk
        assert rows.page(0, 20) == expected
        assert rows.page(1, 3) == expected[1:3]
        # A deep page reads its ids first, along the same rows.
        assert rows.page_ids(0, 20) == [row["pk"] for row in expected]
        assert rows.page_ids(1, 3) == [row["pk"] for row in expected[1:3]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_any_tags_or_authors_list_is_read_by_a_query_planned_once():
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    tags = [make_tag(), make_tag()]
    authors = [
        Author.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        for name in ("Anna Berg", "Jonas Weber")
    ]
    for tag, author in zip(tags, authors, strict=True):
        article = make_article(tags=[tag])
        ArticleAuthor.objects.create(article=article, author=author, position=0)
    for tag, author in zip(tags, authors, strict=True):
        for filters in ({"tags": tag.pk}, {"authorships__author": author.pk}):
            assert TeaserRows(**filters).page(0, 20) == _queryset_rows(**filters)
            assert TeaserRows(**filters).page_ids(200, 220) == []
    # A page and a deep page's ids, for tags and for authors.
    assert len(_statements_prepared_on_the_server()) == 4


def test_rows_read_along_with_the_first_page_are_the_querysets_and_the_page_unchanged():
    articles = [make_article(published_at=timezone.now() - timedelta(days=d)) for d in range(30)]
    draft = make_article(status=Article.Status.DRAFT)
    wanted = [articles[0].pk, articles[25].pk, draft.pk]
    rows = TeaserRows()
    rows.read_along(wanted)
    assert rows.page(0, 20) == _queryset_rows()[:20]
    assert rows.along_rows == {row["pk"]: row for row in _queryset_rows(pk__in=wanted)}
    assert set(rows.along_rows) == {articles[0].pk, articles[25].pk}
    # Only the first page reads them.
    later = TeaserRows()
    later.read_along(wanted)
    assert later.page(20, 40) == _queryset_rows()[20:40]
    assert later.along_rows is None


def test_an_authors_own_articles_are_read_without_sorting_their_bylines():
    author = Author.objects.create(name="Anna Berg", slug="anna-berg")
    for position in (1, 0):
        ArticleAuthor.objects.create(article=make_article(), author=author, position=position)
    filters = {"authorships__author": author.pk}
    expected = _queryset_rows(**filters)
    with CaptureQueriesContext(connection) as queries:
        assert TeaserRows(**filters).page(0, 20) == expected
    (query,) = queries
    # A byline's order is no part of which articles are the author's: sorting by it cost
    # the busiest author's page a quarter of its query.
    assert '"position"' not in query["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_the_periods_around_any_period_are_found_by_a_query_planned_once():
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    now = timezone.now()
    first, last = (make_article(published_at=now - timedelta(days=d)) for d in (40, 1))
    first_day, last_day = (timezone.localdate(a.published_at) for a in (first, last))
    between = timezone.localdate(now - timedelta(days=20))
    assert neighbouring_periods(between, "day") == (first_day, last_day)
    assert neighbouring_periods(first_day, "day") == (None, last_day)
    assert neighbouring_periods(last_day, "day") == (first_day, None)
    assert neighbouring_periods(last_day, "year")[1] is None
    assert len(_statements_prepared_on_the_server()) == 1


def _as_read_by_the_queryset(article):
    return Article.objects.published().for_detail().get(pk=article.pk)


def _shown(article):
    """What a page reads of an article: its fields, what it selects with it, its marks."""
    fields = [field.attname for field in Article._meta.concrete_fields]
    return (
        article.get_deferred_fields(),
        [getattr(article, name) for name in fields if name not in article.get_deferred_fields()],
        article.source,
        article.section,
        article.lead_image,
        article.lead_image and article.lead_image.source,
        [article.has_corrections, article.has_provenance, article.has_authors],
    )


def test_an_articles_page_reads_it_as_the_queryset_does_in_one_statement_on_postgresql(
    django_assert_num_queries,
):
    source = make_source(name="Agentur")
    section = Section.objects.create(name="Politik", slug="politik")
    tags = [make_tag() for _ in range(3)]
    pictured = make_article(
        tags=tags[::-1], source=source, section=section, lead_image=make_image(source=source)
    )
    Correction.objects.create(article=pictured, text="Ein Name war falsch geschrieben.")
    plain = make_article()
    make_article(tags=tags[:2])  # uses differ: 2, 2 and 1
    for article in (pictured, plain):
        with django_assert_num_queries(reading_an_article("tags")):
            read = published_article(article.slug)
        expected = _as_read_by_the_queryset(article)
        with_uses = list(Tag.objects.filter(tagged_articles__content_object=article).with_uses())
        with django_assert_num_queries(0):
            assert _shown(read) == _shown(expected)
            assert list(read.tags.all()) == sorted(expected.tags.all(), key=lambda tag: tag.pk)
            assert [(tag.pk, tag.uses) for tag in read.tags.all()] == sorted(
                (tag.pk, tag.uses) for tag in with_uses
            )
    read = published_article(pictured.slug)
    assert list(read.tags.all()) == tags
    assert [(tag.name, tag.slug, tag.kind) for tag in read.tags.all()] == [
        (tag.name, tag.slug, tag.kind) for tag in tags
    ]
    assert [tag.uses for tag in read.tags.all()] == [2, 2, 1]


def test_an_articles_authors_are_read_for_its_page_in_byline_order(
    django_assert_num_queries,
):
    article = make_article(byline="")
    first, second, other = (
        Author.objects.create(
            name=name, slug=name.lower(), role="Korrespondentin", bio="Aus *Wien*."
        )
        for name in ("Weber", "Berg", "Fremd")
    )
    first.photo = make_image()
    first.save()
    # Written in another order than the byline's, which the positions give.
    ArticleAuthor.objects.create(article=article, author=second, position=2)
    ArticleAuthor.objects.create(article=article, author=first, position=1)
    ArticleAuthor.objects.create(article=make_article(), author=other, position=1)
    with django_assert_num_queries(reading_an_article("tags", "authors")):
        read = published_article(article.slug)
    with django_assert_num_queries(0):
        assert read.byline_authors == [first, second]
        fields = [field.attname for field in Author._meta.concrete_fields]
        assert [[getattr(author, name) for name in fields] for author in read.byline_authors] == [
            [getattr(author, name) for name in fields] for author in (first, second)
        ]
    assert read.byline_authors == Article.objects.get(pk=article.pk).byline_authors


def test_rows_carried_as_json_must_come_back_as_they_went_in():
    with pytest.raises(TypeError, match=r"Correction\.created_at \(DateTimeField\)"):
        JsonRows.of(Correction.objects.all())


def test_an_articles_tags_read_for_its_page_are_its_own_whatever_is_asked_of_them():
    article = make_article(tags=[make_tag("Zebra"), make_tag("Apfel"), make_tag("Mitte")])
    make_tag("Fremd")
    tags = published_article(article.slug).tags
    assert sorted(tags.names()) == ["Apfel", "Mitte", "Zebra"]
    assert list(tags.filter(name__startswith="F")) == []
    assert [tag.name for tag in tags.order_by("name")] == ["Apfel", "Mitte", "Zebra"]
    # The same query as taggit's own for the article, once someone asks for it.
    taggits = Article.objects.get(pk=article.pk).tags.get_queryset()
    assert str(tags.get_queryset().query) == str(taggits.query)


def test_an_article_readers_may_not_see_has_no_page():
    expired = make_source(rights_expire_at=timezone.now() - timedelta(days=1))
    hidden = [
        make_article(status=Article.Status.DRAFT),
        make_article(published_at=timezone.now() + timedelta(hours=1)),
        make_article(source=expired),
    ]
    for article in hidden:
        assert published_article(article.slug) is None
    assert published_article("no-such-article") is None


def test_one_by_slug_reads_the_row_with_what_its_queryset_selects(django_assert_num_queries):
    source = make_source(name="Bildagentur")
    author = Author.objects.create(
        name="Olga Bauer", slug="olga-bauer", photo=make_image(source=source)
    )
    Author.objects.create(name="Ben Lehmann", slug="ben-lehmann")
    authors = OneBySlug(Author.objects.select_related("photo__source"))
    with django_assert_num_queries(1):
        read = authors.get("olga-bauer")
        assert (read.pk, read.name) == (author.pk, "Olga Bauer")
        assert read.photo.source.name == "Bildagentur"
    assert authors.get("ben-lehmann").photo is None
    assert authors.get("niemand") is None


def test_placeholders_are_numbered_as_postgresqls_own_and_percent_signs_made_single():
    sql = "SELECT %s, '100%%' WHERE title LIKE %s AND note = '%%s'"
    assert _numbered(sql) == "SELECT $1, '100%' WHERE title LIKE $2 AND note = '%s'"
    with pytest.raises(ValueError, match="percent sign that is no placeholder"):
        _numbered("SELECT 7 % %s")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True)
def test_an_article_is_read_prepared_again_on_a_new_connection(settings):
    settings.DATABASE_PREPARED_STATEMENTS = True
    article = make_article(tags=[make_tag(), make_tag()])
    first = published_article(article.slug)
    connection.close()  # as when the server ends a kept connection
    again = published_article(article.slug)
    assert (again.pk, again.title) == (first.pk, first.title) == (article.pk, article.title)
    assert [tag.pk for tag in again.tags.all()] == [tag.pk for tag in first.tags.all()]
    assert any('"tag_rows"' in statement for statement in _statements_prepared_on_the_server())
