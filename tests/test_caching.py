"""What the site keeps for later: readers share it, editors get it afresh."""

import itertools
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.site import caching
from articles.site.caching import (
    LIST,
    MARKDOWN_CACHED_FROM_LENGTH,
    cached_markdown,
    is_editor,
    list_key,
    purge,
    shared,
)

requests = RequestFactory()


def reader():
    return requests.get("/")


def with_session(session_key):
    request = requests.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
    return request


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def editor(django_user_model):
    """A request of a logged-in staff member."""
    user = django_user_model.objects.create_user("chief", password="pw-Chief-123", is_staff=True)
    session_key = session_of(user)
    return lambda: with_session(session_key)


def counter():
    """A computation that answers 1, 2, 3, ... on each call, to see when it runs."""
    return itertools.count(1).__next__


def test_readers_share_what_the_first_one_computed():
    compute = counter()
    assert shared("test:count", compute, request=reader()) == 1
    assert shared("test:count", compute, request=reader()) == 1


def test_a_page_asking_twice_gets_one_answer_even_if_lists_are_purged_meanwhile():
    compute = counter()
    request = reader()
    assert shared("test:count", compute, request=request) == 1
    purge([LIST])
    assert shared("test:count", compute, request=request) == 1
    assert shared("test:count", compute, request=reader()) == 2


def test_an_editor_computes_afresh_while_readers_keep_the_shared_answer(editor):
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


@pytest.mark.django_db
def test_a_made_up_session_cookie_shares_what_readers_share():
    compute = counter()
    assert shared("test:count", compute, request=reader()) == 1
    for made_up in ("a-session", "x" * 32, "", "%00"):
        assert not is_editor(with_session(made_up))
        assert shared("test:count", compute, request=with_session(made_up)) == 1


@pytest.mark.django_db
def test_only_a_staff_members_session_is_an_editors(django_user_model):
    reader_account = django_user_model.objects.create_user("reader", password="pw-Reader-123")
    former = django_user_model.objects.create_user(
        "former", password="pw-Former-123", is_staff=True, is_active=False
    )
    staff = django_user_model.objects.create_user("staff", password="pw-Staff-123", is_staff=True)
    assert not is_editor(with_session(session_of(reader_account)))
    assert not is_editor(with_session(session_of(former)))
    assert is_editor(with_session(session_of(staff)))


def test_every_page_of_a_list_shares_one_key_and_other_filters_have_their_own():
    first = list_key(requests.get("/search/", {"q": "Minsk"}))
    assert list_key(requests.get("/search/", {"q": "Minsk", "page": "3"})) == first
    assert list_key(requests.get("/search/", {"q": "Peking"})) != first
    assert list_key(requests.get("/tags/minsk/", {"q": "Minsk"})) != first


def test_parameters_a_list_does_not_read_share_its_key():
    plain = list_key(requests.get("/search/", {"q": "Minsk"}))
    assert list_key(requests.get("/search/", {"q": "Minsk", "utm_source": "x"})) == plain
    assert list_key(requests.get("/search/", {"q": "Minsk", "fbclid": "abc", "zz": "1"})) == plain
    front = list_key(requests.get("/"))
    assert list_key(requests.get("/", {"q": "Minsk", "utm_medium": "mail"})) == front


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


def test_a_shared_answer_is_computed_again_once_its_time_is_up(time_machine):
    compute = counter()
    time_machine.move_to(timezone.now())
    assert shared("test:count", compute, request=reader()) == 1
    time_machine.shift(timedelta(seconds=settings.PUBLIC_PAGE_MAX_AGE - 1))
    assert shared("test:count", compute, request=reader()) == 1
    time_machine.shift(timedelta(seconds=2))
    assert shared("test:count", compute, request=reader()) == 2


def test_a_process_keeps_an_answer_another_computed_only_as_long_as_that_one_did(
    time_machine,
):
    compute = counter()
    time_machine.move_to(timezone.now())
    assert shared("test:count", compute, request=reader()) == 1
    caching._recent_answers.clear()  # as in another process, which reads it later
    time_machine.shift(timedelta(seconds=settings.PUBLIC_PAGE_MAX_AGE - 10))
    assert shared("test:count", compute, request=reader()) == 1
    time_machine.shift(timedelta(seconds=11))
    assert shared("test:count", compute, request=reader()) == 2


def test_the_answers_a_process_keeps_are_bounded(monkeypatch):
    monkeypatch.setattr(caching, "SHARED_ANSWERS_KEPT", 3)
    for n in range(5):
        shared(f"test:count-{n}", counter(), request=reader())
    assert len(caching._recent_answers) == 3
