"""The bench's peer: the same articles in a minimal Wagtail news site, measured with ours.

`BENCH_PEER=wagtail make bench` calls compare() after our own measurements. It installs the
peer from PyPI into its own virtual environment (bench/peers/wagtail/install), exports our
published articles (bench/peers/export.py), loads them into the peer's own database on our
PostgreSQL server (load_news), serves it with the peer's gunicorn and as many workers as
ours, and drives wrk at both alternately, page by page, with no page cache on either side:
each side's baseline, the same article, our front page and the peer's index, and the long
tail (thousands of articles in turn, each asked for once); then the same with one connection
per worker, on servers started afresh. Import after Django is set up.
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import report, wrk
from bench.server import PROJECT_DIR, fetch, gunicorn, serving, settle, written_out

PEERS = {"wagtail": PROJECT_DIR / "bench" / "peers" / "wagtail"}
WARM_UP_REQUESTS = 20
# The articles the long tail takes in turn: half for the run with many connections, the other
# half for the one with one connection per worker, each far more than a run asks for, so that
# no article is asked for twice on one side and no cache of either side has seen it.
LONG_TAIL_ARTICLES = 20_000


def check(name):
    """Stops at once for a peer the bench does not know, before any measurement."""
    if name not in PEERS:
        sys.exit(f"BENCH_PEER={name}: no such peer (known: {', '.join(sorted(PEERS))})")


def database_url(ours, name):
    """Our DATABASE_URL with another database's name: the peer's, on the same server."""
    parts = urlsplit(ours)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(ours, name):
    """A new, empty database `name` on our server (dropped first if a run left one)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(ours, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Peer:
    """A peer's directory, virtual environment and settings for one run."""

    def __init__(self, name, our_database_url, media_root):
        self.name = name
        self.directory = PEERS[name]
        self.python = self.directory / ".venv" / "bin" / "python"
        self.database = f"{name}_peer"
        self.environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "peer.settings",
            "DATABASE_URL": database_url(our_database_url, self.database),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "MEDIA_ROOT": str(media_root),
        }

    def install(self):
        subprocess.run([str(self.directory / "install")], check=True)

    def manage(self, *args):
        subprocess.run(
            [str(self.python), "manage.py", *args],
            cwd=self.directory,
            env=self.environment,
            check=True,
        )

    def version(self):
        result = subprocess.run(
            [str(self.python), "-c", f"import {self.name}; print({self.name}.__version__)"],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    @contextmanager
    def serving(self, workers):
        with gunicorn(
            "peer.wsgi",
            self.environment,
            workers=workers,
            executable=self.directory / ".venv" / "bin" / "gunicorn",
            directory=self.directory,
            ready_path="/bench/baseline",
        ) as server:
            yield server


def fill(peer, our_environment, workdir):
    """The peer's database made and filled with our published articles; the seconds each
    step took."""
    from django.core.files.storage import storages

    articles = workdir / "articles.jsonl"
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.peers.export", str(articles)],
        cwd=PROJECT_DIR,
        env=our_environment,
        check=True,
    )
    exported = time.monotonic()
    create_database(our_environment["DATABASE_URL"], peer.database)
    peer.manage("migrate", "--no-input", "-v", "0")
    migrated = time.monotonic()
    # The export names each picture by its path in our originals storage.
    pictures = storages["originals"].location
    peer.manage("load_news", str(articles), "--pictures", str(pictures))
    loaded = time.monotonic()
    written_out(our_environment["DATABASE_URL"])
    articles.unlink()
    return {
        "export_seconds": round(exported - started, 1),
        "migrate_seconds": round(migrated - exported, 1),
        "load_seconds": round(loaded - migrated, 1),
    }


