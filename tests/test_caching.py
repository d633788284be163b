"""What the site keeps for later: readers share it, editors get it afresh."""

import itertools

from django.conf import settings
from django.test import RequestFactory

from articles.site.caching import MARKDOWN_CACHED_FROM_LENGTH, cached_markdown, list_key, shared

requests = RequestFactory()


def reader():
    return requests.get("/")


def editor():
    request = requests.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    return request


def counter():
    """A computation that answers 1, 2, 3, ... on each call, to see when it runs."""
    return itertools.count(1).__next__


def test_readers_share_what_the_first_one_computed():
    compute = counter()
    assert shared("test:count", compute, request=reader()) == 1
    assert shared("test:count", compute, request=reader()) == 1


def test_an_editor_computes_afresh_while_readers_keep_the_shared_answer():
    compute = counter()
    assert shared("test:count", compute, request=reader()) == 1
    assert shared("test:count", compute, request=editor()) == 2
    assert shared("test:count", compute, request=editor()) == 3
    assert shared("test:count", compute, request=reader()) == 1


def test_what_no_one_in_particular_asks_for_is_shared():
    compute = counter()
    assert shared("test:count", compute, request=None) == 1
    assert shared("test:count", compute, request=reader()) == 1


def test_a_count_of_zero_is_shared_too():
    compute = counter()
    assert shared("test:zero", lambda: compute() - 1, request=reader()) == 0
    assert shared("test:zero", lambda: compute() - 1, request=reader()) == 0


def test_every_page_of_a_list_shares_one_key_and_other_filters_have_their_own():
    first = list_key(requests.get("/search/", {"q": "Minsk"}))
    assert list_key(requests.get("/search/", {"q": "Minsk", "page": "3"})) == first
    assert list_key(requests.get("/search/", {"q": "Peking"})) != first
    assert list_key(requests.get("/tags/minsk/", {"q": "Minsk"})) != first


def test_a_long_text_is_rendered_once_and_a_short_one_each_time():
    calls = []

    def render(text):
        calls.append(text)
        return f"<p>{text}</p>"

    long_text = "x" * MARKDOWN_CACHED_FROM_LENGTH
    assert cached_markdown(long_text, render) == cached_markdown(long_text, render)
    assert calls == [long_text]
    cached_markdown("short", render)
    cached_markdown("short", render)
    assert calls == [long_text, "short", "short"]


def test_an_edited_long_text_is_rendered_anew():
    long_text = "x" * MARKDOWN_CACHED_FROM_LENGTH
    assert cached_markdown(long_text, str.upper) == long_text.upper()
    assert cached_markdown(long_text + "y", str.upper) == (long_text + "y").upper()
