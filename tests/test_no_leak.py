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


@pytest.fixture
def pictured_world(world):
    """The world above with pictures: the visible article leads with one, every hidden article
    with its own, and a second visible article with one whose rights have expired."""
    from tests.pictures import fresh_picture_bytes, make_image

    def small():
        return fresh_picture_bytes(size=(160, 90))  # as good as a large one here, and quick

    article, tag, source, hidden = world
    article.lead_image = make_image(small(), alt_text="Visible picture")
    article.save()
    unseen_pictures = []
    for unseen in hidden:
        unseen.lead_image = make_image(small(), alt_text=f"Hidden picture of {unseen.slug}")
        unseen.save()
        unseen_pictures.append(unseen.lead_image)
    expired = make_image(
        small(),
        alt_text="Expired picture",
        rights_expire_at=timezone.now() - timedelta(minutes=1),
    )
    make_article(title="Visible with an expired picture", source=source, tags=[tag])
    Article.objects.filter(title="Visible with an expired picture").update(lead_image=expired)
    unseen_pictures.append(expired)
    return article, tag, source, unseen_pictures


def test_pictures_of_unseen_articles_and_expired_pictures_appear_on_no_public_page(
    client, pictured_world
):
    # One test over every page: the pictures are made once.
    article, tag, source, unseen_pictures = pictured_world
    for name, build in PUBLIC_URLS.items():
        content = client.get(build(article, tag, source), follow=True).content.decode()
        for picture in unseen_pictures:
            assert picture.alt_text not in content, name
            assert f"/renditions/{picture.pk}/" not in content, name
    expired = unseen_pictures[-1]
    for entry in expired.renditions_of("wide", "webp"):
        assert client.get("/media/" + entry[1]).status_code == 404


def test_the_visible_picture_does_appear_so_the_pictures_are_really_checked(client, pictured_world):
    article, tag, source, _ = pictured_world
    for name in ("front page", "article", "tag", "source", "search"):
        content = client.get(PUBLIC_URLS[name](article, tag, source)).content.decode()
        assert "Visible picture" in content, name
