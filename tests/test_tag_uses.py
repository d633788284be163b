"""Each tag's uses, kept by the database (migrations 0027 and 0028), are its rows' count however
the rows were written: what TagQuerySet.with_uses() gives is what counting them gives."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from articles.models import Article, Tag, TaggedArticle
from tests.factories import make_article, make_tag, write_tag_rows_fixture

pytestmark = pytest.mark.django_db


def kept_uses():
    """{tag id: uses} as the database keeps them, tags at zero left out."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tag_id, uses FROM articles_tag_uses WHERE uses <> 0")
        return dict(cursor.fetchall())


def count_rows_of(tag_id):
    """How many count rows the database keeps for the tag `tag_id` (0 or 1)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM articles_tag_uses WHERE tag_id = %s", [tag_id])
        return cursor.fetchone()[0]


def counted_uses():
    """{tag id: uses} counted from the tags' rows."""
    rows = TaggedArticle.objects.order_by().values_list("tag").annotate(n=Count("pk"))
    return dict(rows)


def assert_kept_as_counted():
    counted = counted_uses()
    assert kept_uses() == counted
    with_uses = {tag.pk: tag.uses for tag in Tag.objects.with_uses()}
    assert with_uses == {pk: counted.get(pk, 0) for pk in with_uses}


def test_tagging_and_untagging_an_article_in_every_way_keeps_the_count():
    politics, culture, sport = make_tag("Politik"), make_tag("Kultur"), make_tag("Sport")
    article = make_article(tags=[politics, culture])
    other = make_article(tags=[politics])
    assert kept_uses() == {politics.pk: 2, culture.pk: 1}
    article.tags.add(sport)
    article.tags.remove(culture)
    assert_kept_as_counted()
    article.tags.set([culture, sport])
    assert_kept_as_counted()
    other.tags.clear()
    assert kept_uses() == {culture.pk: 1, sport.pk: 1}
    assert_kept_as_counted()


def test_rows_written_by_queries_and_deleted_with_their_article_keep_the_count():
    politics, culture = make_tag("Politik"), make_tag("Kultur")
    articles = [make_article(tags=[politics]) for _ in range(3)]
    TaggedArticle.objects.bulk_create(
        [TaggedArticle(tag=culture, content_object=article) for article in articles]
    )
    assert kept_uses() == {politics.pk: 3, culture.pk: 3}
    TaggedArticle.objects.filter(tag=culture, content_object=articles[0]).update(tag=make_tag())
    assert_kept_as_counted()
    articles[1].delete()
    assert_kept_as_counted()
    TaggedArticle.objects.filter(tag=politics).delete()
    assert_kept_as_counted()
    assert politics.pk not in kept_uses()


def test_a_merge_moves_the_count_to_the_kept_tag_and_a_deleted_tag_leaves_none():
    kept, merged = make_tag("Belarus"), make_tag("Weißrussland")
    both = make_article(tags=[kept, merged])
    make_article(tags=[merged])
    Tag.objects.merge(kept, [merged])
    assert kept_uses() == {kept.pk: 2}
    assert_kept_as_counted()
    kept.delete()
    assert not TaggedArticle.objects.filter(content_object=both).exists()
    assert count_rows_of(kept.pk) == 0


def test_a_tag_deleted_before_its_rows_leaves_no_count():
    # The tags' foreign keys are checked at commit: one transaction may delete a tag and then
    # its rows, as SQLite's flush empties the tables in any order.
    gone, other = make_tag("Politik"), make_tag("Kultur")
    make_article(tags=[gone, other])
    make_article(tags=[gone])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_tag WHERE id = %s", [gone.pk])
        cursor.execute("DELETE FROM articles_taggedarticle WHERE tag_id = %s", [gone.pk])
    assert count_rows_of(gone.pk) == 0
    assert kept_uses() == {other.pk: 1}
    assert_kept_as_counted()


def test_a_write_rolled_back_leaves_the_count_as_it_was():
    politics = make_tag("Politik")
    article = make_article(tags=[politics])
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article(tags=[politics])
        article.tags.clear()
        raise RuntimeError("the editor's save failed")
    assert kept_uses() == {politics.pk: 1}


def test_a_fixture_loaded_twice_counts_its_rows_once(tmp_path):
    # As fixtures/cri_china_belarus.json gives a tag's rows: loading it again writes each one
    # again, by its natural key.
    article = make_article(tags=[make_tag(), make_tag()])
    fixture = write_tag_rows_fixture(article, tmp_path / "tags.json")
    before = kept_uses()
    for _ in range(2):
        call_command("loaddata", str(fixture), verbosity=0)
    assert kept_uses() == before
    assert_kept_as_counted()


def test_a_synthetic_archive_has_its_counts_at_once():
    call_command("generate_articles", "40", "--seed", "3", "--pictures", "0", stdout=StringIO())
    assert Article.objects.exists()
    assert len(kept_uses()) > 3
    assert_kept_as_counted()


@pytest.mark.django_db(transaction=True)
def test_emptied_tables_leave_no_count_behind():
    # Between transactional tests Django empties every table (TRUNCATE on PostgreSQL).
    make_article(tags=[make_tag("Politik")])
    call_command("flush", interactive=False, verbosity=0)
    assert kept_uses() == {}
    politics = make_tag("Politik")
    make_article(tags=[politics])
    assert kept_uses() == {politics.pk: 1}
