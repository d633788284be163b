from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction, ProvenanceRecord, Source, Tag
from articles.models.teaser_rows import neighbouring_periods
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=UTC)


def slugs(articles):
    return sorted(article.slug for article in articles)


def test_scheduled_holds_exactly_the_published_articles_still_to_come():
    tomorrow = timezone.now() + timedelta(days=1)
    waiting = make_article(published_at=tomorrow)
    make_article(published_at=timezone.now() - timedelta(days=1))
    make_article(status=Article.Status.DRAFT, published_at=tomorrow)
    make_article(status=Article.Status.WITHDRAWN, published_at=tomorrow)
    assert slugs(Article.objects.scheduled()) == [waiting.slug]


def test_scheduled_and_published_never_share_an_article():
    make_article(published_at=timezone.now() + timedelta(minutes=1))
    make_article(published_at=timezone.now() - timedelta(minutes=1))
    scheduled = set(Article.objects.scheduled().values_list("pk", flat=True))
    published = set(Article.objects.published().values_list("pk", flat=True))
    assert len(scheduled) == len(published) == 1
    assert not scheduled & published


def test_for_lists_reads_teasers_with_their_source_in_one_query(django_assert_num_queries):
    make_article(source=make_source(name="Wire"))
    with django_assert_num_queries(1):
        article = Article.objects.published().for_lists().get()
        assert article.source.name == "Wire"
    assert {"body", "search_vector", "byline"} <= article.get_deferred_fields()


def test_for_detail_flags_agree_with_the_corrections_and_agency_texts(
    django_assert_num_queries,
):
    source = make_source()
    make_article(title="Plain")
    corrected = make_article(title="Corrected")
    Correction.objects.create(article=corrected, text="The date was wrong.")
    from_agency = make_article(title="From an agency", source=source)
    ProvenanceRecord.objects.create(
        article=from_agency,
        source=source,
        version=1,
        received_text="Text",
        sha256="0" * 64,
        received_at=timezone.now(),
    )
    with django_assert_num_queries(2):  # the articles with their sources, then their tags
        flags = {
            a.title: (a.has_corrections, a.has_provenance) for a in Article.objects.for_detail()
        }
    assert flags == {
        "Plain": (False, False),
        "Corrected": (True, False),
        "From an agency": (False, True),
    }


def test_search_finds_words_in_the_title_and_body_and_leaves_out_excluded_ones():
    otter = make_article(title="The otter", body="It swims.", language="en")
    both = make_article(title="Rivers", body="An otter and a beaver.", language="en")
    make_article(title="Beavers", body="They build.", language="en")
    assert slugs(Article.objects.published().search("otter")) == slugs([otter, both])
    assert slugs(Article.objects.published().search("otter -beaver")) == [otter.slug]


def test_search_never_finds_what_the_queryset_left_out():
    make_article(title="Otter draft", status=Article.Status.DRAFT)
    assert list(Article.objects.published().search("otter")) == []


def test_neighbouring_periods_are_the_nearest_periods_with_articles():
    make_article(published_at=at(2021, 6, 1, 12))
    make_article(published_at=at(2022, 3, 10, 12))
    make_article(published_at=at(2022, 5, 20, 12))
    make_article(published_at=at(2022, 9, 16, 12))
    make_article(published_at=at(2024, 1, 1, 12))
    assert neighbouring_periods(date(2022, 5, 20), "month") == (
        date(2022, 3, 1),
        date(2022, 9, 1),
    )
    assert neighbouring_periods(date(2022, 5, 20), "year") == (
        date(2021, 1, 1),
        date(2024, 1, 1),
    )
    assert neighbouring_periods(date(2022, 5, 20), "day") == (
        date(2022, 3, 10),
        date(2022, 9, 16),
    )


def test_neighbouring_periods_are_none_where_nothing_was_published():
    make_article(published_at=at(2022, 5, 20, 12))
    make_article(status=Article.Status.DRAFT, published_at=at(2022, 7, 1, 12))
    assert neighbouring_periods(date(2022, 5, 20), "month") == (None, None)


def test_neighbouring_days_are_read_in_the_display_time_zone():
    # 23:30 UTC on 15 September is already the 16th in Berlin.
    make_article(published_at=at(2022, 9, 15, 23, 30))
    make_article(published_at=at(2022, 9, 18, 12))
    assert neighbouring_periods(date(2022, 9, 17), "day") == (
        date(2022, 9, 16),
        date(2022, 9, 18),
    )


def test_count_per_month_counts_the_months_in_the_display_time_zone():
    make_article(published_at=at(2022, 9, 16, 12))
    make_article(published_at=at(2022, 9, 30, 23, 30))  # 1 October in Berlin
    make_article(published_at=at(2022, 3, 1, 12))
    make_article(status=Article.Status.DRAFT, published_at=at(2022, 3, 2, 12))
    assert Article.objects.published().count_per_month() == [
        (date(2022, 3, 1), 1),
        (date(2022, 9, 1), 1),
        (date(2022, 10, 1), 1),
    ]


def test_tag_counts_leave_out_drafts_and_unused_tags_and_follow_the_kinds():
    place, person = make_tag("Beijing", kind=Tag.Kind.PLACE), make_tag("Xi", kind=Tag.Kind.PERSON)
    topic = make_tag("Trade", kind=Tag.Kind.TOPIC)
    draft_only = make_tag("Draft only")
    make_tag("Unused")
    make_article(tags=[place, person, topic])
    make_article(tags=[place])
    make_article(tags=[place, draft_only], status=Article.Status.DRAFT)
    make_article(tags=[topic], published_at=timezone.now() + timedelta(days=1))
    assert Tag.objects.published_counts() == [(topic.pk, 1), (person.pk, 1), (place.pk, 2)]


def test_tag_counts_keep_to_the_tags_of_the_queryset():
    place, person = make_tag("Beijing", kind=Tag.Kind.PLACE), make_tag("Xi", kind=Tag.Kind.PERSON)
    make_article(tags=[place, person])
    assert Tag.objects.filter(kind=Tag.Kind.PLACE).published_counts() == [(place.pk, 1)]


def test_source_counts_leave_out_unpublished_articles_and_expired_sources():
    wire = make_source(name="Wire")
    agency = make_source(name="Agency")
    expired = make_source(name="Expired", rights_expire_at=timezone.now() - timedelta(days=1))
    make_source(name="Quiet")
    make_article(source=wire)
    make_article(source=wire)
    make_article(source=wire, status=Article.Status.WITHDRAWN)
    make_article(source=agency)
    make_article(source=agency, status=Article.Status.REVIEW)
    make_article(source=expired)
    make_article()  # our own reporting has no source to count
    assert Source.objects.published_counts() == [(agency.pk, 1), (wire.pk, 2)]


def test_source_counts_keep_to_the_sources_of_the_queryset():
    wire, agency = make_source(name="Wire"), make_source(name="Agency")
    make_article(source=wire)
    make_article(source=agency)
    assert Source.objects.filter(name="Wire").published_counts() == [(wire.pk, 1)]
