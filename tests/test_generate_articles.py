from statistics import median

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Tag
from articles.text import render_markdown, rendering_key
from tests.commands import run_manage

pytestmark = pytest.mark.django_db


def _generate(count, *args):
    call_command("generate_articles", count, *args)


def test_generates_the_number_of_articles_asked_for_with_their_tags():
    _generate(300, "--seed", "1", "--batch-size", "70")
    assert Article.objects.count() == 300
    assert all(a.tags.exists() for a in Article.objects.prefetch_related("tags")[:50])


def test_generated_articles_look_like_an_archive():
    _generate(2000, "--seed", "1")
    articles = Article.objects.all()
    bodies = [len(body) for body in articles.values_list("body", flat=True)]
    assert min(bodies) >= 2000
    assert max(bodies) <= 10_000 + 2000  # whole paragraphs: a little over the drawn length
    assert set(articles.values_list("language", flat=True)) == {"de", "en"}
    assert articles.values("source").distinct().count() >= 5
    unpublished = articles.exclude(status=Article.Status.PUBLISHED).count()
    scheduled = articles.filter(published_at__gt=timezone.now()).count()
    assert 0.03 < unpublished / 2000 < 0.07
    assert 0.002 < scheduled / 2000 < 0.025
    oldest = articles.aggregate(oldest=Min("published_at"))["oldest"]
    assert (timezone.now() - oldest).days > 9 * 365


def test_generated_articles_store_their_body_rendered():
    _generate(200, "--seed", "3")
    for body, html, key in Article.objects.values_list("body", "body_html", "body_html_key"):
        assert (html, key) == (render_markdown(body), rendering_key(body))


def test_own_reporting_has_its_reporter_as_author_and_agency_copy_none():
    _generate(400, "--seed", "3", "--batch-size", "90")
    own = Article.objects.filter(source=None).prefetch_related("authors")
    agency = Article.objects.exclude(source=None)
    assert own.count() > 50
    for article in own:
        assert [author.name for author in article.authors.all()] == [
            article.byline.split(" ", 1)[1]
        ]
    assert not ArticleAuthor.objects.filter(article__in=agency).exists()
    busiest = Author.objects.annotate(n=Count("authorships")).order_by("-n").first()
    assert busiest.n > 1


def test_tags_have_a_long_tail():
    _generate(2000, "--seed", "1")
    assert Tag.objects.count() == 2000
    uses = sorted(
        Tag.objects.annotate(n=Count("tagged_articles")).values_list("n", flat=True), reverse=True
    )
    assert uses[0] > 0.15 * 2000  # the busiest tag is on a large share of the articles
    assert median(uses) <= 2  # most tags are rare


def test_the_same_seed_makes_the_same_archive():
    _generate(50, "--seed", "7")
    first = list(Article.objects.order_by("id").values_list("title", "body", "status"))
    Article.objects.all().delete()
    _generate(50, "--seed", "7")
    second = list(Article.objects.order_by("id").values_list("title", "body", "status"))
    assert first == second


def test_running_twice_adds_articles_without_colliding_slugs():
    _generate(40, "--seed", "3")
    _generate(40, "--seed", "3")
    assert Article.objects.values("slug").distinct().count() == 80


@pytest.mark.parametrize("count", ["0", "-5", "many"])
def test_a_count_that_is_not_a_positive_number_is_refused_by_name(count):
    with pytest.raises(CommandError, match="whole number above 0, got"):
        _generate(count)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_and_bulk_create_make_the_same_articles_on_postgresql():
    def made():
        articles = Article.objects.order_by("id")
        return list(articles.values_list("title", "body", "body_html", "body_html_key")), list(
            ArticleAuthor.objects.order_by("article_id").values_list(
                "article__slug", "author__slug"
            )
        )

    _generate(30, "--seed", "5")
    copied = made()
    Article.objects.all().delete()
    _generate(30, "--seed", "5", "--no-copy")
    inserted = made()
    assert len(copied[0]) == 30 and copied[1]
    assert copied == inserted


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need a server")
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_share_the_work_without_colliding():
    # As an operator runs it: a manage.py process of its own, whose writers fork from it
    # (forking the test process would copy the browser tests' threads and connections too).
    run_manage("generate_articles", "301", "--seed", "4", "--jobs", "2", "--batch-size", "50")
    assert Article.objects.count() == 301
    assert Article.objects.values("slug").distinct().count() == 301
    assert Article.objects.filter(tagged_items__isnull=True).count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_every_table_written_is_vacuumed_and_analyzed_before_the_command_ends():
    # Left to autovacuum, they were vacuumed while the first pages were being measured.
    run_manage("generate_articles", "60", "--seed", "5", "--curate")
    written = {
        model._meta.db_table
        for model in apps.get_app_config("articles").get_models()
        if model._base_manager.exists()
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables"
            " WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL"
        )
        done = {name for (name,) in cursor.fetchall()}
    assert {"articles_article", "articles_articleauthor", "articles_tag"} <= written
    assert written <= done


def test_parallel_writers_are_refused_inside_a_transaction():
    with pytest.raises(CommandError, match="--jobs"):
        _generate(10, "--jobs", "2")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL's")
def test_generated_search_vectors_hold_what_the_trigger_would_make():
    _generate(60, "--seed", "6")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE given AS SELECT id, search_vector FROM articles_article"
        )
        cursor.execute("UPDATE articles_article SET language = language")  # the trigger, afresh
        cursor.execute(
            """
            SELECT count(*) FROM given JOIN articles_article made USING (id)
            WHERE strip(given.search_vector) = strip(made.search_vector)
            AND strip(ts_filter(given.search_vector, '{a}'))
                = strip(ts_filter(made.search_vector, '{a}'))
            AND strip(ts_filter(given.search_vector, '{b}'))
                = strip(ts_filter(made.search_vector, '{b}'))
            """
        )
        assert cursor.fetchone()[0] == 60


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL's")
def test_an_article_saved_later_gets_its_vector_from_the_trigger_again():
    _generate(5, "--seed", "6")
    article = Article.objects.order_by("id").first()
    article.title = "Zwergflusspferd im Zoo"
    article.save()
    assert Article.objects.filter(search_vector="zwergflusspferd", pk=article.pk).exists()
