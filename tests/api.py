"""Helpers for the API's tests: a small world of articles, and the ninjs schema check."""

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import make_article, make_source, make_tag

NINJS_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "ninjs-schema_3.1.json").read_text(encoding="utf-8")
)
_validator = jsonschema.Draft202012Validator(
    NINJS_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def assert_ninjs(document):
    """The document is valid IPTC ninjs 3.1, with nothing the standard does not provide for."""
    errors = sorted(_validator.iter_errors(document), key=str)
    assert errors == [], [error.message for error in errors]


def seed_api_world():
    """A published article of each kind (own reporting, agency copy with full text and
    without), one with a correction, and one hidden article of every hidden kind."""
    tag = make_tag("Politik", slug="politik")
    open_source = make_source(slug="open-wire", is_full_text_allowed_in_feeds=True)
    closed_source = make_source(slug="closed-wire", usage_terms="Only on our own pages.")
    own = make_article(title="Our own reporting", tags=[tag])
    make_article(title="Open agency copy", source=open_source, tags=[tag])
    make_article(
        title="Closed agency copy",
        source=closed_source,
        original_url="https://agency.example/closed",
    )
    Correction.objects.create(article=own, text="A name was misspelt.")
    make_article(title="A draft", status=Article.Status.DRAFT)
    make_article(title="A withdrawn one", status=Article.Status.WITHDRAWN)
    make_article(title="A scheduled one", published_at=timezone.now() + timedelta(hours=1))
    return tag, open_source, closed_source
