"""The public pages and the admin's article form, as a browser renders them.

Checked with axe-core for accessibility, measured at a phone's width, and photographed for
people to look at (artifacts/, and the README's pictures in docs/screenshots/).
"""

import pytest
from django.urls import reverse

from tests.browser.conftest import NARROW, WIDE
from tests.browser.helpers import (
    MEMBER_PASSWORD,
    body_text_sizes,
    describe,
    grave_accessibility_violations,
    log_in,
    sideways_overflow,
)

PUBLIC_PAGES = {
    "front-page": lambda article: reverse("articles:index"),
    "article": lambda article: article.get_absolute_url(),
    "tag": lambda article: reverse("articles:tag", kwargs={"slug": "samarkand"}),
    "search-results": lambda article: f"{reverse('articles:search')}?q=Samarkand",
    "tags": lambda article: reverse("articles:tags"),
    "source": lambda article: reverse("articles:source", kwargs={"slug": "cri"}),
    "sources": lambda article: reverse("articles:sources"),
    "year": lambda article: reverse("articles:year", kwargs={"year": 2022}),
    "day": lambda article: reverse("articles:day", kwargs={"year": 2022, "month": 9, "day": 16}),
    "corrections": lambda article: reverse("articles:corrections"),
    "archive": lambda article: reverse("articles:archive"),
    "sections": lambda article: reverse("articles:sections"),
    "section": lambda article: reverse("articles:section", kwargs={"slug": "international"}),
    "authors": lambda article: reverse("articles:authors"),
}


@pytest.fixture
def curated(cri_article):
    """The front page with a lead, a top story and the section International's block, and
    an author with a page."""
    from articles.models import ArticleAuthor, Author, FrontPageSlot, Section
    from tests.factories import make_article

    Section.objects.filter(slug="international").update(front_page_count=3)
    own = make_article(kicker="Verkehr", title="Neue Brücke über die Spree", tags=["China"])
    author = Author.objects.create(
        name="Anna Berg", slug="anna-berg", role="Korrespondentin in Peking", bio="Schreibt *gern*."
    )
    ArticleAuthor.objects.create(article=own, author=author)
    FrontPageSlot.objects.create(position=1, article=own)
    FrontPageSlot.objects.create(position=2, article=cri_article)
    return {"curated front page": reverse("articles:index"), "author": author.get_absolute_url()}


def test_the_curated_front_page_and_an_author_page_are_accessible_and_fit_a_phone(
    curated, page, open_context
):
    for name, url in curated.items():
        assert page.goto(url).ok, name
        violations = grave_accessibility_violations(page)
        assert violations == [], f"{name}: {describe(violations)}"
        narrow = open_context(viewport=NARROW).new_page()
        assert narrow.goto(url).ok, name
        assert sideways_overflow(narrow) <= 0, name
        sizes = body_text_sizes(narrow)
        assert [(where, size) for where, size in sizes if size < 16] == [], name


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violation(cri_article, page, name):
    assert page.goto(PUBLIC_PAGES[name](cri_article)).ok

    violations = grave_accessibility_violations(page)
    assert violations == [], describe(violations)


def test_admin_article_form_has_no_serious_accessibility_violation(
    cri_article, editor, open_context
):
    page = log_in(open_context(), editor.username, MEMBER_PASSWORD)

    for url in [
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[cri_article.pk]),
    ]:
        page.goto(url)
        violations = grave_accessibility_violations(page)
        assert violations == [], f"{url}: {describe(violations)}"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_on_a_phone_no_public_page_scrolls_sideways_and_text_is_at_least_16px(
    cri_article, open_context, name
):
    page = open_context(viewport=NARROW).new_page()
    assert page.goto(PUBLIC_PAGES[name](cri_article)).ok

    assert sideways_overflow(page) <= 0
    sizes = body_text_sizes(page)
    assert len(sizes) > 1, "the page shows no text"
    assert [(where, size) for where, size in sizes if size < 16] == []


@pytest.mark.parametrize("name", ["front-page", "article"])
def test_screenshots_of_the_front_page_and_the_article_at_both_widths(
    cri_article, open_context, artifacts, name
):
    for viewport in (WIDE, NARROW):
        page = open_context(viewport=viewport).new_page()
        page.goto(PUBLIC_PAGES[name](cri_article))
        path = artifacts / f"{name}-{viewport['width']}.png"

        page.screenshot(path=path, full_page=True)

        assert path.stat().st_size > 10_000


def test_on_a_phone_the_first_search_result_shows_without_scrolling(cri_article, open_context):
    page = open_context(viewport=NARROW).new_page()
    assert page.goto(PUBLIC_PAGES["search-results"](cri_article)).ok

    first_result = page.locator(".results .teaser").first.bounding_box()
    assert first_result["y"] + 40 < NARROW["height"]
