"""The plans PostgreSQL carries out for the statements of a test, as it carries them out."""

from contextlib import contextmanager
from types import SimpleNamespace

from django.db import connection


@contextmanager
def plans_of_every_statement():
    """Collects, as `.text`, the plan of every statement run meanwhile (those run inside
    database functions too, and under the settings each ran with), as the server's
    auto_explain module reports them to this connection."""
    plans = SimpleNamespace(text="")

    def keep(notice):
        plans.text += notice.message_primary + "\n"

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("LOAD 'auto_explain'")
        cursor.execute("SET auto_explain.log_min_duration = 0")
        cursor.execute("SET auto_explain.log_nested_statements = on")
        cursor.execute("SET client_min_messages = log")
    connection.connection.add_notice_handler(keep)
    try:
        yield plans
    finally:
        connection.connection.remove_notice_handler(keep)
        with connection.cursor() as cursor:
            cursor.execute("RESET client_min_messages")
            cursor.execute("RESET auto_explain.log_min_duration")
