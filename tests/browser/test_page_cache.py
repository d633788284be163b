"""The page cache in a real browser: readers share cached pages, logged-in people never get them."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import MEMBER_PASSWORD, log_in
from tests.factories import make_article


def test_a_logged_in_editor_sees_the_front_page_fresh_while_readers_get_the_cached_one(
    transactional_db, page_cache, editor, open_context
):
    make_article(title="Erste Meldung")
    reader = open_context().new_page()
    first = reader.goto(reverse("articles:index"))
    assert "public" in first.headers["cache-control"]
    expect(reader.get_by_text("Erste Meldung")).to_be_visible()

    make_article(title="Zweite Meldung")

    # Another reader, with an empty browser cache, is served the page the first one cached.
    other_reader = open_context().new_page()
    other_reader.goto(reverse("articles:index"))
    expect(other_reader.get_by_text("Erste Meldung")).to_be_visible()
    expect(other_reader.get_by_text("Zweite Meldung")).to_have_count(0)

    # The editor, logged in, gets the page made for them, with the new article, never stored.
    page = log_in(open_context(), editor.username, MEMBER_PASSWORD)
    fresh = page.goto(reverse("articles:index"))
    assert "no-store" in fresh.headers["cache-control"]
    expect(page.get_by_text("Zweite Meldung")).to_be_visible()
