"""A reader's way through the site, from the front page to the feed."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.wire import cri_title_and_paragraphs


def at(path):
    """Matches a page's URL by its path, whatever the live server's address."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


def test_a_reader_finds_the_cri_article_by_its_tag_and_by_search_in_either_language(
    cri_article, page
):
    # From the front page to the article: its title, its paragraphs and where it comes from.
    page.goto(reverse("articles:index"))
    page.get_by_role("link", name=cri_article.title).click()
    expect(page).to_have_url(at(cri_article.get_absolute_url()))
    expect(page.locator("h1")).to_have_text(cri_article.title)
    _, paragraphs = cri_title_and_paragraphs()
    expect(page.locator(".article .body p")).to_have_text(paragraphs)
    expect(page.locator(".article .body p").last).to_be_visible()
    expect(page.locator(".article .meta")).to_contain_text("China Radio International")
    source_link = page.locator(".provenance").get_by_role("link", name="CRI")
    expect(source_link).to_have_attribute(
        "href", reverse("articles:source", kwargs={"slug": "cri"})
    )

    # One of its tags leads to the other articles about Samarkand, this one among them.
    page.locator(".tags").get_by_role("link", name="Samarkand").click()
    expect(page).to_have_url(at(reverse("articles:tag", kwargs={"slug": "samarkand"})))
    expect(page.get_by_role("link", name=cri_article.title)).to_be_visible()

    # The search finds it by the city's name.
    page.locator(".site-nav").get_by_role("link", name="Suche").click()
    page.get_by_role("searchbox").fill("Samarkand")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator(".results")).to_contain_text("1 Artikel gefunden")
    expect(page.locator(".results").get_by_role("link", name=cri_article.title)).to_be_visible()

    # The interface turns English and back to German; the article stays German.
    page.select_option("#language-choice", "en")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".site-nav")).to_contain_text("Search")
    expect(page.locator(".results")).to_contain_text("1 article found")
    page.select_option("#language-choice", "de")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".site-nav")).to_contain_text("Suche")

    # The page's head tells feed readers where the RSS feed is, and the feed carries the article.
    feed_link = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    expect(feed_link).to_have_count(1)
    feed = page.request.get(feed_link.get_attribute("href"))
    assert feed.ok
    assert feed.headers["content-type"].startswith("application/rss+xml")
    assert cri_article.title in feed.text()
