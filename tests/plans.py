"""The plans PostgreSQL made for the queries a page ran, as it made them."""

from django.db import connection, transaction


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def plans_as_run(queries):
    """(sql, plan) of each query on articles, planned after the planner settings its page gave
    the transaction (search sets some), which are replayed in order."""
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in queries:
            if "set_config(" in sql:
                cursor.execute(sql)
            elif "articles_article" in sql:
                plans.append((sql, plan(sql)))
    return plans
