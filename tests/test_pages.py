import gc
import io
import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test.client import ClientHandler
from django.urls import reverse
from django.utils import timezone
from django.views import View

from articles.models import Article, Correction, Tag
from tests.factories import make_article, make_source, make_tag
from tests.statements import reading_an_article

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def unpublished_articles():
    source, tag = make_source(slug="wire"), make_tag("Wire", slug="wire")
    now = timezone.now()
    return [
        make_article(status=Status.DRAFT, source=source, tags=[tag], title="Secret draft"),
        make_article(status=Status.REVIEW, source=source, tags=[tag], title="Secret review"),
        make_article(status=Status.WITHDRAWN, source=source, tags=[tag], title="Secret withdrawn"),
        make_article(
            published_at=now + timedelta(days=1),
            source=source,
            tags=[tag],
            title="Secret scheduled",
        ),
    ]


def test_front_page_lists_published_articles_newest_first(client):
    older = make_article(published_at=timezone.now() - timedelta(days=2))
    newer = make_article(published_at=timezone.now() - timedelta(days=1))
    response = client.get(reverse("articles:index"))
    assert response.status_code == 200
    assert [row["pk"] for row in response.context["object_list"]] == [newer.pk, older.pk]


def test_front_page_paginates_twenty_articles_a_page(client):
    for _ in range(21):
        make_article()
    assert len(client.get("/").context["object_list"]) == 20
    assert len(client.get("/?page=2").context["object_list"]) == 1
    assert client.get("/?page=3").status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999"])
def test_front_page_answers_404_for_a_bad_page_number(client, page):
    make_article()
    assert client.get("/", {"page": page}).status_code == 404


def test_anonymous_reader_gets_404_for_unpublished_articles(client, unpublished_articles):
    for article in unpublished_articles:
        assert client.get(article.get_absolute_url()).status_code == 404, article.title


@pytest.mark.parametrize("url", ["/", "/tags/wire/", "/sources/wire/"])
def test_lists_never_show_unpublished_articles(client, unpublished_articles, url):
    page = client.get(url).content.decode()
    for article in unpublished_articles:
        assert article.title not in page
        assert article.slug not in page


def test_a_wrong_date_in_the_path_redirects_permanently_to_the_canonical_url(client):
    article = make_article(slug="the-story")
    canonical = article.get_absolute_url()
    response = client.get("/2001/01/01/the-story/")
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_a_date_without_leading_zeros_redirects_to_the_canonical_url(client):
    article = make_article(slug="early", published_at=timezone.now().replace(month=1, day=5))
    day = timezone.localtime(article.published_at)
    response = client.get(f"/{day.year}/1/5/early/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_an_unknown_slug_is_404(client):
    assert client.get("/2022/09/16/no-such-article/").status_code == 404


@pytest.mark.parametrize("url", ["/tags/no-such-tag/", "/sources/no-such-source/"])
def test_unknown_tags_and_sources_are_404(client, url):
    assert client.get(url).status_code == 404


def test_404_page_is_our_own(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_robots_txt_is_plain_text_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200


def _make_articles(count, source, tag):
    for _ in range(count):
        make_article(source=source, tags=[tag, make_tag()])


@pytest.mark.parametrize("url", ["/", "/tags/busy/", "/sources/busy/"])
def test_list_pages_use_the_same_number_of_queries_for_1_and_30_articles(
    client, django_assert_max_num_queries, django_assert_num_queries, url
):
    source, tag = make_source(slug="busy"), make_tag("Busy", slug="busy")
    _make_articles(1, source, tag)
    with django_assert_max_num_queries(4) as one:
        assert client.get(url).status_code == 200
    _make_articles(29, source, tag)
    cache.clear()  # the count of articles is cached; count again, as the first time
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_article_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    article = make_article(source=make_source(), tags=[make_tag(), make_tag(), make_tag()])
    # The article (with whether it has corrections, agency texts and authors) and its tags,
    # its related articles, and the sections of the menu (then kept in the cache).
    with django_assert_num_queries(reading_an_article("tags") + 2):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_corrections_and_agency_texts_cost_a_query_each_only_when_there_are_some(
    client, cri_piece, django_assert_num_queries
):
    Correction.objects.create(article=cri_piece, kind=Correction.Kind.CORRECTION, text="A date.")
    Correction.objects.create(article=cri_piece, kind=Correction.Kind.CORRECTION, text="A name.")
    # Those of every article page, and one each for the corrections and the agency's texts.
    with django_assert_num_queries(reading_an_article("tags") + 2 + 2):
        page = client.get(cri_piece.get_absolute_url()).content.decode()
    assert "A date." in page
    assert "A name." in page


def test_a_page_leaves_nothing_it_read_for_the_garbage_collector():
    """What a page read (its view, the article, its tags) is freed as its request ends, not
    kept alive by a cycle until the collector's next pass, whose walk every page then pays.
    Asked through Django's handler alone: the test client's responses hold their context (and
    in it the view) in a cycle of their own."""
    tag = make_tag("Belarus", slug="belarus")
    article = make_article(tags=[tag], source=make_source(slug="cri"))
    addresses = [
        article.get_absolute_url(),
        reverse("articles:index"),
        reverse("articles:tag", kwargs={"slug": "belarus"}),
        reverse("articles:corrections"),
        reverse("articles:tags"),
        reverse("articles:archive"),
    ]
    mine = {id(tag), id(article)}  # the test's own: by identity, as models are equal by pk
    handler = ClientHandler()
    gc.collect()
    gc.disable()
    try:
        for address, method in itertools.product(addresses, ("GET", "HEAD")):
            environ = {
                "REQUEST_METHOD": method,
                "PATH_INFO": address,
                "QUERY_STRING": "",
                "SERVER_NAME": "testserver",
                "SERVER_PORT": "80",
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(),
            }
            assert handler(environ).status_code == 200
            # By type: a lazy object asked whether it is a view would work out its value.
            left = [
                each
                for each in gc.get_objects()
                if issubclass(type(each), View | Article | Tag) and id(each) not in mine
            ]
            assert left == [], (method, address)
    finally:
        gc.enable()
