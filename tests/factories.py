"""Small helpers that make articles, sources and tags for tests."""

import itertools
from datetime import timedelta

from django.core import serializers
from django.utils import timezone

from articles.models import Article, Source, Tag, TaggedArticle

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


def write_tag_rows_fixture(article, path):
    """The article's tag rows written to `path` as fixtures/cri_china_belarus.json gives
    them: the tag and the article by natural keys, without what the database keeps in them."""
    rows = TaggedArticle.objects.filter(content_object=article)
    path.write_text(
        serializers.serialize(
            "json", rows, fields=["tag", "content_object"], use_natural_foreign_keys=True
        )
    )
    return path
