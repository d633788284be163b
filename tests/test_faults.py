"""When PostgreSQL goes away, readers get a friendly 503 and the site comes back by itself.

These tests stop and start the real test server (scripts/with-postgres says how), and run the
app in a real gunicorn process, so that nothing about the reconnection is simulated.
"""

import os
import shlex
import subprocess

import pytest
from django.db import connection

from bench.server import fetch, production_environment, serving
from tests.commands import url_of_test_database
from tests.factories import make_article

PG_CTL = os.environ.get("NEWSROOM_TEST_PG_CTL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not PG_CTL,
        reason="stops and starts a PostgreSQL server: runs under scripts/with-postgres",
    ),
]


@pytest.fixture
def app_server(collected_static):
    """The app under gunicorn with production settings, reading the test database."""
    environment = production_environment(
        DATABASE_URL=url_of_test_database(),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(collected_static),
        # Every page from the database, none from a page cache that would hide the outage.
        DJANGO_PAGE_CACHE="0",
        DJANGO_LOG_LEVEL="CRITICAL",
    )
    with serving(environment, workers=1, quiet=True) as server:
        yield server.base


def _pg_ctl(*arguments):
    subprocess.run([*shlex.split(PG_CTL), *arguments], check=True, capture_output=True)  # noqa: S603


@pytest.fixture
def stopped_database():
    """Stops PostgreSQL; yields a function that starts it again; always restarts it."""
    state = {"running": True}

    def start():
        if not state["running"]:
            _pg_ctl("start")
            state["running"] = True

    _pg_ctl("stop", "-m", "fast")
    state["running"] = False
    try:
        yield start
    finally:
        start()
        # This process's own connection died with the server; the next query opens a new one.
        connection.close()


@pytest.fixture
def article():
    return make_article(title="Reconnected headline")


def test_the_site_answers_503_without_the_database_and_recovers_without_a_restart(
    article, app_server, request
):
    assert fetch(app_server + "/")[0] == 200
    start_database = request.getfixturevalue("stopped_database")

    for address in ["/", article.get_absolute_url(), "/healthz"]:
        status, body = fetch(app_server + address)
        assert status == 503, address
        assert "Traceback" not in body
        assert "psycopg" not in body and "OperationalError" not in body
    status, body = fetch(app_server + "/")
    assert "Vorübergehend nicht erreichbar" in body

    start_database()
    status, body = fetch(app_server + "/")
    assert status == 200
    assert "Reconnected headline" in body
    assert fetch(app_server + "/healthz")[0] == 200
    assert fetch(app_server + article.get_absolute_url())[0] == 200
