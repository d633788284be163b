"""Whatever a reader or a robot sends, the answer is 404 or 400, never a server error."""

import pytest

from bench.pages import public_urls
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

# Query strings no page should choke on.
HOSTILE_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=1.5",
    "page=99999999999999999999",
    "page=1e999",
    "page=%FF",
    "page=%ED%A0%80",
    "page=%00",
    "q=" + "x" * 10_000,
    "q=%FF%FE",
    "q=%00",
    "year=2022&month=13&day=32",
    "a=" + "%C3%28" * 2_000,
    "&".join(f"field{n}=x" for n in range(2_000)),
]

BAD_PATHS = [
    "/2022/02/30/some-article/",
    "/2022/13/01/some-article/",
    "/2022/00/10/some-article/",
    "/0000/01/01/some-article/",
    "/tags/no-such-tag/",
    "/sources/no-such-source/",
    "/tags/%FF/",
    "/tags/%ED%A0%80/",
    "/sources/%C3%28/",
    "/%FF%FE/",
    "/tags/%00/",
    "/tags/" + "a" * 5_000 + "/",
    "/" + "x/" * 2_000,
    "/2022/09/16/" + "%FF" * 100 + "/",
]


@pytest.fixture
def addresses():
    tag, source = make_tag("Politik", slug="politik"), make_source(slug="wire")
    article = make_article(source=source, tags=[tag])
    return public_urls(article, tag, source)


def _with_query(address, query):
    return f"{address}{'&' if '?' in address else '?'}{query}"


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=lambda query: query[:30])
def test_no_public_page_fails_on_a_hostile_query_string(client, addresses, query):
    for name, address in addresses:
        response = client.get(_with_query(address, query))
        assert response.status_code in {200, 301, 400, 404}, (name, response.status_code)


@pytest.mark.parametrize("path", BAD_PATHS, ids=lambda path: path[:40])
def test_bad_paths_are_not_found(client, path):
    make_article(slug="some-article")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "99999999999999999999", "%FF"])
@pytest.mark.parametrize("listing", ["/", "/tags/politik/", "/sources/wire/"])
def test_paginated_lists_answer_404_for_a_page_that_cannot_exist(client, addresses, listing, page):
    assert client.get(f"{listing}?page={page}").status_code == 404


def test_too_many_parameters_are_a_bad_request(client):
    query = "&".join(f"field{n}=x" for n in range(2_000))
    assert client.get(f"/?{query}").status_code == 400


def test_a_bad_request_gets_no_traceback(client):
    response = client.get("/?" + "&".join(f"field{n}=x" for n in range(2_000)))
    assert b"Traceback" not in response.content
