"""How many statements reading an article takes, by database."""

from django.db import connection


def reading_an_article(*read_apart):
    """The statements that read an article with what it has: one on PostgreSQL, which reads
    its tags and authors in the article's own statement (article_page.py); elsewhere, one more
    for each of `read_apart` ("tags", "authors")."""
    return 1 if connection.vendor == "postgresql" else 1 + len(read_apart)
