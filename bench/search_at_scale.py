"""Times full-text search over many published articles on PostgreSQL.

    scripts/with-postgres .venv/bin/python bench/search_at_scale.py --articles 1000000

Migrates the database DATABASE_URL points at, fills it with synthetic German articles (words
drawn with a skewed distribution, so some are common and most are rare; a pool of 20,000
distinct texts, repeated) plus the CRI piece,
then answers search requests through the real view and reports the time of each and the plan of
the match. Not part of the test suite: it takes minutes.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Pages are rendered without collectstatic, as in the tests.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article  # noqa: E402

WORDS = """
CREATE OR REPLACE FUNCTION words(count int) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT string_agg('wort' || floor(power(random(), 3) * 50000)::int, ' ')
    FROM generate_series(1, count)
$$;
"""

# Stemming a million texts one by one takes half an hour on a small machine, so a pool of
# distinct texts is indexed through the real trigger and its vectors are copied.
POOL = """
CREATE TEMP TABLE pool AS SELECT i, words(6) AS title, words(25) AS summary, words(120) AS body,
    CASE WHEN i %% 10 = 0 THEN 'en' ELSE 'de' END AS language, NULL::tsvector AS search_vector
FROM generate_series(0, %s - 1) AS i;
INSERT INTO articles_article (title, slug, summary, body, language, status, published_at,
    created_at, updated_at, byline, original_url, copyright_notice)
SELECT title, 'pool-' || i, summary, body, language, 'draft', now(), now(), now(), '', '', ''
FROM pool;
UPDATE pool SET search_vector = a.search_vector FROM articles_article a WHERE a.slug = 'pool-' || i;
DELETE FROM articles_article WHERE slug LIKE 'pool-%%';
"""

FILL = """
INSERT INTO articles_article (title, slug, summary, body, language, status, published_at,
    created_at, updated_at, byline, original_url, copyright_notice, search_vector)
SELECT title, 'bench-' || n, summary, body, language, 'published',
    now() - make_interval(mins => n), now(), now(), '', '', '', search_vector
FROM generate_series(%s, %s) AS n JOIN pool ON pool.i = n %% %s
"""

QUERIES = [
    "Beziehung",
    "Samarkand -Belarus",
    '"strategischer Allwetterpartnerschaft"',
    "wort17",
    "wort1 wort2",
    "wort0 or wort3 -wort5",
    "x" * 1000,
]


def fill(total, pool_size=20_000, batch=100_000):
    with connection.cursor() as cursor:
        cursor.execute(WORDS)
        started = time.perf_counter()
        cursor.execute(POOL, [pool_size])
        print(f"  {pool_size:,} distinct texts indexed ({time.perf_counter() - started:.1f} s)")
        cursor.execute("DROP INDEX article_search_vector_gin")
        cursor.execute("ALTER TABLE articles_article DISABLE TRIGGER article_search_vector")
        for first in range(1, total + 1, batch):
            started = time.perf_counter()
            last = min(first + batch - 1, total)
            cursor.execute(FILL, [first, last, pool_size])
            print(f"  {last:>9,} articles ({time.perf_counter() - started:.1f} s)")
        cursor.execute("ALTER TABLE articles_article ENABLE TRIGGER article_search_vector")
        started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "CREATE INDEX article_search_vector_gin ON articles_article USING gin (search_vector)"
        )
        print(f"  GIN index built ({time.perf_counter() - started:.1f} s)")
        cursor.execute("VACUUM ANALYZE articles_article")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("search_at_scale needs PostgreSQL: point DATABASE_URL at it")
    call_command("migrate", verbosity=0)
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    print(f"filling to {args.articles:,} articles")
    fill(args.articles)
    setup_test_environment()  # lets the client see the view's context, e.g. the result count
    client = Client()
    for q in QUERIES:
        client.get("/search/", {"q": q})  # warm the cache as a busy server would have it
        started = time.perf_counter()
        response = client.get("/search/", {"q": q})
        elapsed = (time.perf_counter() - started) * 1000
        found = response.context["paginator"].count if response.context.get("paginator") else 0
        print(f"{elapsed:8.1f} ms  {found:>9,} found  q={q[:40]!r}")
    plan = Article.objects.published().search("Samarkand -Belarus").explain(analyze=True)
    print(plan)


if __name__ == "__main__":
    main()
