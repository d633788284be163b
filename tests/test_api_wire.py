"""Agencies push their texts to /api/v1/wire/<source>/ with an ingest token: the same importer
as import_wire, the same provenance, and nothing half-written."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.agency import wire
from articles.agency.export import export_ninjs
from articles.models import Article, IngestToken, ProvenanceRecord
from tests.api import assert_ninjs
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

CRI_TEXT = (
    Path(__file__).resolve().parent.parent / "fixtures/wire/cri-2022-09-16-china-belarus.txt"
).read_bytes()
# The agency's address of the original: a later text with the same one is a new version.
CRI_TEXT += b"\nURL: https://german.cri.cn/2022/09/16/china-belarus\n"


@pytest.fixture
def cri():
    return make_source(name="China Radio International", short_name="CRI", slug="cri",
                       timezone="Asia/Shanghai")  # fmt: skip


def token_for(source):
    _, secret = IngestToken.objects.create_with_secret(source=source)
    return secret


def push(client, slug, body, token, content_type="text/plain; charset=utf-8"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(f"/api/v1/wire/{slug}/", body, content_type=content_type, **headers)


def test_create_ingest_token_prints_a_token_that_is_stored_only_hashed(cri):
    out = io.StringIO()
    call_command("create_ingest_token", "cri", stdout=out)
    secret = out.getvalue().strip()
    token = IngestToken.objects.get()
    assert len(secret) >= 40
    assert token.source == cri
    assert secret not in (token.secret_sha256, token.secret_prefix)
    assert IngestToken.objects.matching(secret) == token


def test_create_ingest_token_names_the_known_sources_for_an_unknown_one(cri):
    with pytest.raises(CommandError, match="Unknown source 'nope'. Known sources: cri"):
        call_command("create_ingest_token", "nope")


def test_a_pushed_wire_text_becomes_a_draft_with_its_provenance_record(client, cri):
    response = push(client, "cri", CRI_TEXT, token_for(cri))
    assert response.status_code == 201
    article = Article.objects.get()
    assert response.json() == {"result": "created", "id": article.pk, "version": 1}
    assert response["Location"] == f"http://testserver/api/v1/articles/{article.pk}/"
    assert article.status == Article.Status.DRAFT
    assert article.source == cri
    record = ProvenanceRecord.objects.get()
    assert record.received_text == wire.decode(CRI_TEXT)
    assert record.sha256 == wire.digest(wire.decode(CRI_TEXT))
    assert record.file_name == "/api/v1/wire/cri/"
    assert (
        record.original_url
        == article.original_url
        == "https://german.cri.cn/2022/09/16/china-belarus"
    )


def test_the_same_text_again_is_unchanged_and_writes_nothing(client, cri):
    token = token_for(cri)
    push(client, "cri", CRI_TEXT, token)
    response = push(client, "cri", CRI_TEXT, token)
    assert response.status_code == 200
    assert response.json()["result"] == "unchanged"
    assert ProvenanceRecord.objects.count() == 1


def test_a_new_version_is_kept_and_flags_the_article_without_overwriting_it(client, cri):
    token = token_for(cri)
    push(client, "cri", CRI_TEXT, token)
    article = Article.objects.get()
    changed = CRI_TEXT.replace(b"Samarkand", b"Samarqand", 1)
    response = push(client, "cri", changed, token)
    assert response.status_code == 200
    assert response.json() == {"result": "updated", "id": article.pk, "version": 2}
    article.refresh_from_db()
    assert article.has_new_agency_text
    assert "Samarqand" not in article.body
    assert ProvenanceRecord.objects.count() == 2


def test_a_text_that_cannot_be_read_answers_422_with_its_line_and_writes_nothing(client, cri):
    response = push(client, "cri", b"Only a title\n\nno dateline here\n", token_for(cri))
    assert response.status_code == 422
    body = response.json()
    assert body["reason"]
    assert "dateline" in body["error"]
    assert "line" in body
    assert not Article.objects.exists()
    assert not ProvenanceRecord.objects.exists()


def test_an_impossible_dateline_names_its_line(client, cri):
    text = CRI_TEXT.replace(b"16.09.2022", b"31.09.2022", 1)
    response = push(client, "cri", text, token_for(cri))
    assert response.status_code == 422
    assert response.json()["line"] >= 1
    assert f"line {response.json()['line']}" in response.json()["error"]


def test_a_text_over_a_megabyte_answers_413(client, cri):
    too_large = CRI_TEXT + b"x" * wire.MAX_WIRE_BYTES
    response = push(client, "cri", too_large, token_for(cri))
    assert response.status_code == 413
    assert "1048576 bytes" in response.json()["error"]
    assert not Article.objects.exists()


def test_a_missing_or_wrong_token_answers_401(client, cri):
    token_for(cri)
    for token in [None, "not-a-token"]:
        response = push(client, "cri", CRI_TEXT, token)
        assert response.status_code == 401
        assert response.json()["error"]
    assert not Article.objects.exists()


def test_a_revoked_token_or_another_sources_token_answers_403(client, cri):
    revoked = token_for(cri)
    IngestToken.objects.get().revoke()
    other = token_for(make_source(slug="dpa"))
    assert push(client, "cri", CRI_TEXT, revoked).status_code == 403
    refused = push(client, "cri", CRI_TEXT, other)
    assert refused.status_code == 403
    assert "CRI" in refused.json()["error"]
    assert not Article.objects.exists()


def test_an_unknown_source_answers_404(client, cri):
    response = push(client, "nope", CRI_TEXT, token_for(cri))
    assert response.status_code == 404
    assert response.json()["error"]


def test_another_content_type_answers_415(client, cri):
    response = push(client, "cri", CRI_TEXT, token_for(cri), content_type="application/xml")
    assert response.status_code == 415
    assert "text/plain" in response.json()["error"]


def test_reading_the_push_address_answers_405(client, cri):
    response = client.get("/api/v1/wire/cri/")
    assert response.status_code == 405
    assert response.json()["error"]


def test_an_exported_ninjs_document_pushed_back_gives_the_article_again(client, cri):
    article = make_article(
        title="Ein Titel",
        body="Erster Absatz.\n\nZweiter Absatz.",
        source=cri,
        copyright_notice="© CRI",
        original_url="https://german.cri.cn/a",
    )
    document = export_ninjs(Article.objects.for_documents().get(), base_url="http://x")
    article.delete()
    response = push(client, "cri", document.encode(), token_for(cri), "application/json")
    assert response.status_code == 201, response.json()
    pushed = Article.objects.get()
    assert (pushed.title, pushed.body, pushed.original_url) == (
        "Ein Titel",
        "Erster Absatz.\n\nZweiter Absatz.",
        "https://german.cri.cn/a",
    )
    assert pushed.published_at == article.published_at.replace(microsecond=0)
    assert pushed.copyright_notice == "© CRI"


@pytest.mark.parametrize(
    "body, named",
    [
        (b'{"headlines": [', "not JSON"),
        (b"[]", "JSON object"),
        (
            json.dumps({"bodies": [{"value": "x"}], "firstCreated": "2022-09-16T01:00:00Z"}),
            "headline",
        ),
        (json.dumps({"headlines": [{"value": "T"}], "bodies": [{"value": "x"}]}), "firstCreated"),
        (json.dumps({"headlines": [{"value": "T"}], "firstCreated": "2022-09-16"}), "text/plain"),
    ],
)
def test_a_ninjs_document_that_cannot_be_read_answers_422_naming_what_is_missing(
    client, cri, body, named
):
    body = body if isinstance(body, bytes) else body.encode()
    response = push(client, "cri", body, token_for(cri), "application/json")
    assert response.status_code == 422
    assert named in response.json()["error"]
    assert not Article.objects.exists()


def test_export_wire_writes_the_document_the_api_serves_to_a_full_text_key(client, cri):
    from articles.models import ApiKey

    article = make_article(source=cri, summary="Kurz.")
    _, secret = ApiKey.objects.create_with_secret(name="P", scopes=[ApiKey.Scope.FULL_TEXT])
    served = client.get(
        f"/api/v1/articles/{article.pk}/", HTTP_AUTHORIZATION=f"Bearer {secret}"
    ).json()
    out = io.StringIO()
    call_command(
        "export_wire", article.slug, "--format", "ninjs", "--base-url", "http://testserver",
        stdout=out,
    )  # fmt: skip
    exported = json.loads(out.getvalue())
    assert exported == served
    assert_ninjs(exported)


# The admin ----------------------------------------------------------------------------------


def test_an_editor_creates_an_api_key_and_sees_its_secret_once(admin_client):
    from articles.models import ApiKey

    response = admin_client.post(
        "/admin/articles/apikey/add/", {"name": "Partner", "scopes": ["full_text"]}
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert ApiKey.objects.matching(secret) == key
    assert key.scopes == ["full_text"]
    assert key.created_by.username == "admin"
    page = admin_client.get(f"/admin/articles/apikey/{key.pk}/change/").content.decode()
    assert secret not in page


def test_an_editor_revokes_tokens_in_the_admin(admin_client, client, cri):
    secret = token_for(cri)
    token = IngestToken.objects.get()
    admin_client.post(
        "/admin/articles/ingesttoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.is_revoked
    assert push(client, "cri", CRI_TEXT, secret).status_code == 403
