"""No public address ever shows an article the public may not see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Correction, FrontPageSlot, Section
from bench.pages import PUBLIC_URLS
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def world():
    """A published article, and one in every state the public must not see, sharing its
    tag, its source, its section, its author and its day, so that every list that shows it
    could show them too; all of them are curated for the front page."""
    tag, source = make_tag("Politik", slug="politik"), make_source(slug="wire")
    section = Section.objects.create(name="Inland", slug="inland", front_page_count=5)
    author = Author.objects.create(name="Anna Berg", slug="anna-berg")
    published_at = timezone.now() - timedelta(hours=2)
    article = make_article(
        title="Visible headline",
        source=source,
        tags=[tag],
        published_at=published_at,
        section=section,
    )
    ArticleAuthor.objects.create(article=article, author=author)
    hidden = [
        make_article(status=status, title=f"Hidden {status} headline", slug=f"hidden-{status}")
        for status in (Status.DRAFT, Status.REVIEW, Status.WITHDRAWN)
    ]
    hidden.append(
        make_article(
            title="Hidden scheduled headline",
            slug="hidden-scheduled",
            published_at=timezone.now() + timedelta(minutes=5),
        )
    )
    for position, unseen in enumerate([article, *hidden], start=1):
        FrontPageSlot.objects.create(position=position, article=unseen)
    for unseen in hidden:
        ArticleAuthor.objects.create(article=unseen, author=author)
        unseen.section = section
        unseen.source = source
        unseen.published_at = unseen.published_at or published_at
        unseen.save()
        unseen.tags.add(tag)
        Correction.objects.create(article=unseen, text=f"Correction of {unseen.slug}")
    Correction.objects.create(article=article, text="Correction of the visible one")
    return article, tag, source, hidden


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_unpublished_articles_appear_on_no_public_page(client, world, name):
    article, tag, source, hidden = world
    response = client.get(PUBLIC_URLS[name](article, tag, source), follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    for unseen in hidden:
        assert unseen.title not in content, (name, unseen.status)
        assert unseen.slug not in content, (name, unseen.status)


def test_the_published_article_does_appear_so_the_lists_are_really_checked(client, world):
    article, tag, source, _ = world
    shown_by_title = [
        "front page",
        "article",
        "tag",
        "source",
        "corrections",
        "day archive",
        "month archive",
        "year archive",
        "search",
        "search by tag",
        "RSS feed",
        "Atom feed",
        "tag RSS feed",
        "source Atom feed",
        "news sitemap",
        "section",
        "section RSS feed",
        "section Atom feed",
        "author",
        "author RSS feed",
        "author Atom feed",
    ]
    for name in shown_by_title:
        content = client.get(PUBLIC_URLS[name](article, tag, source)).content.decode()
        assert article.title in content, name
    sitemap = client.get(PUBLIC_URLS["article sitemap"](article, tag, source)).content.decode()
    assert article.get_absolute_url() in sitemap
