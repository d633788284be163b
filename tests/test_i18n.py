import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.factories import make_article

pytestmark = pytest.mark.django_db

GERMAN_PO = Path(settings.BASE_DIR) / "locale/de/LC_MESSAGES/django.po"
FORM = "application/x-www-form-urlencoded"


def switch_language(client, **form):
    """The switcher's form as a browser sends it (URL-encoded: the form names no enctype)."""
    return client.post("/i18n/setlang/", urlencode(form), content_type=FORM)


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_the_interface_is_german_by_default(client):
    response = client.get("/search/")
    assert html_lang(response) == "de"
    assert "Suche" in response.content.decode()


def test_the_browser_language_chooses_english(client):
    response = client.get("/search/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert html_lang(response) == "en"
    page = response.content.decode()
    assert "Narrow down" in page and "Eingrenzen" not in page


def test_the_language_switcher_works_without_javascript(client):
    page = client.get("/").content.decode()
    assert 'action="/i18n/setlang/" method="post"' in page
    assert '<button type="submit">' in page
    response = switch_language(client, language="en", next="/tags/")
    assert response.status_code == 302
    assert response["Location"] == "/tags/"
    assert html_lang(client.get("/tags/")) == "en"
    switch_language(client, language="de", next="/")
    assert html_lang(client.get("/tags/")) == "de"


def test_the_switcher_does_not_redirect_to_other_sites(client):
    response = switch_language(client, language="en", next="https://evil.example/")
    assert response["Location"] == "/"


def test_dates_follow_the_interface_language(client):
    make_article(published_at=datetime(2022, 3, 16, 8, tzinfo=UTC))
    german = client.get("/2022/03/16/").content.decode()
    english = client.get("/2022/03/16/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "16. März 2022" in german
    assert "March 16, 2022" in english


def test_each_article_keeps_its_own_language_whatever_the_interface(client):
    article = make_article(language="de", title="Deutscher Text")
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "en"
    assert '<article class="article" lang="de">' in response.content.decode()
    listing = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<article class="teaser" lang="de">' in listing


def test_every_german_message_is_translated_and_none_is_fuzzy():
    text = GERMAN_PO.read_text()
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', entry, re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', entry, re.M)
    ]
    assert untranslated == []
