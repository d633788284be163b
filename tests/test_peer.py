"""The bench's Wagtail peer: the export it is filled from, its files, and its table.

The peer itself runs only in `BENCH_PEER=wagtail make bench`, from a virtual environment of
its own: nothing here imports Wagtail.
"""

import ast
import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

from articles.models import Article
from bench import peer, report
from bench.peers.export import export
from tests.commands import url_of_test_database
from tests.factories import make_article, make_source, make_tag
from tests.pictures import fresh_picture_bytes, make_image

ROOT = Path(__file__).resolve().parent.parent
PEER_DIR = ROOT / "bench" / "peers" / "wagtail"


def exported(tmp_path, jobs=1):
    out = tmp_path / "articles.jsonl"
    count = export(out, jobs)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == len(lines)
    return lines


@pytest.mark.django_db
def test_the_export_gives_each_published_article_with_what_its_page_shows(client, tmp_path):
    published_at = timezone.now() - timedelta(days=2)
    picture = make_image(fresh_picture_bytes(), alt_text="Ein Hafen im Morgenlicht")
    article = make_article(
        tags=[make_tag("Wirtschaft"), make_tag("China")],
        source=make_source(name="Xinhua"),
        lead_image=picture,
        body="Erster *Absatz* mit <Zeichen> & mehr.\n\n## Zwischentitel\n\nZweiter Absatz.",
        published_at=published_at,
    )
    make_article(status=Article.Status.DRAFT)
    make_article(published_at=timezone.now() + timedelta(days=1))  # scheduled

    [line] = exported(tmp_path)

    assert line == {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": (
            "<p>Erster <em>Absatz</em> mit &lt;Zeichen&gt; &amp; mehr.</p>\n"
            "<h2>Zwischentitel</h2>\n<p>Zweiter Absatz.</p>\n"
        ),
        "published_at": published_at.isoformat(),
        "tags": ["China", "Wirtschaft"],
        "source": "Xinhua",
        "picture": {"path": picture.file.name, "alt": "Ein Hafen im Morgenlicht"},
    }
    assert line["body"] in client.get(article.get_absolute_url()).content.decode()
    assert storages["originals"].exists(line["picture"]["path"])


@pytest.mark.django_db
def test_a_picture_placed_in_the_body_is_exported_as_the_page_shows_it(client, tmp_path):
    picture = make_image(fresh_picture_bytes(), alt_text="Ein Kran")
    article = make_article(body=f"Erster Absatz.\n\n![Ein Kran am Hafen](image:{picture.pk})")
    [line] = exported(tmp_path)
    assert '<figure class="figure">' in line["body"]
    assert line["body"] in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_article_of_our_own_without_a_picture_has_no_source_and_no_picture(tmp_path):
    make_article()
    [line] = exported(tmp_path)
    assert line["source"] is None
    assert line["picture"] is None
    assert line["tags"] == []


@pytest.mark.django_db
def test_a_picture_whose_rights_expired_is_not_exported(tmp_path):
    picture = make_image(
        fresh_picture_bytes(), rights_expire_at=timezone.now() - timedelta(hours=1)
    )
    make_article(lead_image=picture)
    [line] = exported(tmp_path)
    assert line["picture"] is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel readers need a server")
@pytest.mark.django_db(transaction=True)
def test_an_export_shared_out_among_processes_is_the_same_file_in_the_same_order(tmp_path):
    tag = make_tag()
    for _ in range(7):
        make_article(tags=[tag])
    (tmp_path / "alone").mkdir()
    alone = exported(tmp_path / "alone", jobs=1)
    # As the bench runs it: a command of its own, whose processes share nothing with this one.
    out = tmp_path / "shared.jsonl"
    subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "bench.peers.export", str(out), "--jobs", "3"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url_of_test_database()},
        check=True,
        capture_output=True,
    )
    shared = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert shared == alone
    assert len(shared) == 7


def test_the_peer_pins_wagtail_7_and_the_django_we_run_on():
    pins = dict(
        re.findall(r"^([\w\[\].-]+)==(\S+)", (PEER_DIR / "requirements.txt").read_text(), re.M)
    )
    ours = re.search(r"^django==(\S+)", (ROOT / "requirements.lock").read_text(), re.M | re.I)
    assert pins["wagtail"].startswith("7.")
    assert pins["Django"] == ours.group(1)
    assert {"psycopg[binary]", "gunicorn", "dj-database-url"} <= pins.keys()


def test_the_peer_makes_beforehand_every_rendition_its_templates_show():
    loading = ast.parse((PEER_DIR / "news" / "loading.py").read_text())
    [made] = [
        ast.literal_eval(node.value)
        for node in ast.walk(loading)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "RENDITIONS"
    ]
    shown = {
        spec
        for template in (PEER_DIR / "news" / "templates").rglob("*.html")
        for spec in re.findall(r"{% image \S+ (\S+)", template.read_text())
    }
    assert shown
    assert shown <= set(made)


def test_the_peer_has_its_migrations_and_no_cache_of_pages():
    assert (PEER_DIR / "news" / "migrations" / "0001_initial.py").exists()
    settings = (PEER_DIR / "peer" / "settings.py").read_text()
    assert "django.core.cache.backends.dummy.DummyCache" in settings
    assert "CacheMiddleware" not in settings


def test_the_peers_database_is_beside_ours_on_the_same_server():
    ours = "postgres://newsroom@127.0.0.1:5433/newsroom?sslmode=disable"
    assert peer.database_url(ours, "wagtail_peer") == (
        "postgres://newsroom@127.0.0.1:5433/wagtail_peer?sslmode=disable"
    )


def test_an_unknown_peer_stops_the_bench_before_it_measures():
    with pytest.raises(SystemExit, match="no such peer"):
        peer.check("drupal")


def numbers(rate, p50=1.0, p99=2.0):
    return {
        "requests_per_second": rate,
        "p50_ms": p50,
        "p99_ms": p99,
        "requests": int(rate * 2),
        "non_2xx_3xx": 0,
        "socket_errors": 0,
    }


PEER_RECORD = {
    "name": "wagtail",
    "version": "7.4.4",
    "workers": 2,
    "connections": 16,
    "pages": [
        ["baseline", "/bench/baseline", "/bench/baseline"],
        ["article", "/2026/01/02/a/", "/a/"],
    ],
    "results": {
        "baseline": {"ours": numbers(2000), "wagtail": numbers(2500)},
        "article": {"ours": numbers(400), "wagtail": numbers(100)},
    },
    "latency": {
        "baseline": {"ours": numbers(1000), "wagtail": numbers(1250)},
        "article": {"ours": numbers(200), "wagtail": numbers(50)},
    },
}


def test_the_peer_table_gives_each_side_against_its_own_baseline_and_ours_against_the_peer():
    table = report.peer_table(PEER_RECORD)
    article = next(line for line in table.splitlines() if line.startswith("article"))
    assert "0.200" in article  # ours: 400 of 2,000
    assert "0.040" in article  # the peer's: 100 of 2,500
    assert article.endswith("4.00")  # ours ÷ the peer's
    assert "one connection per worker" in table


def test_the_readme_table_carries_the_peer_when_the_record_has_one():
    record = {
        "pages": [["baseline", "/bench/baseline"]],
        "results": {"cache_on": {}, "cache_off": {}},
        "peer": PEER_RECORD,
    }
    table = report.markdown_table(record)
    assert "| article | 400 | 1.0 | 2.0 | 0.20 | 100 | 1.0 | 2.0 | 0.04 | 4.00 |" in table
