"""The curated front page, kickers and SEO fields, related articles and the archive index."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, FrontPageSlot, Section
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


def front_page(client):
    return client.get("/").content.decode()


def curate(*articles, until=None):
    for position, article in enumerate(articles, start=1):
        FrontPageSlot.objects.create(position=position, article=article, until=until)


def test_without_curation_the_front_page_is_the_list_of_the_latest(client):
    make_article(title="Plain news")
    page = front_page(client)
    assert "Plain news" in page
    assert "lead-story" not in page
    assert "Top stories" not in page and "Top-Themen" not in page


def test_the_lead_and_the_top_stories_come_first_in_their_order(client):
    newest = make_article(title="Newest of all")
    lead, second = make_article(title="The lead"), make_article(title="Second story")
    curate(lead, second)
    page = front_page(client)
    assert page.index("The lead") < page.index("Second story") < page.index("Newest of all")
    assert re.search(r'class="lead-story".*?The lead', page, re.S)
    assert newest.title in page


def test_a_slot_whose_time_is_up_drops_back_into_the_normal_order(client):
    story = make_article(title="Old lead")
    curate(story, until=timezone.now() - timedelta(minutes=1))
    assert "lead-story" not in front_page(client)


@pytest.mark.parametrize(
    "leave",
    [
        lambda article: Article.objects.filter(pk=article.pk).update(status="withdrawn"),
        lambda article: Article.objects.filter(pk=article.pk).update(status="draft"),
        lambda article: article.source.__class__.objects.filter(pk=article.source_id).update(
            rights_expire_at=timezone.now() - timedelta(seconds=1)
        ),
    ],
    ids=["withdrawn", "unpublished", "rights expired"],
)
def test_a_curated_story_readers_may_no_longer_see_leaves_at_once(client, leave):
    story = make_article(title="Curated story", source=make_source())
    curate(story)
    assert "Curated story" in front_page(client)
    leave(story)
    assert "Curated story" not in front_page(client)


def test_each_section_with_a_number_gets_a_block_of_its_newest(client):
    politics = Section.objects.create(name="Politik", slug="politik", front_page_count=2)
    Section.objects.create(name="Sport", slug="sport", front_page_count=0)
    for n in range(3):
        make_article(section=politics, title=f"Politik {n}")
    page = front_page(client)
    block = re.search(r'<section class="section-block".*?</section>', page, re.S).group()
    assert "Politik 0" in block and "Politik 1" in block
    assert "Politik 2" not in block
    assert 'id="section-sport"' not in page


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_curated_front_page_makes_at_most_five_queries_however_many_articles(client):
    sections = [
        Section.objects.create(name=f"S{n}", slug=f"s{n}", position=n, front_page_count=3)
        for n in range(3)
    ]
    articles = [make_article(section=sections[n % 3]) for n in range(10)]
    curate(*articles[:4])
    few = _queries(client, "/")
    for n in range(60):
        make_article(section=sections[n % 3])
    assert _queries(client, "/") == few
    assert few <= 5


def test_the_list_and_its_chosen_stories_are_read_in_one_query(client, django_assert_num_queries):
    politics = Section.objects.create(name="Politik", slug="politik", front_page_count=2)
    old_lead = make_article(title="Old lead", published_at=timezone.now() - timedelta(days=400))
    newest = [make_article(section=politics, title=f"Politik {n}") for n in range(25)]
    curate(old_lead, newest[0])
    page = front_page(client)  # counts and chooses; the second request reads rows alone
    with django_assert_num_queries(1):
        assert front_page(client) == page
    lead = re.search(r'class="lead-story".*?</section>', page, re.S).group()
    assert "Old lead" in lead
    # The newest, a top story too, keeps its place in the list, which shows twenty.
    top = re.search(r'class="top-stories".*?</section>', page, re.S).group()
    latest = page[page.index('<h2 class="block-title">Neueste Artikel</h2>') :]
    assert "Politik 0<" in top and "Politik 0<" in latest
    assert latest.count('class="teaser"') == 20


def test_kicker_is_shown_above_the_headline_on_the_article_and_in_teasers(client):
    article = make_article(title="Neue Brücke", kicker="Verkehr")
    assert re.search(r'class="kicker">Verkehr</span>\s*Neue Brücke', front_page(client))
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<h1 class="article-title"><span class="kicker">Verkehr</span>', page)


def test_seo_title_and_description_are_used_with_the_normal_fields_as_fallback(client):
    seo = make_article(title="Lang", seo_title="Kurz und knapp", seo_description="Für Suchende")
    page = client.get(seo.get_absolute_url()).content.decode()
    assert "<title>Kurz und knapp · Newsroom</title>" in page
    assert '<meta property="og:title" content="Kurz und knapp">' in page
    assert '<meta name="description" content="Für Suchende">' in page
    plain = make_article(title="Nur Titel", summary="Nur Zusammenfassung")
    page = client.get(plain.get_absolute_url()).content.decode()
    assert "<title>Nur Titel · Newsroom</title>" in page
    assert '<meta name="description" content="Nur Zusammenfassung">' in page


def test_the_date_of_an_article_links_to_its_day(client):
    article = make_article(published_at=timezone.make_aware(timezone.datetime(2024, 3, 5, 12)))
    assert 'href="/2024/03/05/"' in client.get(article.get_absolute_url()).content.decode()


def test_the_archive_lists_years_and_months_with_their_counts_and_the_footer_links_it(client):
    for day in (1, 2):
        make_article(published_at=timezone.make_aware(timezone.datetime(2024, 3, day, 12)))
    make_article(published_at=timezone.make_aware(timezone.datetime(2023, 7, 1, 12)))
    make_article(status=Article.Status.DRAFT, published_at=None)
    page = client.get("/archive/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert 'href="/2024/03/"' in page and 'href="/2023/07/"' in page
    assert "2024 2 Artikel" in text
    assert page.index("/2024/") < page.index("/2023/")
    assert 'href="/archive/"' in front_page(client)


def test_the_archive_shows_a_month_s_new_number_in_the_reader_s_language(client):
    march = timezone.make_aware(timezone.datetime(2024, 3, 1, 12))
    make_article(published_at=march)

    def shown(language):
        page = client.get("/archive/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))

    assert "März 2024 1 Artikel" in shown("de")
    make_article(published_at=march + timedelta(days=1))
    assert "März 2024 2 Artikel" in shown("de")
    assert "March 2024 2 articles" in shown("en")


def test_a_story_whose_slot_ran_out_stays_in_its_sections_block(client):
    politics = Section.objects.create(name="Politik", slug="politik", front_page_count=2)
    story = make_article(section=politics, title="Was the lead")
    curate(story, until=timezone.now() - timedelta(minutes=1))
    page = front_page(client)
    assert "lead-story" not in page
    block = re.search(r'<section class="section-block".*?</section>', page, re.S).group()
    assert "Was the lead" in block
