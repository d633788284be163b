"""Small helpers that make articles, sources and tags for tests."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Source, Tag

_numbers = itertools.count(1)


def make_source(**fields):
    n = next(_numbers)
    fields.setdefault("name", f"Agency {n}")
    fields.setdefault("short_name", f"A{n}")
    fields.setdefault("slug", f"agency-{n}")
    fields.setdefault("timezone", "UTC")
    fields.setdefault("copyright_notice", f"© Agency {n}")
    return Source.objects.create(**fields)


def make_tag(name=None, **fields):
    n = next(_numbers)
    name = name or f"Tag {n}"
    fields.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(name=name, **fields)


def make_article(tags=(), **fields):
    n = next(_numbers)
    fields.setdefault("title", f"Article number {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("summary", f"Summary of article {n}.")
    fields.setdefault("body", f"First paragraph of article {n}.\n\nSecond paragraph.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=n))
    article = Article.objects.create(**fields)
    if tags:
        article.tags.add(*tags)
    return article
