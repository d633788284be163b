"""Changes readers must see at once: the page cache forgets the pages they make stale."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Correction, FrontPageSlot, Section
from articles.site import caching
from tests.admin_forms import article_form_data, change_url
from tests.commands import run_python
from tests.factories import make_article, make_source, make_tag
from tests.pictures import make_image

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def reader():
    return Client()


def run_action(client, action, *articles):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles], "index": 0},
    )


def test_a_withdrawn_article_is_gone_for_readers_at_once(reader, editor_client, page_cache):
    article = make_article(title="Soon withdrawn")
    make_article(title="Stays")
    for address in (article.get_absolute_url(), "/", "/feed/"):
        assert "Soon withdrawn" in reader.get(address).content.decode()

    run_action(editor_client, "withdraw", article)

    assert reader.get(article.get_absolute_url()).status_code == 410
    assert "Soon withdrawn" not in reader.get("/").content.decode()
    assert "Soon withdrawn" not in reader.get("/feed/").content.decode()
    assert "Stays" in reader.get("/feed/").content.decode()


def test_an_edit_in_the_admin_shows_at_once(reader, editor_client, page_cache):
    article = make_article(title="Old title")
    tag = make_tag("Minsk")
    article.tags.add(tag)
    reader.get(article.get_absolute_url())
    reader.get(tag.get_absolute_url())

    response = editor_client.post(
        change_url(article), article_form_data(article, title="New title", tags="Minsk")
    )
    assert response.status_code == 302
    assert "New title" in reader.get(article.get_absolute_url()).content.decode()
    assert "New title" in reader.get(tag.get_absolute_url()).content.decode()


def test_a_new_publication_appears_on_the_lists_at_once(reader, page_cache):
    make_article(title="First story")
    assert "First story" in reader.get("/").content.decode()
    make_article(title="Second story")
    assert "Second story" in reader.get("/").content.decode()
    assert "Second story" in reader.get("/feed/").content.decode()


def test_a_correction_shows_at_once(reader, page_cache):
    article = make_article()
    reader.get(article.get_absolute_url())
    reader.get(reverse("articles:corrections"))
    Correction.objects.create(article=article, text="The minister's name was misspelt.")
    assert "misspelt" in reader.get(article.get_absolute_url()).content.decode()
    assert "misspelt" in reader.get(reverse("articles:corrections")).content.decode()


def test_expired_rights_take_a_sources_articles_off_at_once(reader, page_cache):
    from django.utils import timezone

    source = make_source()
    article = make_article(title="Agency story", source=source)
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert "Agency story" in reader.get("/").content.decode()
    source.rights_expire_at = timezone.now()
    source.save()
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert "Agency story" not in reader.get("/").content.decode()


def test_a_renamed_tag_shows_on_its_articles_at_once(reader, page_cache):
    tag = make_tag("Belarus")
    article = make_article(tags=[tag])
    assert "Belarus" in reader.get(article.get_absolute_url()).content.decode()
    tag.name = "Weißrussland"
    tag.save()
    assert "Weißrussland" in reader.get(article.get_absolute_url()).content.decode()


def test_changes_nobody_purges_leave_other_articles_cached(
    reader, page_cache, django_assert_num_queries
):
    kept, other = make_article(), make_article()
    reader.get(kept.get_absolute_url())
    other.title = "Edited"
    other.save()
    with django_assert_num_queries(0):
        assert reader.get(kept.get_absolute_url()).status_code == 200


def test_a_page_kept_through_other_purges_still_forgets_its_own(
    reader, page_cache, django_assert_num_queries
):
    article = make_article(title="Kept through other purges")
    reader.get(article.get_absolute_url())
    for _ in range(2):
        caching.purge([caching.article_key(article.pk + 1)])
        with django_assert_num_queries(0):
            reader.get(article.get_absolute_url())

    caching.purge([caching.article_key(article.pk)])
    Article.objects.filter(pk=article.pk).update(title="Changed past the signals")
    assert "Changed past the signals" in reader.get(article.get_absolute_url()).content.decode()


def test_an_articles_page_names_its_lead_picture_and_those_its_body_places(reader, page_cache):
    lead, placed, expired = make_image(), make_image(), make_image()
    body = f"Erster Absatz.\n\n![Ein Hügel](image:{placed.pk})\n\n![Alt](image:{expired.pk})"
    article = make_article(lead_image=lead, body=body)
    type(expired).objects.filter(pk=expired.pk).update(
        rights_expire_at=timezone.now() - timedelta(days=1)
    )
    page = reader.get(article.get_absolute_url())
    keys = set(page["Cache-Tag"].split(","))
    # The picture whose rights expired is not shown, but its page changes with its rights.
    assert {f"picture-{image.pk}" for image in (lead, placed, expired)} <= keys


def test_pages_name_what_they_show_for_cdns(reader, page_cache):
    tag, source = make_tag("Minsk"), make_source()
    article = make_article(source=source, tags=[tag])
    page = reader.get(article.get_absolute_url())
    expected = {f"article-{article.pk}", f"source-{source.pk}", f"tag-{tag.pk}"}
    assert set(page["Cache-Tag"].split(",")) == expected
    assert set(page["Surrogate-Key"].split(" ")) == expected
    assert set(reader.get(tag.get_absolute_url())["Cache-Tag"].split(",")) == {
        "list",
        f"tag-{tag.pk}",
    }
    for address in ("/", "/feed/", "/sitemap.xml", "/sitemap-articles.xml", "/tags/"):
        assert reader.get(address)["Cache-Tag"] == "list", address


purged = []


def record_purge(keys):
    purged.append(keys)


def test_the_purge_hook_is_told_the_keys_once_the_change_is_committed(
    settings, django_capture_on_commit_callbacks
):
    settings.PURGE_HOOK = "tests.test_page_purging.record_purge"
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    assert [f"article-{article.pk}", "list"] in purged

    purged.clear()
    with django_capture_on_commit_callbacks(execute=False):
        Article.objects.get(pk=article.pk).save()
    assert purged == []  # not before the commit


def test_a_failing_purge_hook_does_not_undo_the_change(
    settings, django_capture_on_commit_callbacks
):
    settings.PURGE_HOOK = "tests.test_page_purging.no_such_hook"
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Saved all the same")
    assert Article.objects.get(pk=article.pk).title == "Saved all the same"


def test_a_purge_in_another_process_reaches_this_one(
    reader, page_cache, settings, tmp_path, django_assert_num_queries
):
    # The other process's cache, in which this site's keys are its database's.
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.file_cache.FileCache",
            "LOCATION": str(tmp_path),
            "KEY_PREFIX": settings.CACHE_KEY_PREFIX,
        }
    }
    article = make_article(title="Shared story")
    reader.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        reader.get(article.get_absolute_url())

    other_process = run_python(
        "import django; django.setup(); from articles.site import caching; "
        f"caching.purge([caching.article_key({article.pk})])",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_CACHE_DIR=str(tmp_path),
    )
    assert other_process.returncode == 0, other_process.stderr

    Article.objects.filter(pk=article.pk).update(title="Changed past the signals")
    assert "Changed past the signals" in reader.get(article.get_absolute_url()).content.decode()


def test_a_page_made_while_a_purge_happens_is_not_kept(page_cache):
    served = []

    def page_made_while_an_editor_saves(request):
        served.append(request)
        caching.purge([caching.article_key(1)])
        return HttpResponse("made from what was there before the change")

    middleware = caching.PublicPageCacheMiddleware(page_made_while_an_editor_saves)
    middleware(RequestFactory().get("/page/"))
    middleware(RequestFactory().get("/page/"))
    assert len(served) == 2


@pytest.fixture
def unreachable_cache(settings):
    local_cache = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
        }
    }
    yield
    settings.CACHES = local_cache  # before the tests' own cache is cleared


def test_an_unreachable_cache_does_not_cost_the_editor_the_change(
    unreachable_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Saved without a cache")
    assert Article.objects.get(pk=article.pk).title == "Saved without a cache"


def test_curating_a_story_shows_on_the_front_page_at_once(reader, page_cache):
    story = make_article(
        title="Die neue Aufmacherin", published_at=timezone.now() - timedelta(days=3)
    )
    for n in range(25):
        make_article(title=f"Neuer {n}", published_at=timezone.now() - timedelta(minutes=n + 1))
    assert "Die neue Aufmacherin" not in reader.get("/").content.decode()
    FrontPageSlot.objects.create(position=1, article=story)
    lead = reader.get("/").content.decode().split('class="lead-story"')[1].split("</section>")[0]
    assert "Die neue Aufmacherin" in lead


def test_a_renamed_section_author_or_picture_shows_on_its_articles_at_once(reader, page_cache):
    section = Section.objects.create(name="Politik", slug="politik", position=1)
    author = Author.objects.create(name="Anna Berg", slug="anna-berg")
    article = make_article(section=section)
    article.set_authors([author])
    url = article.get_absolute_url()
    assert "Anna Berg" in reader.get(url).content.decode()
    section.name = "Weltpolitik"
    section.save()
    assert "Weltpolitik" in reader.get(url).content.decode()
    author.name = "Anna Berg-Weber"
    author.save()
    assert "Anna Berg-Weber" in reader.get(url).content.decode()


def test_a_pictures_new_alt_text_shows_on_its_teasers_and_article_at_once(reader, page_cache):
    picture = make_image(alt_text="Ein Hügel")
    article = make_article(lead_image=picture)
    assert 'alt="Ein Hügel"' in reader.get("/").content.decode()
    assert 'alt="Ein Hügel"' in reader.get(article.get_absolute_url()).content.decode()
    picture.alt_text = "Ein Hügel im Abendlicht"
    picture.save()
    assert 'alt="Ein Hügel im Abendlicht"' in reader.get("/").content.decode()
    assert (
        'alt="Ein Hügel im Abendlicht"' in reader.get(article.get_absolute_url()).content.decode()
    )
