"""The content API for reading: articles as ninjs documents, their filters and pages, tags and
sources, keys and their scopes, and what the HTTP around it says."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.agency.ninjs import TRUST_EDITED, TRUST_UNCHANGED
from articles.models import ApiKey, Article, ProvenanceRecord
from bench.server import fetch, production_environment, serving
from tests.api import assert_ninjs, seed_api_world
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(article):
    return f"/api/v1/articles/{article.pk}/"


def headlines(response):
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def full_text_key():
    _, secret = ApiKey.objects.create_with_secret(name="Partner", scopes=[ApiKey.Scope.FULL_TEXT])
    return secret


# Articles -----------------------------------------------------------------------------------


def test_the_list_shows_published_articles_newest_first_as_valid_ninjs(client):
    seed_api_world()
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert headlines(response) == ["Our own reporting", "Open agency copy", "Closed agency copy"]
    for document in response.json()["items"]:
        assert_ninjs(document)
    assert response.json()["next"] is None


def test_an_article_is_a_ninjs_document_with_its_headline_summary_text_and_tags(client):
    tag = make_tag("Politik", slug="politik")
    article = make_article(title="Ein Titel", summary="Kurz.", body="Eins.\n\n*Zwei*.", tags=[tag])
    document = client.get(detail(article)).json()
    assert_ninjs(document)
    assert document["uri"] == f"http://testserver{article.get_absolute_url()}"
    assert document["type"] == "text"
    assert document["pubStatus"] == "usable"
    assert document["language"] == "de"
    assert document["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": "Ein Titel"}
    ]
    assert document["descriptions"][0]["value"] == "Kurz."
    bodies = {body["contentType"]: body["value"] for body in document["bodies"]}
    assert bodies["text/plain"] == "Eins.\n\n*Zwei*."
    assert "<em>Zwei</em>" in bodies["text/html"]
    assert document["subjects"][0]["name"] == "Politik"
    assert document["subjects"][0]["uri"] == "http://testserver/tags/politik/"
    assert {"role": "id", "value": str(article.pk)} in document["altIds"]


def test_an_unknown_or_unpublished_article_answers_404_in_json(client):
    hidden = make_article(status=Article.Status.DRAFT)
    for address in [detail(hidden), "/api/v1/articles/999999/"]:
        response = client.get(address)
        assert response.status_code == 404
        assert "published article" in response.json()["error"]


def test_agency_copy_carries_its_source_original_and_the_text_as_received(client):
    source = make_source(name="China Radio International", slug="cri")
    article = make_article(
        title="Titel",
        body="Text.",
        source=source,
        original_url="https://german.cri.cn/x",
        published_at=timezone.now() - timedelta(hours=1),
    )
    received = "Titel\n\n16.09.2022 09:19:33\n\nText.\n"
    ProvenanceRecord.objects.create(
        article=article,
        source=source,
        version=1,
        received_text=received,
        sha256="ab" * 32,
        received_at=timezone.now(),
    )
    document = client.get(detail(article)).json()
    assert_ninjs(document)
    assert document["infoSources"] == [
        {
            "name": "China Radio International",
            "role": "originator",
            "literal": "cri",
            "uri": "https://german.cri.cn/x",
        }
    ]
    assert {"role": "received-sha256", "value": "ab" * 32} in document["altIds"]
    assert document["trustIndicators"][0]["role"] == TRUST_UNCHANGED

    article.body = "Text, von uns bearbeitet."
    article.save()
    document = client.get(detail(article)).json()
    assert document["trustIndicators"][0]["role"] == TRUST_EDITED


def test_the_cri_piece_from_the_fixture_is_valid_ninjs_with_its_provenance(client):
    from django.core.management import call_command

    call_command("loaddata", "cri_china_belarus", verbosity=0)
    article = Article.objects.get()
    article.status = Article.Status.PUBLISHED
    article.save()
    document = client.get(detail(article)).json()
    assert_ninjs(document)
    record = ProvenanceRecord.objects.get()
    assert {"role": "received-sha256", "value": record.sha256} in document["altIds"]
    assert document["trustIndicators"][0]["role"] == TRUST_UNCHANGED
    assert document["copyrightNotice"].startswith("©")


def test_corrections_are_associations_of_their_kind(client):
    article = make_article()
    article.corrections.create(kind="clarification", text="Genauer gesagt.")
    document = client.get(detail(article)).json()
    assert_ninjs(document)
    (association,) = document["associations"]
    assert association["rel"] == "clarification"
    assert association["bodies"] == [{"contentType": "text/plain", "value": "Genauer gesagt."}]


# Rights and keys ----------------------------------------------------------------------------


def test_the_full_text_goes_out_only_where_the_sources_agreement_allows(client):
    _, open_source, closed_source = seed_api_world()
    by_title = {d["headlines"][0]["value"]: d for d in client.get(LIST).json()["items"]}
    assert "bodies" in by_title["Our own reporting"]
    assert "bodies" in by_title["Open agency copy"]
    closed = by_title["Closed agency copy"]
    assert "bodies" not in closed
    assert closed["representationType"] == "partial"
    assert closed["descriptions"][0]["role"] == "summary"
    assert closed["usageTerms"] == "Only on our own pages."


def test_a_key_with_the_full_text_scope_gets_every_text(client, full_text_key):
    seed_api_world()
    response = client.get(LIST, **bearer(full_text_key))
    assert all("bodies" in document for document in response.json()["items"])


def test_a_key_without_the_scope_gets_what_anonymous_callers_get(client):
    seed_api_world()
    _, secret = ApiKey.objects.create_with_secret(name="Plain", scopes=[])
    documents = client.get(LIST, **bearer(secret)).json()["items"]
    assert ["bodies" in document for document in documents] == [True, True, False]


def test_keys_are_stored_hashed_and_a_revoked_or_wrong_key_is_refused(client, full_text_key):
    key = ApiKey.objects.get()
    assert full_text_key not in (key.secret_sha256, key.secret_prefix)
    key.revoke()
    for header in [bearer(full_text_key), bearer("no-such-key"), {"HTTP_AUTHORIZATION": "Basic x"}]:
        response = client.get(LIST, **header)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["error"]


# Filters and pages --------------------------------------------------------------------------


def test_the_filters_narrow_the_list(client):
    tag = make_tag("Sport", slug="sport")
    source = make_source(slug="dpa", is_full_text_allowed_in_feeds=True)
    make_article(title="Tagged", tags=[tag], published_at=timezone.now() - timedelta(days=3))
    make_article(title="From dpa", source=source, published_at=timezone.now() - timedelta(days=2))
    make_article(title="English", language="en", published_at=timezone.now() - timedelta(hours=1))
    assert headlines(client.get(LIST, {"tag": "sport"})) == ["Tagged"]
    assert headlines(client.get(LIST, {"source": "dpa"})) == ["From dpa"]
    assert headlines(client.get(LIST, {"language": "en"})) == ["English"]
    since = (timezone.now() - timedelta(days=2, hours=1)).isoformat()
    assert headlines(client.get(LIST, {"published_since": since})) == ["English", "From dpa"]
    assert headlines(client.get(LIST, {"tag": "no-such-tag"})) == []


def test_the_section_and_author_filters_find_their_articles(client):
    from articles.models import ArticleAuthor, Author, Section

    section = Section.objects.create(name="Politik", slug="politik", position=1)
    author = Author.objects.create(name="Anna Berg", slug="anna-berg")
    theirs = make_article(title="Ihres", section=section)
    ArticleAuthor.objects.create(article=theirs, author=author, position=1)
    make_article(title="Anderes")
    assert headlines(client.get(LIST, {"section": "politik"})) == ["Ihres"]
    assert headlines(client.get(LIST, {"author": "anna-berg"})) == ["Ihres"]


def test_an_unknown_section_or_author_filters_to_nothing(client):
    make_article()
    for name in ("section", "author"):
        response = client.get(LIST, {name: "politik"})
        assert response.status_code == 200
        assert response.json()["items"] == []


@pytest.mark.parametrize(
    "query, named",
    [
        ({"tags": "x"}, "tags"),
        ({"tag": "not a slug"}, "tag"),
        ({"language": "deutsch!"}, "language"),
        ({"published_since": "2022-02-30"}, "published_since"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"cursor": "bm9wZQ"}, "cursor"),
        ({"cursor": ""}, "cursor"),
    ],
)
def test_a_wrong_filter_answers_400_naming_it(client, query, named):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert named in response.json()["error"]


def test_a_filter_given_twice_answers_400(client):
    response = client.get(f"{LIST}?tag=a&tag=b")
    assert response.status_code == 400
    assert "tag" in response.json()["error"]


def test_pages_follow_each_other_by_cursor_without_gaps_or_repeats(client):
    moment = timezone.now() - timedelta(days=1)
    for n in range(25):  # several at the same moment: the id breaks the tie
        make_article(title=f"Number {n:02}", published_at=moment - timedelta(hours=n // 3))
    first = client.get(LIST)
    assert len(first.json()["items"]) == 20
    next_url = first.json()["next"]
    assert first["Link"] == f'<{next_url}>; rel="next"'
    second = client.get(next_url)
    assert second.json()["next"] is None
    seen = headlines(first) + headlines(second)
    assert sorted(seen) == [f"Number {n:02}" for n in range(25)]
    assert len(set(seen)) == 25


def test_updated_since_lists_changes_oldest_first_with_withdrawals_as_tombstones(client):
    before = timezone.now() - timedelta(seconds=1)
    kept = make_article(title="Kept")
    gone = make_article(title="Gone")
    make_article(title="Draft", status=Article.Status.DRAFT)
    gone.status = Article.Status.WITHDRAWN
    gone.save()
    items = client.get(LIST, {"updated_since": before.isoformat()}).json()["items"]
    assert [item["uri"].endswith(kept.get_absolute_url()) for item in items] == [True, False]
    tombstone = items[1]
    assert_ninjs(tombstone)
    assert tombstone["pubStatus"] == "canceled"
    assert "headlines" not in tombstone
    assert tombstone["versionCreated"]
    # Without updated_since, a withdrawn article is simply not there.
    assert headlines(client.get(LIST)) == ["Kept"]


# Tags and sources ---------------------------------------------------------------------------


def test_tags_and_sources_list_only_those_with_published_articles_and_count_only_those(client):
    tag, open_source, closed_source = seed_api_world()
    hidden_tag = make_tag("Hidden", slug="hidden")
    make_article(status=Article.Status.DRAFT, tags=[hidden_tag, tag])
    tags = client.get("/api/v1/tags/").json()["items"]
    assert [(t["slug"], t["article_count"]) for t in tags] == [("politik", 2)]
    assert tags[0]["articles"] == "http://testserver/api/v1/articles/?tag=politik"
    sources = client.get("/api/v1/sources/").json()["items"]
    assert sorted(s["slug"] for s in sources) == ["closed-wire", "open-wire"]
    assert client.get("/api/v1/tags/politik/").json()["article_count"] == 2
    assert client.get("/api/v1/sources/open-wire/").json()["article_count"] == 1
    for address in ["/api/v1/tags/hidden/", "/api/v1/tags/none/", "/api/v1/sources/none/"]:
        response = client.get(address)
        assert response.status_code == 404
        assert response.json()["error"]


# HTTP ---------------------------------------------------------------------------------------


def test_an_unchanged_answer_is_304_for_its_etag(client):
    make_article()
    response = client.get(LIST)
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=60"
    again = client.get(LIST, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_keys_answers_are_private_but_revalidate_by_etag(client, full_text_key):
    make_article()
    response = client.get(LIST, **bearer(full_text_key))
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=response["ETag"], **bearer(full_text_key))
    assert again.status_code == 304


def test_other_sites_may_read_the_api_from_the_browser(client):
    response = client.get(LIST, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 204
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("address", [LIST, "/api/v1/tags/", "/api/v1/articles/1/"])
def test_a_method_the_address_does_not_take_answers_405_in_json(client, address):
    response = client.delete(address)
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert response.json()["error"]


def test_an_unknown_api_address_answers_404_in_json_never_html(client):
    for address in ["/api/", "/api/v2/articles/", "/api/v1/articles/abc/"]:
        response = client.get(address)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]


def test_asking_for_html_still_gets_json(client):
    response = client.get(LIST, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_a_failure_inside_the_api_answers_500_in_json():
    from rest_framework.test import APIRequestFactory

    from articles.api.errors import handle

    request = APIRequestFactory().get(LIST)
    response = handle(RuntimeError("the disk is full"), {"request": request})
    assert response.status_code == 500
    assert "failed" in json.loads(response.content)["error"]
    assert "disk" not in response.content.decode()


@pytest.fixture
def fresh_minute(time_machine):
    """The clock at the start of a minute, so that a test's requests share one window of the
    limit (one made as the minute turned would find a fresh counter)."""
    time_machine.move_to(datetime.fromtimestamp((time.time() // 60 + 1) * 60, tz=UTC))


def test_anonymous_callers_are_limited_per_address_and_keys_have_their_own(
    client, settings, full_text_key, fresh_minute
):
    settings.API_RATE_ANONYMOUS = 2
    settings.API_RATE_PER_KEY = 3
    assert [client.get(LIST).status_code for _ in range(2)] == [200, 200]
    refused = client.get(LIST)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "2 a minute" in refused.json()["error"]
    other = client.get(LIST, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    keyed = [client.get(LIST, **bearer(full_text_key)).status_code for _ in range(4)]
    assert keyed == [200, 200, 200, 429]


def test_the_limit_counts_answers_the_page_cache_gives_too(
    client, settings, page_cache, fresh_minute
):
    settings.API_RATE_ANONYMOUS = 2
    statuses = [client.get(LIST).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_every_process_of_a_server_counts_towards_one_limit(tmp_path):
    """Without Redis the counters are files every worker shares: two workers let five of
    twelve requests through, not five each. The limit answers before the database is asked,
    so the server needs no tables."""
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_API_RATE_ANONYMOUS="5",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    with serving(environment, workers=2, quiet=True) as server:
        # The server's clock is the machine's: its twelve requests wait for a minute they
        # can all fall in.
        if time.time() % 60 > 50:
            time.sleep(61 - time.time() % 60)
        statuses = [fetch(server.base + LIST)[0] for _ in range(12)]
    assert statuses.count(429) == 7
    assert 429 not in statuses[:5]


def test_counters_of_past_minutes_are_removed(client, settings, tmp_path, fresh_minute):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.file_cache.FileCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.API_RATE_ANONYMOUS = 2
    counters = tmp_path / "api-rates"
    counters.mkdir()
    (counters / "1000-0123456789abcdef").write_text("7")
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
    assert [path.read_text().strip() for path in counters.iterdir()] == ["3"]


# Queries ------------------------------------------------------------------------------------


def _many(count, tag, source):
    Article.objects.bulk_create(
        Article(
            title=f"Bulk {n}",
            slug=f"bulk-{n}",
            body="Text.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=n + 1),
            source=source if n % 2 else None,
        )
        for n in range(count)
    )
    for article in Article.objects.order_by("-published_at")[:30]:
        article.tags.add(tag)
        article.corrections.create(text="Fixed.")


@pytest.mark.parametrize("count", [10, 2_000])
def test_a_page_of_articles_takes_the_same_few_queries_however_many_there_are(
    client, django_assert_max_num_queries, full_text_key, count
):
    tag, source = make_tag("Viel", slug="viel"), make_source(slug="many")
    _many(count, tag, source)
    for query in [{}, {"tag": "viel"}, {"source": "many"}, {"updated_since": "2000-01-01"}]:
        with django_assert_max_num_queries(4):
            assert client.get(LIST, query).status_code == 200
        with django_assert_max_num_queries(5):  # and one for the key
            assert client.get(LIST, query, **bearer(full_text_key)).status_code == 200
    address = detail(Article.objects.first())
    with django_assert_max_num_queries(4):
        assert client.get(address).status_code == 200


# Documentation ------------------------------------------------------------------------------


def test_the_openapi_description_names_every_endpoint(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/tags/",
        "/api/v1/sources/",
        "/api/v1/sections/",
        "/api/v1/sections/{slug}/",
        "/api/v1/authors/",
        "/api/v1/authors/{slug}/",
        "/api/v1/images/",
        "/api/v1/images/{id}/",
        "/api/v1/wire/{slug}/",
    }


def test_the_documentation_page_runs_only_our_own_scripts_under_our_policy(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>" not in page and "<style>" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


# Nothing leaks --------------------------------------------------------------------------------


def test_articles_whose_rights_expired_appear_nowhere_in_the_api_not_even_as_counts(client):
    tag = make_tag("Politik", slug="politik")
    expired = make_source(slug="expired", rights_expire_at=timezone.now() - timedelta(minutes=1))
    gone = make_article(title="Expired rights", source=expired, tags=[tag])
    make_article(title="Still here", tags=[tag])
    since = {"updated_since": "2000-01-01"}
    for address, query in [(LIST, {}), (LIST, since), (LIST, {"source": "expired"})]:
        content = client.get(address, query).content.decode()
        assert "Expired rights" not in content
        assert gone.slug not in content
    assert client.get(detail(gone)).status_code == 404
    assert client.get("/api/v1/tags/politik/").json()["article_count"] == 1
    assert [s["slug"] for s in client.get("/api/v1/sources/").json()["items"]] == []
    assert client.get("/api/v1/sources/expired/").status_code == 404


def test_a_key_with_every_scope_sees_no_more_articles_than_anyone(client, full_text_key):
    seed_api_world()
    anonymous = client.get(LIST, {"updated_since": "2000-01-01"}).json()["items"]
    keyed = client.get(LIST, {"updated_since": "2000-01-01"}, **bearer(full_text_key))
    assert [d["uri"] for d in keyed.json()["items"]] == [d["uri"] for d in anonymous]
    for hidden in ["A draft", "A withdrawn one", "A scheduled one"]:
        assert hidden not in keyed.content.decode()
    # The withdrawn one is there only as its tombstone: which article, and when.
    assert [d["pubStatus"] for d in anonymous].count("canceled") == 1


def test_a_failure_outside_any_api_view_still_answers_json(rf):
    from newsroom.views import server_error

    response = server_error(rf.get("/api/v1/articles/"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"]
    assert server_error(rf.get("/")).content.startswith(b"<!DOCTYPE html>")


def test_an_unreachable_database_answers_503_in_json_with_retry_after():
    from django.db import OperationalError
    from rest_framework.test import APIRequestFactory

    from articles.api.errors import handle

    request = APIRequestFactory().get(LIST)
    response = handle(OperationalError("connection refused"), {"request": request})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert json.loads(response.content)["error"]


def test_an_address_with_a_line_break_answers_404_in_json_too(client):
    for address in ["/api/v1/wire/a%0Ab/", "/api/v1/tags/%0A/"]:
        response = client.post(address) if "wire" in address else client.get(address)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_authors_section_and_lead_image_go_where_ninjs_provides(client):
    from articles.models import ArticleAuthor, Author, Section
    from tests.pictures import fresh_picture_bytes, make_image

    section = Section.objects.create(name="International", slug="international", position=1)
    picture = make_image(
        fresh_picture_bytes(size=(1600, 900)), alt_text="Ein Hafen", caption="Im Hafen"
    )
    article = make_article(section=section, lead_image=picture)
    for position, name in enumerate(["Anna Berg", "Jonas Weber"], start=1):
        author = Author.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    document = client.get(detail(article)).json()
    assert_ninjs(document)
    assert [person["name"] for person in document["people"]] == ["Anna Berg", "Jonas Weber"]
    assert document["people"][0]["uri"] == "http://testserver/authors/anna-berg/"
    assert document["by"] == "Anna Berg, Jonas Weber"
    assert {"name": "International", "rel": "section"}.items() <= document["subjects"][0].items()
    [lead] = [item for item in document["associations"] if item["rel"] == "leadimage"]
    assert lead["type"] == "picture" and lead["name"] == "Ein Hafen"
    assert lead["descriptions"][0]["value"] == "Im Hafen"
    assert {rendition["contentType"] for rendition in lead["renditions"]} == {
        "image/jpeg",
        "image/webp",
    }
    assert all(rendition["href"].startswith("http") for rendition in lead["renditions"])
    picture.rights_expire_at = timezone.now() - timedelta(minutes=1)
    picture.save()
    document = client.get(detail(article)).json()
    assert not [item for item in document.get("associations", []) if item["rel"] == "leadimage"]


# Sections, authors and pictures ------------------------------------------------------------


def _section_author_and_pictures():
    from articles.models import Author, Section
    from tests.pictures import fresh_picture_bytes, make_image

    shown = Section.objects.create(name="Politik", slug="politik", position=1)
    empty = Section.objects.create(name="Sport", slug="sport", position=2)
    photo = make_image(fresh_picture_bytes(size=(800, 800)), alt_text="Anna Berg, lachend")
    writer = Author.objects.create(
        name="Anna Berg", slug="anna-berg", role="Reporterin", photo=photo
    )
    idle = Author.objects.create(name="Jonas Weber", slug="jonas-weber")
    lead = make_image(
        fresh_picture_bytes(size=(1600, 900)), alt_text="Ein Hafen", credit="Foto: CRI"
    )
    unused = make_image(fresh_picture_bytes(size=(1200, 800)), alt_text="Niemandes Bild")
    article = make_article(section=shown, lead_image=lead)
    article.set_authors([writer])
    draft = make_article(section=empty, status=Article.Status.DRAFT)
    draft.set_authors([idle])
    return shown, writer, lead, unused


def test_sections_and_authors_list_only_those_with_published_articles(client):
    section, writer, _lead, _unused = _section_author_and_pictures()
    sections = client.get("/api/v1/sections/").json()["items"]
    assert [(s["slug"], s["article_count"]) for s in sections] == [("politik", 1)]
    assert sections[0]["articles"] == "http://testserver/api/v1/articles/?section=politik"
    authors = client.get("/api/v1/authors/").json()["items"]
    assert [(a["slug"], a["role"], a["article_count"]) for a in authors] == [
        ("anna-berg", "Reporterin", 1)
    ]
    assert authors[0]["photo"]["name"] == "Anna Berg, lachend"
    assert (
        client.get("/api/v1/sections/politik/").json()["uri"]
        == "http://testserver/sections/politik/"
    )
    assert client.get("/api/v1/authors/anna-berg/").json()["article_count"] == 1
    for address in [
        "/api/v1/sections/sport/",
        "/api/v1/sections/none/",
        "/api/v1/authors/jonas-weber/",
        "/api/v1/authors/none/",
    ]:
        response = client.get(address)
        assert response.status_code == 404
        assert "error" in response.json()


def test_pictures_are_those_readers_see_as_ninjs_pictures(client):
    _section, _writer, lead, unused = _section_author_and_pictures()
    items = client.get("/api/v1/images/").json()["items"]
    assert [item["altIds"][0]["value"] for item in items] == [str(lead.pk)]
    picture = client.get(f"/api/v1/images/{lead.pk}/").json()
    assert picture["type"] == "picture"
    assert picture["name"] == "Ein Hafen"
    assert picture["by"] == "Foto: CRI"
    assert {r["contentType"] for r in picture["renditions"]} == {"image/jpeg", "image/webp"}
    assert client.get(f"/api/v1/images/{unused.pk}/").status_code == 404
    lead.rights_expire_at = timezone.now() - timedelta(minutes=1)
    lead.save()
    assert client.get("/api/v1/images/").json()["items"] == []
    assert client.get(f"/api/v1/images/{lead.pk}/").status_code == 404


def test_pictures_come_in_pages_by_their_next_link(client, monkeypatch):
    from articles.api import views
    from tests.pictures import fresh_picture_bytes, make_image

    pictures = [
        make_image(fresh_picture_bytes(size=(400, 300)), alt_text=f"Bild {n}") for n in range(3)
    ]
    for picture in pictures:
        make_article(lead_image=picture)
    monkeypatch.setattr(views, "PICTURES_PER_PAGE", 2)
    first = client.get("/api/v1/images/").json()
    second = client.get(first["next"]).json()
    names = [item["name"] for item in first["items"] + second["items"]]
    assert names == ["Bild 2", "Bild 1", "Bild 0"]
    assert second["next"] is None


@pytest.mark.parametrize(
    ("query", "named"), [("before=abc", "before"), ("page=2", "'page'"), ("before=-1", "before")]
)
def test_a_wrong_picture_list_parameter_answers_400_naming_it(client, query, named):
    response = client.get(f"/api/v1/images/?{query}")
    assert response.status_code == 400
    assert named in response.json()["error"]
