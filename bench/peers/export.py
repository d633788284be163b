"""Our published articles as JSON lines, for a peer of the bench to load.

    python -m bench.peers.export OUT.jsonl [--jobs N]

with our settings (DATABASE_URL of our database). One line per published article, in the
order of their ids: title, slug, summary, the body as our article page renders it (HTML),
published_at (ISO 8601), the names of its tags, its source's name, and its lead picture as
readers see it (none once its rights have expired): the original's path in our originals
storage (settings.ORIGINALS_ROOT) and its alt text.

Rendering the bodies' Markdown is most of the work, so with --jobs the ids are shared out
among processes, each writing its part, and the parts are joined in order.
"""

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

# Articles read at a time: each chunk's tags come in one query.
CHUNK = 2000


def published_articles():
    """Our published articles with what the export reads of them, their tags aside."""
    from articles.models import Article

    return (
        Article.objects.published()
        .select_related("source", "lead_image", "lead_image__source")
        .only(
            "title",
            "slug",
            "summary",
            "body",
            "body_html",
            "body_html_key",
            "published_at",
            "source__name",
            "lead_image__file",
            "lead_image__alt_text",
            "lead_image__renditions",
            "lead_image__rights_expire_at",
            "lead_image__source__rights_expire_at",
        )
        .order_by("pk")
    )


def article_lines(articles):
    """One JSON text per article of the queryset, read in chunks."""
    chunk = []
    for article in articles.iterator(chunk_size=CHUNK):
        chunk.append(article)
        if len(chunk) == CHUNK:
            yield from _lines(chunk)
            chunk = []
    yield from _lines(chunk)


def _lines(articles):
    from articles.models import TaggedArticle

    tags = defaultdict(list)
    links = (
        TaggedArticle.objects.filter(content_object__in=[article.pk for article in articles])
        .order_by("content_object", "tag__name")
        .values_list("content_object", "tag__name")
    )
    for article_id, name in links:
        tags[article_id].append(name)
    for article in articles:
        picture = article.shown_lead_image
        yield json.dumps(
            {
                "title": article.title,
                "slug": article.slug,
                "summary": article.summary,
                "body": _body(article),
                "published_at": article.published_at.isoformat(),
                "tags": tags[article.pk],
                "source": article.source.name if article.source_id else None,
                "picture": (
                    {"path": picture.file.name, "alt": picture.alt_text} if picture else None
                ),
            },
            ensure_ascii=False,
        )


def _body(article):
    from articles.site.pictures import article_body
    from articles.text import PICTURE_PLACE

    html = article.rendered_body()
    # Library pictures in the body are filled in as the page does (a query for each body).
    return str(article_body(article).html) if PICTURE_PLACE.search(html) else html


def write(path, articles):
    """Writes the lines of `articles` to path; returns how many it wrote."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in article_lines(articles):
            out.write(line + "\n")
            count += 1
    return count


def _write_part(path, first_id, last_id):
    from django.db import connections

    try:
        return write(path, published_articles().filter(pk__gte=first_id, pk__lte=last_id))
    finally:
        connections.close_all()


def export(path, jobs=1):
    """Writes every published article to path; returns how many it wrote."""
    if jobs == 1:
        return write(path, published_articles())
    from django.db import connections
    from django.db.models import Max, Min

    bounds = published_articles().aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return write(path, published_articles())
    first, last = bounds["first"], bounds["last"]
    step = (last - first) // jobs + 1
    parts = [
        (Path(f"{path}.part{number}"), first + number * step, first + (number + 1) * step - 1)
        for number in range(jobs)
    ]
    connections.close_all()  # each process opens its own; none may share a socket
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            count = sum(pool.starmap(_write_part, parts))
        with open(path, "wb") as out:
            for part, _first, _last in parts:
                with part.open("rb") as lines:
                    shutil.copyfileobj(lines, out, 1 << 20)
    finally:
        for part, _first, _last in parts:
            part.unlink(missing_ok=True)
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the JSON-lines file to write")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one a core)"
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    started = time.monotonic()
    count = export(options.out, max(1, options.jobs))
    elapsed = time.monotonic() - started
    print(f"exported {count:,} articles in {elapsed:,.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
