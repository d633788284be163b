"""Load test: gunicorn with production settings on 127.0.0.1, hammered by wrk.

Run through `make loadtest` (which starts a throwaway PostgreSQL server and runs this as
`python -m bench.loadtest` from the project directory): migrates, seeds a
few hundred articles, collects static files, starts gunicorn, warms up, then runs wrk with
LOADTEST_CONNECTIONS (64) connections for LOADTEST_SECONDS (60) over a mix of every public
page. Fails unless there were zero errors and zero 5xx answers and the workers' memory stayed
flat (grew by less than LOADTEST_MAX_GROWTH_MB, 10, between the first and the last third).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.server import fetch, production_environment, serving
from bench.wrk import LOADTEST_SCRIPT

CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
MAX_GROWTH_MB = float(os.environ.get("LOADTEST_MAX_GROWTH_MB", "10"))
ARTICLES = 300


def _production_environment(static_root):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("loadtest: needs DATABASE_URL of a PostgreSQL server (run `make loadtest`)")
    return production_environment(
        # wrk speaks plain HTTP and says, as a TLS proxy would, that the reader used HTTPS.
        DJANGO_BEHIND_PROXY="1",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="ERROR",
    )


def _prepare_database():
    """Runs in this process: schema, the CRI piece and a few hundred articles."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("loaddata", "cri_china_belarus", verbosity=0)

    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Source, Tag

    source, _ = Source.objects.get_or_create(
        slug="loadtest-agency", defaults={"name": "Load Test Agency", "timezone": "UTC"}
    )
    tag, _ = Tag.objects.get_or_create(name="Lasttest", defaults={"slug": "lasttest"})
    now = timezone.now()
    paragraph = "Ein Absatz mit **Markdown** und einem [Link](https://example.org). " * 8
    Article.objects.bulk_create(
        Article(
            title=f"Artikel Nummer {n}",
            slug=f"artikel-{n}",
            summary=f"Zusammenfassung von Artikel {n}.",
            body="\n\n".join([paragraph] * 6),
            status=Article.Status.PUBLISHED if n % 10 else Article.Status.DRAFT,
            published_at=now - timedelta(hours=n),
            source=source if n % 2 else None,
        )
        for n in range(1, ARTICLES + 1)
    )
    for article in Article.objects.filter(slug__startswith="artikel-"):
        article.tags.add(tag)

    from bench.pages import public_urls

    published = list(Article.objects.published().filter(slug__startswith="artikel-")[:5])
    paths = [path for _, path in public_urls(published[0], tag, source)]
    paths += [article.get_absolute_url() for article in published[1:]]
    paths += ["/?page=2", "/healthz", "/static/css/site.css", "/no/such/page/"]
    from django.db import connections

    connections.close_all()
    return paths


def _sample_memory(server, samples, stop):
    while not stop.wait(2):
        samples.append((time.monotonic(), sum(server.worker_rss_mb())))


def main():
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("loadtest: wrk is not installed (apt-get install wrk)")
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    environment = _production_environment(static_root)
    os.environ.update(environment)
    paths = _prepare_database()

    try:
        with serving(environment, workers=WORKERS) as server:
            for path in paths * 3:  # warm up every worker's templates and connections
                fetch(server.base + path, timeout=10)
            samples, stop = [], threading.Event()
            sampler = threading.Thread(target=_sample_memory, args=(server, samples, stop))
            sampler.start()
            print(
                f"loadtest: {CONNECTIONS} connections, {SECONDS} s, {WORKERS} gunicorn workers, "
                f"{len(paths)} addresses: {' '.join(paths)}"
            )
            try:
                result = subprocess.run(  # noqa: S603 (fixed arguments)
                    [
                        wrk,
                        f"--connections={CONNECTIONS}",
                        "--threads=2",
                        f"--duration={SECONDS}s",
                        "--timeout=10s",
                        "--latency",
                        f"--script={LOADTEST_SCRIPT}",
                        server.base,
                        "--",
                        *paths,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
            finally:
                stop.set()
                sampler.join()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    print(result.stdout)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))
    figures = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    third = max(1, len(samples) // 3)
    early = max(rss for _, rss in samples[:third])
    late = max(rss for _, rss in samples[-third:])
    growth = late - early
    print(
        f"loadtest: {figures['requests'] / figures['seconds']:.0f} requests/s; "
        f"workers' memory {early:.1f} MB early, {late:.1f} MB late ({growth:+.1f} MB)"
    )
    errors = sum(figures[k] for k in ["connect", "read", "write", "timeout"])
    # 404 for the unknown address is expected; wrk counts it in non2xx3xx, so check 5xx alone.
    failures = []
    if errors:
        failures.append(f"{errors:.0f} socket errors or timeouts")
    if figures["5xx"]:
        failures.append(f"{figures['5xx']:.0f} answers of 5xx")
    if growth > MAX_GROWTH_MB:
        failures.append(f"workers' memory grew by {growth:.1f} MB")
    if failures:
        sys.exit("loadtest FAILED: " + "; ".join(failures))
    print("loadtest passed: zero errors, zero 5xx, memory flat")


if __name__ == "__main__":
    main()