def pages():
    """(name, our path, the peer's path): each side's floor, then the same article, then
    our front page against the peer's index; then, where the archive has enough agency copy,
    the long tail, whose paths are lists of the same articles on each side."""
    from django.urls import reverse

    from bench.pages import long_tail, reader_article

    article = reader_article()
    found = [
        ("baseline", "/bench/baseline", "/bench/baseline"),
        ("front page", reverse("articles:index"), "/"),
        # The peer's articles sit under its root page, the index, by their slug.
        ("article", article.get_absolute_url(), f"/{article.slug}/"),
    ]
    tail = long_tail(LONG_TAIL_ARTICLES)
    if len(tail) >= 10:  # a few for each of the two runs at least
        ours = [article.get_absolute_url() for article in tail]
        found.append(("article (long tail)", ours, [f"/{article.slug}/" for article in tail]))
    return found


def as_recorded(pages):
    """The pages for the record: a long tail as its first address and how many follow."""
    return [[name, *(_recorded(path) for path in paths)] for name, *paths in pages]


def _recorded(path):
    return f"{path[0]} and {len(path) - 1:,} more" if isinstance(path, list) else path


def measure(servers, pages, seconds, connections, half=0, workers=1):
    """{page: {side: wrk's numbers}}, the sides taking turns page by page. A page given as a
    list of paths is the long tail: `half` says which half of the list this run takes."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsroom-long-tail-") as lists:
        for name, *paths in pages:
            results[name] = {}
            for (side, server), path in zip(servers.items(), paths, strict=True):
                if isinstance(path, list):
                    numbers = _run_long_tail(
                        server, path[half::2], Path(lists) / side, seconds, connections
                    )
                else:
                    url = server.base + path
                    status = fetch(url)[0]
                    if status != 200:
                        raise RuntimeError(f"{side} {name} ({url}) answers {status}")
                    for _ in range(WARM_UP_REQUESTS):
                        fetch(url)
                    numbers = wrk.run(url, seconds, connections)
                settle(server, numbers, workers)
                results[name][side] = numbers
                print(f"  {side:<8} {report.numbers_line(name, numbers)}", flush=True)
    return results


def _run_long_tail(server, paths, addresses, seconds, connections):
    """wrk's numbers for `paths` in turn; first a few of them must answer 200 (no warm-up:
    in a long tail every request is a first). Says so when the run asked for more than the
    list holds, and so for some articles twice."""
    for path in paths[:3]:
        status = fetch(server.base + path)[0]
        if status != 200:
            raise RuntimeError(f"long tail: {server.base + path} answers {status}")
    addresses.write_text("\n".join(paths[3:]) + "\n")
    numbers = wrk.run(server.base + paths[3], seconds, connections, addresses=addresses)
    if numbers["requests"] > len(paths) - 3:
        print(
            f"  (the long tail ran out: {numbers['requests']:,} requests for "
            f"{len(paths) - 3:,} articles; some were asked for twice)",
            flush=True,
        )
    return numbers


def compare(name, our_environment, workers, seconds, connections):
    """The record of the peer's run: what was loaded, how long it took, and both sides'
    numbers."""
    with tempfile.TemporaryDirectory(prefix="newsroom-peer-") as name_of_workdir:
        workdir = Path(name_of_workdir)
        peer = Peer(name, our_environment["DATABASE_URL"], workdir / "media")
        print(f"\npeer {name}: installing, exporting our articles, loading them", flush=True)
        peer.install()
        record = {
            "name": name,
            "version": peer.version(),
            "workers": workers,
            "connections": connections,
        }
        record.update(fill(peer, our_environment, workdir))
        measured = pages()
        record["pages"] = as_recorded(measured)
        runs = (
            ("results", "no page cache, alternately", connections, 0),
            ("latency", "one connection per worker", workers, 1),
        )
        for key, title, run_connections, half in runs:
            # Each run on servers of its own: a process keeps the teasers it drew, and the
            # first run's long tail drew many of the related stories of the second's.
            with (
                serving(our_environment, workers=workers) as ours,
                peer.serving(workers) as theirs,
            ):
                servers = {"ours": ours, name: theirs}
                print(f"\nours and {name}, {title}:", flush=True)
                record[key] = measure(
                    servers, measured, seconds, run_connections, half=half, workers=workers
                )
                memory = {side: server.worker_rss_mb() for side, server in servers.items()}
        record["memory"] = memory
    print()
    print(report.peer_table(record))
    return record
