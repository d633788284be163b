"""An article's own part of its page, kept by each process once it shows the article again:
the same page as drawn afresh, and never one that no longer holds, however what it shows was
changed (here by QuerySet.update(), which sends no signal and purges nothing)."""

import re

import pytest
from django.utils import timezone

from articles.models import Article, Correction, Image, Section, Source, Tag
from articles.site import article_parts, caching
from tests.factories import make_article, make_source, make_tag
from tests.pictures import fresh_picture_bytes, make_image
from tests.test_sections_and_authors import make_author, make_section, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def draws(monkeypatch):
    """How many times an article's parts were drawn."""
    drawn = []
    draw = article_parts._draw

    def counted(own, request):
        drawn.append(own["article"].pk)
        return draw(own, request)

    monkeypatch.setattr(article_parts, "_draw", counted)
    return drawn


@pytest.fixture
def article():
    """An article with everything its parts show: section, source, tags, authors, a picture."""
    picture = make_image(fresh_picture_bytes(size=(1600, 1000)), alt_text="Zwei Minister")
    article = make_article(
        tags=[make_tag("Belarus"), make_tag("China")],
        source=make_source(name="Radio China"),
        section=make_section("Welt"),
        lead_image=picture,
    )
    write(article, make_author("Anna Berg"))
    return article


def page(client, article, **headers):
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    # Each response has a nonce of its own for its scripts and styles.
    return re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())


def kept(client, article, **headers):
    """The page once its parts are kept: from the second time the process shows it."""
    page(client, article, **headers)
    return page(client, article, **headers)


def test_an_article_kept_is_the_same_page_as_drawn_afresh(client, article, draws):
    afresh = page(client, article)
    assert page(client, article) == afresh
    assert page(client, article) == afresh
    assert page(client, article) == afresh
    # Drawn the first time it was shown, and the second, to keep; then served as kept.
    assert draws == [article.pk, article.pk]


def test_an_article_shown_once_is_not_kept(client, draws):
    articles = [make_article() for _ in range(3)]
    for each in articles:
        page(client, each)
    assert draws == [each.pk for each in articles]
    assert not caching._article_parts.entries


def _retitled(article):
    Article.objects.filter(pk=article.pk).update(title="Neuer Titel")
    return "Neuer Titel"


def _tag_renamed(article):
    Tag.objects.filter(name="China").update(name="Volksrepublik")
    return "Volksrepublik"


def _section_renamed(article):
    Section.objects.filter(pk=article.section_id).update(name="Ausland")
    return "Ausland"


def _source_renamed(article):
    Source.objects.filter(pk=article.source_id).update(name="CRI Deutsch")
    return "CRI Deutsch"


def _author_renamed(article):
    article.authors.update(name="Anna Berg-Weber")
    return "Anna Berg-Weber"


def _picture_described(article):
    Image.objects.filter(pk=article.lead_image_id).update(alt_text="Ein Händedruck")
    return "Ein Händedruck"


def _corrected(article):
    Correction.objects.create(article=article, kind=Correction.Kind.CORRECTION, text="Falsch.")
    return "Falsch."


def _picture_rights_ended(article):
    ended = timezone.now() - timezone.timedelta(minutes=1)
    Image.objects.filter(pk=article.lead_image_id).update(rights_expire_at=ended)
    return None


@pytest.mark.parametrize(
    "change",
    [
        _retitled,
        _tag_renamed,
        _section_renamed,
        _source_renamed,
        _author_renamed,
        _picture_described,
        _corrected,
        _picture_rights_ended,
    ],
)
def test_what_changed_is_shown_at_once_though_nothing_was_purged(client, article, change):
    before = kept(client, article)
    assert "lead-figure" in before
    shown = change(article)
    after = page(client, article)
    if shown is None:  # the picture is gone: from the figure, the social tags and the JSON-LD
        assert "lead-figure" not in after
        assert "og:image" not in after
        assert '"image"' not in after
    else:
        assert shown not in before
        assert shown in after
    caching._forget_article_parts()  # what a process that never kept any would draw
    assert after == page(client, article)


def test_a_moment_moved_by_a_second_is_shown_at_once(client, article):
    """Moments are part of what the parts are kept under, to the second and beyond."""
    before = kept(client, article)
    moment = Article.objects.get(pk=article.pk).published_at
    moved = moment.replace(second=(moment.second + 1) % 60)  # the same day: the same address
    Article.objects.filter(pk=article.pk).update(published_at=moved)
    after = page(client, article)
    assert after != before
    caching._forget_article_parts()
    assert after == page(client, article)


def test_another_host_or_language_gets_parts_of_its_own(client, article):
    here = kept(client, article)
    elsewhere = kept(client, article, HTTP_HOST="localhost")
    assert "http://testserver/" in here
    assert "http://localhost/" in elsewhere
    assert "http://testserver/" not in elsewhere
    client.cookies["django_language"] = "en"
    english = kept(client, article)
    assert english != here
    assert 'aria-label="Brotkrümelnavigation"' in here
    assert 'aria-label="Breadcrumb"' in english
    assert "Brotkrümelnavigation" not in english


def test_a_preview_is_drawn_afresh_every_time(admin_client, draws):
    draft = make_article(status=Article.Status.DRAFT)
    for _ in range(3):
        response = admin_client.get(draft.get_absolute_url())
        assert response.status_code == 200
    assert draws == [draft.pk] * 3


def test_parts_are_kept_from_the_second_showing_up_to_their_size(settings, monkeypatch):
    monkeypatch.setattr(caching._article_parts, "budget", 100)
    drawn = []

    def draw(text):
        def drawing():
            drawn.append(text)
            return (text, text)

        return drawing

    def shown(article_id, key, text):
        return caching.kept_article_parts(article_id, lambda: key, draw(text))

    assert shown(1, b"one", "first") == ("first", "first")
    assert shown(1, b"one", "second") == ("second", "second")  # kept now
    assert shown(1, b"one", "third") == ("second", "second")
    assert shown(1, b"two", "fourth") == ("fourth", "fourth")  # another key: drawn again
    assert drawn == ["first", "second", "fourth"]
    # Entries beyond the size are forgotten, oldest first; one larger than it is not kept.
    assert shown(1, b"x" * 60, "y" * 20) == ("y" * 20, "y" * 20)
    assert list(caching._article_parts.entries) == [b"x" * 60]
    shown(1, b"big", "z" * 60)
    shown(1, b"big", "z" * 60)
    assert drawn[-2:] == ["z" * 60, "z" * 60]
    assert list(caching._article_parts.entries) == [b"x" * 60]
    settings.SITE_NAME = "Another site"  # settings changed: nothing kept holds
    assert not caching._article_parts.entries
