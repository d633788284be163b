from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author
from articles.site.page_templates import page_url
from articles.site.pagination import DEEP_OFFSET
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db

PER_PAGE = 20
DEEP_PAGE = DEEP_OFFSET // PER_PAGE + 2


@pytest.fixture
def archive():
    now = timezone.now()
    return [
        make_article(title=f"Story {n}", published_at=now - timedelta(hours=n))
        for n in range(DEEP_PAGE * PER_PAGE)
    ]


def titles(response):
    return [row["title"] for row in response.context["object_list"]]


def test_a_deep_page_shows_the_articles_at_its_place_in_the_order(client, archive):
    response = client.get(f"/?page={DEEP_PAGE}")
    first = (DEEP_PAGE - 1) * PER_PAGE
    assert titles(response) == [f"Story {n}" for n in range(first, first + PER_PAGE)]


def test_a_deep_page_asked_again_reads_only_its_rows(client, archive, django_assert_num_queries):
    client.get(f"/?page={DEEP_PAGE}")
    with django_assert_num_queries(1):
        client.get(f"/?page={DEEP_PAGE}")


def test_an_article_withdrawn_leaves_a_deep_page_at_once(client, archive):
    deep = client.get(f"/?page={DEEP_PAGE}")
    withdrawn = deep.context["object_list"][0]
    Article.objects.filter(pk=withdrawn["pk"]).update(status=Article.Status.WITHDRAWN)
    assert withdrawn["title"] not in titles(client.get(f"/?page={DEEP_PAGE}"))


def test_editors_get_deep_pages_read_afresh(archive, django_user_model):
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    editor.get(f"/?page={DEEP_PAGE}")
    make_article(title="Breaking", published_at=timezone.now())
    first = (DEEP_PAGE - 1) * PER_PAGE - 1  # everything moved one place down
    assert titles(editor.get(f"/?page={DEEP_PAGE}"))[0] == f"Story {first}"


def test_a_tags_and_an_authors_deep_page_show_their_articles_at_their_place(client, archive):
    tag = make_tag()
    author = Author.objects.create(name="Anna Berg", slug="anna-berg")
    # All but every twentieth article of the archive, and a draft, a withdrawn and a scheduled
    # article, which readers do not see.
    theirs = [article for n, article in enumerate(archive) if n % 20]
    within = archive[210].published_at - timedelta(minutes=1)
    unseen = [
        make_article(status=Article.Status.DRAFT, published_at=within),
        make_article(status=Article.Status.WITHDRAWN, published_at=within),
        make_article(published_at=timezone.now() + timedelta(days=1)),
    ]
    for article in [*theirs, *unseen]:
        article.tags.add(tag)
        ArticleAuthor.objects.create(article=article, author=author, position=0)
    page = DEEP_OFFSET // PER_PAGE + 1  # their rows 200 to 219, read by their ids first
    first = (page - 1) * PER_PAGE
    expected = [article.title for article in theirs[first : first + PER_PAGE]]
    assert len(expected) == PER_PAGE
    for address in (tag.get_absolute_url(), f"/authors/{author.slug}/"):
        assert titles(client.get(f"{address}?page={page}")) == expected


@pytest.mark.parametrize(
    "query", ["", "page=2", "page=2&page=5", "q=Minsk&page=2", "page=2&q=Minsk+%C3%A9", "utm_id=x"]
)
def test_a_pages_neighbours_keep_its_address_but_the_page_number(rf, query):
    request = rf.get("/search/?" + query)
    expected = request.GET.copy()
    expected["page"] = 3
    assert page_url({"request": request}, 3) == "?" + expected.urlencode()
