"""Our published articles as JSON lines, for a peer of the bench to load.

    python -m bench.peers.export OUT.jsonl

with our settings (DATABASE_URL of our database). One line per published article: title,
slug, summary, the body as our article page renders it (HTML), published_at (ISO 8601),
the names of its tags, its source's name, and its lead picture as readers see it (none once
its rights have expired): the original's path in our originals storage and its alt text.
"""

import argparse
import json
import os
import sys
import time


def article_lines():
    """One JSON text per published article, oldest id first, read in chunks."""
    from articles.models import Article
    from articles.site.pictures import body_html
    from articles.text import PICTURE_PLACE, render_markdown

    def body(text):
        html = render_markdown(text)
        # Library pictures in the body are filled in as the page does (one query each time).
        return str(body_html(text)) if PICTURE_PLACE.search(html) else html

    articles = (
        Article.objects.published()
        .select_related("source", "lead_image", "lead_image__source")
        .only(
            "title",
            "slug",
            "summary",
            "body",
            "published_at",
            "source__name",
            "lead_image__file",
            "lead_image__alt_text",
            "lead_image__renditions",
            "lead_image__rights_expire_at",
            "lead_image__source__rights_expire_at",
        )
        .prefetch_related("tags")
        .order_by("pk")
    )
    for article in articles.iterator(chunk_size=2000):
        picture = article.shown_lead_image
        yield json.dumps(
            {
                "title": article.title,
                "slug": article.slug,
                "summary": article.summary,
                "body": body(article.body),
                "published_at": article.published_at.isoformat(),
                "tags": [tag.name for tag in article.tags.all()],
                "source": article.source.name if article.source_id else None,
                "picture": (
                    {"path": picture.file.name, "alt": picture.alt_text} if picture else None
                ),
            },
            ensure_ascii=False,
        )


def export(path):
    """Writes the lines to path; returns how many articles it wrote."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in article_lines():
            out.write(line + "\n")
            count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the JSON-lines file to write")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    started = time.monotonic()
    count = export(options.out)
    print(f"exported {count:,} articles in {time.monotonic() - started:,.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
