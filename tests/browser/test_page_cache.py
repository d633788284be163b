"""The page cache in a real browser: readers share cached pages, logged-in people never get them,
and a withdrawal reaches readers at once."""

from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.helpers import MEMBER_PASSWORD, log_in
from tests.factories import make_article


def test_a_logged_in_editor_sees_the_front_page_fresh_while_readers_get_the_cached_one(
    transactional_db, page_cache, editor, open_context
):
    first_article = make_article(title="Erste Meldung")
    reader = open_context().new_page()
    first = reader.goto(reverse("articles:index"))
    assert "public" in first.headers["cache-control"]
    expect(reader.get_by_text("Erste Meldung")).to_be_visible()

    # A change made past the models (a script writing to the database) purges nothing.
    Article.objects.filter(pk=first_article.pk).update(title="Zweite Meldung")

    # Another reader, with an empty browser cache, is served the page the first one cached.
    other_reader = open_context().new_page()
    other_reader.goto(reverse("articles:index"))
    expect(other_reader.get_by_text("Erste Meldung")).to_be_visible()
    expect(other_reader.get_by_text("Zweite Meldung")).to_have_count(0)

    # The editor, logged in, gets the page made for them, with the change, never stored.
    page = log_in(open_context(), editor.username, MEMBER_PASSWORD)
    fresh = page.goto(reverse("articles:index"))
    assert "no-store" in fresh.headers["cache-control"]
    expect(page.get_by_text("Zweite Meldung")).to_be_visible()


def test_a_withdrawal_in_the_admin_reaches_readers_at_once(
    transactional_db, page_cache, editor, open_context
):
    article = make_article(title="Bald zurückgezogen")
    make_article(title="Bleibt stehen")
    reader = open_context().new_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    reader.goto(reverse("articles:index"))
    expect(reader.get_by_text("Bald zurückgezogen")).to_be_visible()

    admin = log_in(open_context(), editor.username, MEMBER_PASSWORD)
    admin.goto(reverse("admin:articles_article_change", args=[article.pk]))
    admin.click("button[value=withdrawn]")
    admin.click("#confirm-action-yes")
    expect(admin.locator(".messagelist .success")).to_be_visible()

    # A reader whose browser kept nothing gets what the site has now, not what it cached.
    next_reader = open_context().new_page()
    assert next_reader.goto(article.get_absolute_url()).status == 410
    next_reader.goto(reverse("articles:index"))
    expect(next_reader.get_by_text("Bleibt stehen")).to_be_visible()
    expect(next_reader.get_by_text("Bald zurückgezogen")).to_have_count(0)
