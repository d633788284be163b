"""What the site answers besides pages: the methods it takes, the bodies it reads, and what it
says about itself."""

import json

import pytest
from django.test import Client

from bench.pages import public_urls
from bench.server import production_environment, serving
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses():
    tag, source = make_tag("Politik", slug="politik"), make_source(slug="wire")
    article = make_article(source=source, tags=[tag])
    return public_urls(article, tag, source)


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "POST", "PATCH", "PROPFIND"])
def test_public_pages_refuse_every_method_but_reading_with_405(addresses, method):
    client = Client(enforce_csrf_checks=True)
    for name, address in addresses:
        response = client.generic(method, address, "body=x")
        assert response.status_code == 405, (name, method)
        assert response["Allow"] == "GET, HEAD, OPTIONS", name
        if is_api(address):  # machines get the reason as JSON, as for every API error
            assert json.loads(response.content)["error"], name
        else:
            assert response.content == b"", name


def test_public_pages_say_which_methods_they_take(client, addresses):
    for name, address in addresses:
        response = client.options(address)
        assert response.status_code == 200, name
        assert response["Allow"] == "GET, HEAD, OPTIONS", name
        if is_api(address):  # the API describes the resource, in JSON
            assert response["Content-Type"] == "application/json", name
        else:
            assert response.content == b"", name


def is_api(address):
    return address.startswith("/api/")


def test_the_admin_keeps_its_forms(staff_client):
    response = staff_client.post("/admin/logout/")
    assert response.status_code in {200, 302}


def test_a_language_switch_with_a_large_upload_is_refused_before_it_is_read(client):
    body = b"x" * (3 * 1024 * 1024)
    response = client.generic(
        "POST",
        "/i18n/setlang/",
        b'--b\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\n'
        + body
        + b"\r\n--b--\r\n",
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code == 413
    assert "8192" in response.content.decode()


def test_a_language_switch_sent_as_an_upload_is_refused(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # multipart
    assert response.status_code == 415
    assert "application/x-www-form-urlencoded" in response.content.decode()


def test_a_language_switch_with_a_large_form_is_refused(client):
    response = client.post(
        "/i18n/setlang/",
        "language=en&next=/&padding=" + "x" * 10_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_the_language_switch_works_with_its_small_form(client, settings):
    response = client.post(
        "/i18n/setlang/",
        "language=en&next=/tags/",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert response["Location"] == "/tags/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_request_sizes_are_bounded_deliberately(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000


def _headers_from(server, path, **headers):
    import http.client

    connection = http.client.HTTPConnection(server.base.removeprefix("http://"), timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_gunicorn_does_not_announce_itself_nor_trust_forwarded_headers_unasked(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with serving(production_environment(DATABASE_URL=database), quiet=True) as server:
        response = _headers_from(server, "/healthz")
        assert response.status == 200
        assert response.getheader("Server") is None
        # Without a proxy, X-Forwarded-Proto from the machine itself changes nothing: the
        # plain request is still sent to HTTPS.
        forged = _headers_from(server, "/robots.txt", **{"X-Forwarded-Proto": "https"})
        assert forged.status == 301
        assert forged.getheader("Location").startswith("https://")


def test_behind_the_proxy_gunicorn_trusts_its_forwarded_headers(tmp_path):
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DJANGO_BEHIND_PROXY="1"
    )
    with serving(environment, quiet=True) as server:
        response = _headers_from(server, "/healthz", **{"X-Forwarded-Proto": "https"})
        assert response.status == 200
        assert response.getheader("Server") is None
