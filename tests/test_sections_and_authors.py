"""Sections and authors: their pages, feeds and directories, bylines and structured data."""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Article, ArticleAuthor, Author, Section
from articles.text import names_in_byline
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


def make_section(name="Politik", **fields):
    fields.setdefault("slug", name.lower())
    return Section.objects.create(name=name, **fields)


def make_author(name="Anna Berg", **fields):
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    return Author.objects.create(name=name, **fields)


def write(article, *authors):
    for position, author in enumerate(authors, start=1):
        ArticleAuthor.objects.create(article=article, author=author, position=position)


def json_ld(page):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return {data["@type"]: data for data in map(json.loads, scripts)}


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Von Anna Berg und Jonas Weber", ["Anna Berg", "Jonas Weber"]),
        ("By Anna Berg and Jonas Weber", ["Anna Berg", "Jonas Weber"]),
        (
            "Anna Berg, Jonas Weber und Eva-Maria Lutz",
            ["Anna Berg", "Jonas Weber", "Eva-Maria Lutz"],
        ),
        ("China Radio International", []),
        ("Von unserem Korrespondenten", []),
        ("Redaktion Politik", []),
        ("Von Hannah Engel, Peking", []),
        ("dpa", []),
    ],
)
def test_a_byline_names_people_only_where_that_is_unambiguous(byline, names):
    assert names_in_byline(byline) == names


def test_the_migration_turns_plain_bylines_into_authors_and_leaves_agency_copy_alone():
    migration = importlib.import_module("articles.migrations.0014_sections_authors")
    make_author("Anna Berg")
    ours = make_article(byline="Von Anna Berg und Jonas Weber")
    desk = make_article(byline="Von unserem Korrespondenten")
    agency = make_article(byline="Hannah Engel", source=make_source())
    migration.authors_from_bylines(apps, None)
    ours.refresh_from_db()
    assert [author.name for author in ours.byline_authors] == ["Anna Berg", "Jonas Weber"]
    assert Author.objects.filter(name="Anna Berg").count() == 1
    assert not desk.authorships.exists()
    assert not agency.authorships.exists()
    assert ours.byline == "Von Anna Berg und Jonas Weber"  # kept, nothing is lost


def test_the_cri_piece_is_in_international_and_the_fixture_still_loads_twice(cri_piece):
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    assert Section.objects.count() == 1
    cri_piece.refresh_from_db()
    assert cri_piece.section.slug == "international"
    assert cri_piece.section.name == "International"


def test_a_section_page_lists_its_published_articles_with_feeds(client):
    section = make_section()
    article = make_article(section=section, title="Wahl im Herbst")
    make_article(section=section, title="Geheimer Entwurf", status=Article.Status.DRAFT)
    page = client.get("/sections/politik/").content.decode()
    assert article.title in page
    assert "Geheimer Entwurf" not in page
    assert client.get("/sections/politik/feed/").status_code == 200
    assert client.get("/sections/politik/feed/atom/").status_code == 200
    assert "Wahl im Herbst" in client.get("/sections/politik/feed/").content.decode()


def test_a_section_or_author_without_published_articles_answers_404(client):
    section, author = make_section(), make_author()
    draft = make_article(section=section, status=Article.Status.DRAFT)
    write(draft, author)
    for url in ["/sections/politik/", "/sections/politik/feed/", "/authors/anna-berg/"]:
        assert client.get(url).status_code == 404, url
    assert client.get("/authors/anna-berg/feed/atom/").status_code == 404
    assert "Politik" not in client.get("/sections/").content.decode()
    assert "Anna Berg" not in client.get("/authors/").content.decode()


def test_the_header_menu_lists_the_sections_in_their_order(client):
    make_article(section=make_section("Wirtschaft", position=2))
    make_article(section=make_section("Politik", position=1))
    make_section("Leer", position=0)  # nothing published yet: no link to a 404
    page = client.get("/").content.decode()
    menu = page[page.index('class="site-nav"') : page.index("</nav>")]
    assert menu.index("Politik") < menu.index("Wirtschaft")
    assert "Leer" not in menu


def test_an_author_page_shows_bio_role_links_and_articles(client):
    author = make_author(
        role="Korrespondentin in Peking",
        bio="Schreibt über *Handel*.",
        links="https://example.org/anna",
    )
    write(make_article(title="Häfen am Jangtse"), author)
    page = client.get("/authors/anna-berg/").content.decode()
    assert "Korrespondentin in Peking" in page
    assert "<em>Handel</em>" in page
    assert 'href="https://example.org/anna"' in page
    assert "Häfen am Jangtse" in page
    assert "Anna Berg" in client.get("/authors/").content.decode()
    assert "Häfen am Jangtse" in client.get("/authors/anna-berg/feed/").content.decode()


def test_the_byline_is_made_from_the_authors_in_order(client):
    article = make_article(byline="")
    write(article, make_author("Anna Berg"), make_author("Jonas Weber"))
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    text = re.sub(r"<[^>]+>", "", page)
    assert "Von Anna Berg und Jonas Weber" in text
    feed = client.get("/feed/").content.decode()
    assert "Anna Berg, Jonas Weber" in feed


def test_json_ld_names_authors_as_people_with_their_page_and_an_agency_as_organization(client):
    article = make_article(byline="Von Anna Berg")
    write(article, make_author("Anna Berg"))
    data = json_ld(client.get(article.get_absolute_url()).content.decode())["NewsArticle"]
    assert data["author"] == [
        {"@type": "Person", "name": "Anna Berg", "url": "http://testserver/authors/anna-berg/"}
    ]
    agency = make_article(byline="Agentur Xinhua", source=make_source(name="Xinhua"))
    data = json_ld(client.get(agency.get_absolute_url()).content.decode())["NewsArticle"]
    assert data["author"] == {"@type": "Organization", "name": "Xinhua"}


def test_a_free_text_byline_never_becomes_a_von_name(client):
    article = make_article(byline="Von Hannah Engel")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())["NewsArticle"]
    assert data["author"] == [{"@type": "Person", "name": "Hannah Engel"}]


def test_an_article_carries_a_breadcrumb_in_the_page_and_in_json_ld(client):
    article = make_article(section=make_section(), title="Wahl im Herbst")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="breadcrumb"' in page
    trail = json_ld(page)["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in trail] == ["Newsroom", "Politik", "Wahl im Herbst"]
    assert trail[1]["item"] == "http://testserver/sections/politik/"


def test_search_narrows_by_section(client):
    politics = make_section()
    make_article(section=politics, title="Hafen in der Politik")
    make_article(title="Hafen anderswo")
    page = client.get("/search/", {"q": "Hafen", "section": "politik"}).content.decode()
    assert "Hafen in der Politik" in page
    assert "Hafen anderswo" not in page
