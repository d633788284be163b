"""A reporter's byline in the admin: their own author entry first, a colleague picked by
typing, and the byline readers then see."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Author
from tests.browser.helpers import MEMBER_PASSWORD, fill_body, log_in


def test_a_reporter_starts_with_their_own_entry_and_picks_a_colleague_by_typing(
    transactional_db, reporter, open_context
):
    Author.objects.create(name="Rita Roth", slug="rita-roth", user=reporter)
    Author.objects.create(name="Jonas Weber", slug="jonas-weber")
    page = log_in(open_context(), "rita", MEMBER_PASSWORD)

    page.goto(reverse("admin:articles_article_add"))
    picker = page.locator("#id_byline_authors + .select2")
    expect(picker.locator(".select2-selection__choice")).to_have_text(re.compile("Rita Roth"))
    picker.locator(".select2-search__field").press_sequentially("Jon")
    page.click(".select2-results__option >> text=Jonas Weber")
    page.fill("#id_title", "Zwei Federn")
    fill_body(page, "Ein Text.")
    page.click("button[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get(title="Zwei Federn")
    assert [author.name for author in article.byline_authors] == ["Rita Roth", "Jonas Weber"]
    choices = page.locator("#id_byline_authors + .select2 .select2-selection__choice")
    expect(choices).to_have_count(2)
    expect(choices.first).to_contain_text("Rita Roth")
