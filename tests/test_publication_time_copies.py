"""Each tag's and each byline's row holds its article's publication time (a tag's row also its
status, language, source and tag ids), copied by the database, however the article, the tag
or the byline was written."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, TaggedArticle
from tests.factories import make_article, make_source, make_tag, write_tag_rows_fixture

pytestmark = pytest.mark.django_db


def copies_of(article):
    """The publication times its tag and byline rows hold, as the database has them."""
    tagged = TaggedArticle.objects.filter(content_object=article)
    bylines = ArticleAuthor.objects.filter(article=article)
    return {row.published_at for query in (tagged, bylines) for row in query}


def with_a_tag_and_an_author(**fields):
    article = make_article(tags=[make_tag()], **fields)
    author, _ = Author.objects.get_or_create(name="Anna Berg", slug="anna-berg")
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    return article


def test_a_new_tag_or_byline_takes_its_articles_time():
    article = with_a_tag_and_an_author()
    article.refresh_from_db()
    assert copies_of(article) == {article.published_at}


def test_a_draft_has_none_until_it_is_published():
    article = with_a_tag_and_an_author(status=Article.Status.DRAFT, published_at=None)
    assert copies_of(article) == {None}
    article.status = Article.Status.PUBLISHED
    article.save()  # published now
    assert article.published_at is not None
    assert copies_of(article) == {article.published_at}


def test_a_moved_publication_time_reaches_the_rows_however_it_is_written():
    article = with_a_tag_and_an_author()
    later = timezone.now() + timedelta(days=2)
    article.published_at = later
    article.save()
    assert copies_of(article) == {later}
    earlier = later - timedelta(days=30)
    Article.objects.filter(pk=article.pk).update(published_at=earlier)
    assert copies_of(article) == {earlier}


def test_a_row_written_with_another_time_is_given_its_articles_own():
    article = with_a_tag_and_an_author()
    article.refresh_from_db()
    TaggedArticle.objects.filter(content_object=article).update(
        published_at=article.published_at - timedelta(days=1)
    )
    ArticleAuthor.objects.filter(article=article).update(published_at=None)
    assert copies_of(article) == {article.published_at}


def test_rows_moved_to_another_article_take_its_time():
    first = with_a_tag_and_an_author(published_at=timezone.now() - timedelta(days=3))
    second = make_article(published_at=timezone.now() - timedelta(days=1))
    TaggedArticle.objects.filter(content_object=first).update(content_object=second)
    ArticleAuthor.objects.filter(article=first).update(article=second)
    second.refresh_from_db()
    assert copies_of(second) == {second.published_at}


def test_rows_loaded_before_their_article_take_its_time_when_it_comes():
    article = with_a_tag_and_an_author()
    article.refresh_from_db()
    tagged = list(TaggedArticle.objects.filter(content_object=article))
    bylines = list(ArticleAuthor.objects.filter(article=article))
    Article.objects.filter(pk=article.pk).delete()
    # As loaddata may write them: the rows first, the constraints checked at the end (on
    # PostgreSQL, where the copies are made then, as at the transaction's commit).
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            TaggedArticle.objects.bulk_create(tagged)
            ArticleAuthor.objects.bulk_create(bylines)
            assert copies_of(article) == {None}
            Article.objects.bulk_create([article])
        connection.check_constraints()
    assert copies_of(article) == {article.published_at}


def test_a_fixture_loaded_twice_keeps_the_times(tmp_path):
    article = with_a_tag_and_an_author()
    article.refresh_from_db()
    fixture = tmp_path / "article.json"
    rows = [article, *TaggedArticle.objects.filter(content_object=article)]
    rows.append(article.authorships.get())
    fixture.write_text(serializers.serialize("json", rows))
    for _ in range(2):
        call_command("loaddata", str(fixture), verbosity=0)
    assert copies_of(article) == {article.published_at}


def test_a_fixture_loaded_twice_keeps_each_rows_list_of_tag_ids(tmp_path):
    # As fixtures/cri_china_belarus.json gives a tag's rows: by natural keys, without the
    # copies the database keeps, so that loading it again writes each row with none.
    article = make_article(tags=[make_tag(), make_tag()])
    rows = TaggedArticle.objects.filter(content_object=article)
    fixture = write_tag_rows_fixture(article, tmp_path / "tags.json")
    before = tag_rows_of(article)
    for _ in range(2):
        call_command("loaddata", str(fixture), verbosity=0)
    assert tag_rows_of(article) == before
    tag_ids = tuple(sorted(rows.values_list("tag_id", flat=True)))
    assert {row[3] for row in before} == {tag_ids}


def test_a_synthetic_archive_has_every_copy_at_once():
    call_command("generate_articles", "40", "--seed", "3", "--pictures", "0", stdout=StringIO())
    tagged = TaggedArticle.objects.exclude(published_at=F("content_object__published_at"))
    bylines = ArticleAuthor.objects.exclude(published_at=F("article__published_at"))
    drafts = Article.objects.filter(published_at__isnull=True)
    assert tagged.exclude(content_object__in=drafts).count() == 0
    assert bylines.exclude(article__in=drafts).count() == 0
    assert TaggedArticle.objects.filter(published_at__isnull=False).exists()


def tag_rows_of(article):
    """(status, language, source id, the article's tag ids) of each of its tag rows."""
    rows = TaggedArticle.objects.filter(content_object=article).order_by("tag_id")
    return {(row.status, row.language, row.source_id, tuple(row.article_tag_ids)) for row in rows}


def test_tag_rows_hold_their_articles_status_language_source_and_tags():
    first, second = make_tag(), make_tag()
    article = make_article(tags=[first], language="de")
    assert tag_rows_of(article) == {("published", "de", None, (first.pk,))}
    article.tags.add(second)
    ids = (first.pk, second.pk)
    assert tag_rows_of(article) == {("published", "de", None, ids)}
    source = make_source()
    Article.objects.filter(pk=article.pk).update(language="en", source=source)
    assert tag_rows_of(article) == {("published", "en", source.pk, ids)}
    article.refresh_from_db()
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert tag_rows_of(article) == {("withdrawn", "en", source.pk, ids)}
    TaggedArticle.objects.filter(content_object=article, tag=first).delete()
    assert tag_rows_of(article) == {("withdrawn", "en", source.pk, (second.pk,))}
    # Written over by hand, a row is given its article's values again.
    TaggedArticle.objects.filter(content_object=article).update(status="published")
    assert tag_rows_of(article) == {("withdrawn", "en", source.pk, (second.pk,))}


def test_tag_rows_moved_to_another_article_take_its_values_and_leave_the_first_its_own():
    first, second = make_tag(), make_tag()
    one = make_article(tags=[first, second])
    other = make_article(language="en")
    TaggedArticle.objects.filter(content_object=one, tag=second).update(content_object=other)
    assert tag_rows_of(one) == {("published", "de", None, (first.pk,))}
    assert tag_rows_of(other) == {("published", "en", None, (second.pk,))}


def test_tag_rows_loaded_before_their_article_take_its_values_when_it_comes():
    tags = [make_tag(), make_tag()]
    article = make_article(tags=tags, source=make_source())
    expected = tag_rows_of(article)
    tagged = list(TaggedArticle.objects.filter(content_object=article))
    Article.objects.filter(pk=article.pk).delete()
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            TaggedArticle.objects.bulk_create(tagged)
            Article.objects.bulk_create([article])
        connection.check_constraints()
    assert tag_rows_of(article) == expected
