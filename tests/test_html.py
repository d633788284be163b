"""The public pages are valid HTML5, as the W3C Nu checker (vnu) sees them.

All pages are saved first and checked in one run of the checker, which needs Java and is
installed from npm by `make install-html-checker` (part of `make test`).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import ArticleAuthor, Author, Correction, FrontPageSlot, Section
from tests.factories import make_article
from tests.pictures import fresh_picture_bytes, make_image

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules/vnu-jar/build/dist/vnu.jar"

PAGES = {
    "front": ("/", "de"),
    "front-en": ("/", "en"),
    "article": ("{article}", "de"),
    "article-en": ("{article}", "en"),
    "article-with-pictures": ("{pictured}", "de"),
    "year": ("/2022/", "de"),
    "month": ("/2022/09/", "de"),
    "day": ("/2022/09/16/", "en"),
    "tags": ("/tags/", "de"),
    "tag": ("/tags/china/", "de"),
    "sources": ("/sources/", "de"),
    "source": ("/sources/cri/", "en"),
    "search-form": ("/search/", "de"),
    "search-results": ("/search/?q=Samarkand+-Minsk&language=de", "de"),
    "search-errors": ("/search/?q=x&published_from=2022-02-30&tag=nope", "en"),
    "corrections": ("/corrections/", "de"),
    "archive": ("/archive/", "de"),
    "sections": ("/sections/", "de"),
    "section": ("/sections/international/", "en"),
    "authors": ("/authors/", "de"),
    "author": ("/authors/anna-berg/", "de"),
    "not-found": ("/no/such/page/", "de"),
}


def test_public_pages_are_valid_html5(client, cri_piece, tmp_path):
    picture = make_image(fresh_picture_bytes(), caption="Eine Bildunterschrift")
    for number in range(25):  # enough for pagination links on the front page
        make_article(lead_image=picture if number % 2 else None)
    pictured = make_article(
        lead_image=picture, body=f"Vorher.\n\n![Ein Bild im Text](image:{picture.pk})\n\nDanach."
    )
    Correction.objects.create(article=cri_piece, kind="correction", text="Ein Name war falsch.")
    # The front page curated (a lead, a top story, a section's block), an author with a page.
    Section.objects.filter(slug="international").update(front_page_count=3)
    own = make_article(kicker="Verkehr", tags=cri_piece.tags.all())
    FrontPageSlot.objects.create(position=1, article=own)
    FrontPageSlot.objects.create(position=2, article=make_article())
    author = Author.objects.create(name="Anna Berg", slug="anna-berg", bio="Schreibt *gern*.")
    ArticleAuthor.objects.create(article=own, author=author)
    if not VNU_JAR.exists():
        pytest.fail(f"The HTML checker is missing ({VNU_JAR}); run `make install-html-checker`.")
    java = shutil.which("java")
    assert java, "The HTML checker needs Java (Debian: default-jre-headless)."
    for name, (url, language) in PAGES.items():
        response = client.get(
            url.format(article=cri_piece.get_absolute_url(), pictured=pictured.get_absolute_url()),
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code in (200, 404), name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr)["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert not problems, "\n".join(problems)
