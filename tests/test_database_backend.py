"""A kept PostgreSQL connection is checked before a request's first query without a round trip
while it is quiet, and replaced when the server has ended it; its moments are read by
psycopg's own loader, as Django's would read them (newsroom/postgresql/base.py)."""

import datetime
import select

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


def a_new_request():
    """What Django does between two requests on a kept connection."""
    connection.close_if_unusable_or_obsolete()
    assert connection.connection is not None  # kept, not closed at the end of the request


def another_session():
    settings = connection.get_connection_params()
    settings.pop("cursor_factory", None)
    settings.pop("context", None)
    return psycopg.connect(**settings, autocommit=True)


def last_statement_of(pid):
    with another_session() as session:
        return session.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]
        ).fetchone()[0]


def test_a_quiet_kept_connection_is_used_without_asking_the_server():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), 'the last statement'")
        pid = cursor.fetchone()[0]
    kept = connection.connection
    a_new_request()

    with connection.cursor() as cursor:  # the request's first query is checked first
        assert connection.connection is kept
        assert "the last statement" in last_statement_of(pid)
        cursor.execute("SELECT 1")


def test_a_connection_the_server_ended_is_replaced_before_the_requests_first_query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    ended = connection.connection
    with another_session() as session:
        session.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server says so on the socket, then closes it.
    select.select([ended.fileno()], [], [], 5)
    a_new_request()

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
    assert connection.connection is not ended


def test_a_connection_left_in_a_transaction_is_asked_as_django_asks():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    connection.connection.execute("BEGIN")
    try:
        assert connection.is_usable()
        assert last_statement_of(pid) == "SELECT 1"
    finally:
        connection.connection.execute("ROLLBACK")


MOMENTS = [
    "2024-03-05 23:30:00.123456+00",
    "2024-03-31 01:30:00+01",
    "1901-12-13 20:45:52+00",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_moments_are_read_as_djangos_own_loader_reads_them(moment):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [moment])
        ours = cursor.fetchone()[0]
        register_tzloader(connection.timezone, cursor.cursor)  # Django's, on this cursor only
        cursor.execute("SELECT %s::timestamptz", [moment])
        djangos = cursor.fetchone()[0]
    assert ours == djangos
    assert ours.tzinfo is djangos.tzinfo is datetime.UTC


def test_the_connection_reads_moments_with_psycopgs_loader():
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        made = cursor.cursor._tx.get_loader(psycopg.postgres.types["timestamptz"].oid, 0)
    assert type(made).__module__.startswith(("psycopg_binary", "psycopg_c", "psycopg.types"))
