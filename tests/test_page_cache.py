import hashlib
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article
from articles.site.caching import PublicPageCacheMiddleware, RecentPages
from tests.factories import make_article
from tests.statements import reading_an_article

pytestmark = pytest.mark.django_db


def test_anonymous_pages_may_be_kept_by_browsers_and_cdns_for_max_age(client, settings):
    make_article()
    response = client.get("/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.PUBLIC_PAGE_MAX_AGE}" in cache_control
    assert f"s-maxage={settings.PUBLIC_PAGE_MAX_AGE}" in cache_control
    assert response.has_header("ETag")


def test_a_pages_etag_is_the_sha1_of_its_bytes(client):
    make_article()
    response = client.get("/")
    assert (
        response["ETag"] == f'"{hashlib.sha1(response.content, usedforsecurity=False).hexdigest()}"'
    )


def test_an_unchanged_page_answers_304_to_its_etag(client, page_cache):
    make_article()
    etag = client.get("/")["ETag"]
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_a_changed_page_answers_200_to_an_old_etag(client):
    make_article(title="First story")
    etag = client.get("/")["ETag"]
    make_article(title="Second story", published_at=timezone.now())
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Second story" in response.content.decode()


def test_an_article_answers_304_when_unchanged_since_its_last_modified(client):
    article = make_article()
    last_modified = client.get(article.get_absolute_url())["Last-Modified"]
    response = client.get(article.get_absolute_url(), headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_the_page_cache_serves_a_page_again_without_asking_the_database(
    client, page_cache, django_assert_num_queries
):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_page_from_the_cache_says_how_old_it_is(client, page_cache, time_machine):
    make_article()
    time_machine.move_to(timezone.now())
    client.get("/")
    time_machine.shift(timedelta(seconds=20))
    response = client.get("/")
    assert response["Age"] == "20"
    assert f"max-age={page_cache.PUBLIC_PAGE_MAX_AGE}" in response["Cache-Control"]


def test_a_withdrawn_article_disappears_within_max_age(client, page_cache, time_machine):
    time_machine.move_to(timezone.now())
    article = make_article(title="Soon withdrawn")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Soon withdrawn" in client.get("/").content.decode()

    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    assert client.get(article.get_absolute_url()).status_code == 200  # still in the cache
    time_machine.shift(timedelta(seconds=page_cache.PUBLIC_PAGE_MAX_AGE))
    assert client.get(article.get_absolute_url()).status_code == 410  # gone on purpose
    assert "Soon withdrawn" not in client.get("/").content.decode()


def test_a_scheduled_article_appears_within_max_age_of_its_moment(client, page_cache, time_machine):
    now = timezone.now()
    time_machine.move_to(now)
    make_article(title="Older story")
    make_article(title="Scheduled story", published_at=now + timedelta(seconds=30))
    assert "Scheduled story" not in client.get("/").content.decode()

    time_machine.move_to(now + timedelta(seconds=30 + page_cache.PUBLIC_PAGE_MAX_AGE))
    assert "Scheduled story" in client.get("/").content.decode()


def test_each_language_gets_its_own_cached_page(client, page_cache):
    make_article()
    german = client.get("/", headers={"accept-language": "de"})
    english = client.get("/", headers={"accept-language": "en"})
    assert "Neueste Artikel" in german.content.decode()
    assert "Latest articles" in english.content.decode()
    assert "Accept-Language" in english["Vary"]
    assert "Neueste Artikel" in client.get("/", headers={"accept-language": "de"}).content.decode()


def test_a_language_chosen_by_cookie_is_served_and_kept_from_shared_caches(
    client, page_cache, settings
):
    make_article()
    client.get("/", headers={"accept-language": "de"})  # the German page is in the cache
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", headers={"accept-language": "de"})
    assert "Latest articles" in response.content.decode()
    # A CDN cannot see the cookie, so it must not hand this page to other readers.
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_staff_never_get_a_cached_page_and_their_pages_are_never_cached(
    client, staff_client, page_cache
):
    article = make_article(title="Public version")
    client.get(article.get_absolute_url())  # cached for anonymous readers
    Article.objects.filter(pk=article.pk).update(title="Edited version")

    staff_response = staff_client.get(article.get_absolute_url())
    assert "Edited version" in staff_response.content.decode()
    assert "private" in staff_response["Cache-Control"]
    assert "no-store" in staff_response["Cache-Control"]


def test_a_page_seen_by_staff_is_not_stored_for_anonymous_readers(client, staff_client, page_cache):
    article = make_article(title="Public version")
    staff_client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Edited version")
    assert "Edited version" in client.get(article.get_absolute_url()).content.decode()


def test_admin_pages_are_private_and_never_stored(client, staff_client, page_cache):
    for response in (client.get("/admin/login/"), staff_client.get("/admin/")):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_health_checks_are_never_cached(client, page_cache):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_response_that_sets_a_cookie_is_neither_stored_nor_marked_public(page_cache):
    served = []

    def view_setting_a_cookie(request):
        served.append(request)
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    middleware = PublicPageCacheMiddleware(view_setting_a_cookie)
    first = middleware(RequestFactory().get("/page/"))
    second = middleware(RequestFactory().get("/page/"))
    assert len(served) == 2
    assert "public" not in first.get("Cache-Control", "")
    assert second.cookies


def test_a_page_with_a_csrf_token_is_never_stored(page_cache):
    served = []

    def page_with_a_form(request):
        served.append(get_token(request))
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={served[-1]}>")

    stack = PublicPageCacheMiddleware(CsrfViewMiddleware(page_with_a_form))
    first = stack(RequestFactory().get("/form/"))
    second = stack(RequestFactory().get("/form/"))
    assert len(served) == 2
    assert first.content != second.content
    assert "public" not in second.get("Cache-Control", "")


def test_head_requests_are_answered_but_not_stored(page_cache):
    served = []

    def view(request):
        served.append(request.method)
        return HttpResponse("hello")

    middleware = PublicPageCacheMiddleware(view)
    middleware(RequestFactory().head("/page/"))
    middleware(RequestFactory().get("/page/"))
    middleware(RequestFactory().get("/page/"))
    assert served == ["HEAD", "GET"]


def test_with_the_page_cache_off_pages_keep_their_headers_but_are_rendered_each_time(
    client, django_assert_num_queries
):
    article = make_article()
    client.get(article.get_absolute_url())
    with django_assert_num_queries(reading_an_article("tags")):  # every time
        response = client.get(article.get_absolute_url())
    assert "public" in response["Cache-Control"]


def test_an_editor_sees_an_article_published_after_readers_cached_the_count(
    client, django_user_model, page_cache
):
    make_article(title="First story")
    assert "First story" in client.get("/").content.decode()  # a reader: the count is cached

    make_article(title="Second story", published_at=timezone.now())
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    page = editor.get("/").content.decode()
    assert "First story" in page
    assert "Second story" in page


def test_a_page_shows_all_its_articles_even_while_the_cached_count_is_behind(client):
    make_article(title="First story")
    assert "First story" in client.get("/").content.decode()  # the count, 1, is cached

    make_article(title="Second story", published_at=timezone.now())
    page = client.get("/").content.decode()
    assert "First story" in page
    assert "Second story" in page


@pytest.mark.parametrize("url", ["/feed/", "/sitemap-articles.xml"])
def test_a_body_written_in_pieces_is_sent_in_one(client, url):
    for _ in range(3):
        make_article()
    response = client.get(url)
    assert response.status_code == 200
    assert len(list(response)) == 1


def test_a_made_up_session_cookie_gets_the_cached_public_page(
    client, page_cache, settings, django_assert_max_num_queries
):
    article = make_article()
    client.get(article.get_absolute_url())
    for made_up in ("x" * 32, "0", "not-a-session"):
        reader = Client()
        reader.cookies[settings.SESSION_COOKIE_NAME] = made_up
        reader.cookies["messages"] = "made-up"
        with django_assert_max_num_queries(1):  # the session, looked up and found to be none
            response = reader.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        assert "no-store" not in response["Cache-Control"]


def test_a_page_first_asked_for_with_a_made_up_cookie_is_kept_for_everyone(
    page_cache, settings, django_assert_num_queries
):
    article = make_article()
    reader = Client()
    reader.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    response = reader.get(article.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    with django_assert_num_queries(0):
        assert Client().get(article.get_absolute_url()).status_code == 200


def test_a_made_up_authorization_header_gets_the_cached_public_page(
    client, page_cache, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/", headers={"authorization": "Basic bWFkZTp1cA=="})
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "extra", ["utm_source=x", "fbclid=abc&utm_medium=mail", "unknown=1", "q=ignored"]
)
def test_parameters_a_page_does_not_read_hit_the_same_cache_entry(
    client, page_cache, extra, django_assert_num_queries
):
    make_article()
    client.get("/")
    client.get("/?page=1")
    with django_assert_num_queries(0):
        assert client.get(f"/?{extra}").status_code == 200
        assert client.get(f"/?page=1&{extra}").status_code == 200


def test_a_page_never_shows_parameters_it_does_not_read(client):
    make_article()
    page = client.get("/search/?q=Minsk&utm_source=newsletter&page=1").content.decode()
    assert "utm_source" not in page
    assert "newsletter" not in page
    assert "Minsk" in page


def test_a_search_shares_its_entry_whatever_the_order_of_its_parameters(
    client, page_cache, django_assert_num_queries
):
    make_article(title="Minsk story")
    client.get("/search/?q=Minsk&language=de")
    with django_assert_num_queries(0):
        response = client.get("/search/?language=de&utm_campaign=x&q=Minsk")
    assert "Minsk story" in response.content.decode()


def test_what_one_reader_is_sent_never_reaches_the_next_from_the_process_memory(
    client, page_cache, settings
):
    make_article()
    client.get("/", headers={"accept-language": "de"})  # kept, in the cache and in memory
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert "private" in client.get("/", headers={"accept-language": "de"})["Cache-Control"]
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    again = client.get("/", headers={"accept-language": "de"})
    assert "public" in again["Cache-Control"]
    assert "private" not in again["Cache-Control"]


def test_a_page_kept_in_memory_is_read_again_from_the_cache_once_its_time_is_up(
    client, page_cache, time_machine, settings
):
    make_article(title="Erste Fassung")
    time_machine.move_to(timezone.now())
    assert "Erste Fassung" in client.get("/").content.decode()
    Article.objects.update(title="Zweite Fassung")  # past the signals: nothing is purged
    assert "Erste Fassung" in client.get("/").content.decode()
    time_machine.shift(timedelta(seconds=settings.PUBLIC_PAGE_MAX_AGE + 1))
    assert "Zweite Fassung" in client.get("/").content.decode()


def test_the_pages_kept_in_memory_stay_within_their_budget():
    pages = RecentPages(budget=250)
    for n in range(5):
        pages.put(f"page-{n}", (HttpResponse(b"x" * 100), 0, {}))
    assert list(pages.entries) == ["page-3", "page-4"]
    assert pages.size == 200
    pages.put("too-big", (HttpResponse(b"x" * 300), 0, {}))
    assert pages.get("too-big") is None
    assert pages.get("page-3")[0].content == b"x" * 100
