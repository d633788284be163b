"""Pictures as a reader's browser gets them: loaded, described, and nothing jumping."""

import pytest

from tests.browser.conftest import ARTIFACTS, NARROW, WIDE
from tests.browser.helpers import describe, grave_accessibility_violations

# Every layout shift the page went through while loading, summed (Cumulative Layout Shift).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""

PICTURES = """() => Array.from(document.querySelectorAll("main img")).map((img) => ({
  src: img.currentSrc, alt: img.getAttribute("alt"), loaded: img.complete && img.naturalWidth > 0,
}))"""


@pytest.fixture
def pictured_article(transactional_db):
    from tests.factories import make_article
    from tests.pictures import fresh_picture_bytes, make_image

    lead = make_image(
        fresh_picture_bytes(size=(1600, 1000)), caption="Ein Hafen am Morgen", credit="Foto: CRI"
    )
    inline = make_image(fresh_picture_bytes(size=(900, 700)), credit="Foto: Newsroom")
    for _ in range(3):
        make_article(lead_image=lead)
    return make_article(
        lead_image=lead,
        body=f"Erster Absatz.\n\n![Ein Kran im Hafen](image:{inline.pk})\n\nZweiter Absatz.",
    )


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_every_picture_loads_is_described_and_nothing_shifts(
    open_context, pictured_article, viewport
):
    page = open_context(viewport).new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in (("front-page", "/"), ("article", pictured_article.get_absolute_url())):
        assert page.goto(url).ok
        page.wait_for_load_state("networkidle")
        # Lazy pictures below the fold load when scrolled to.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        pictures = page.evaluate(PICTURES)
        assert pictures, url
        assert all(picture["loaded"] for picture in pictures), pictures
        assert all(picture["alt"] for picture in pictures), pictures
        assert all(picture["src"].endswith(".webp") for picture in pictures), pictures
        page.screenshot(path=ARTIFACTS / f"pictures-{name}-{viewport['width']}.png", full_page=True)
        page.goto(url)
        assert page.evaluate(LAYOUT_SHIFT) < 0.01, url
        violations = grave_accessibility_violations(page)
        assert violations == [], describe(violations)
