"""Load test: gunicorn with production settings on 127.0.0.1, hammered by wrk.

Run through `make loadtest` (which starts a throwaway PostgreSQL server): migrates, seeds a
few hundred articles, collects static files, starts gunicorn, warms up, then runs wrk with
LOADTEST_CONNECTIONS (64) connections for LOADTEST_SECONDS (60) over a mix of every public
page. Fails unless there were zero errors and zero 5xx answers and the workers' memory stayed
flat (grew by less than LOADTEST_MAX_GROWTH_MB, 10, between the first and the last third).
"""

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
MAX_GROWTH_MB = float(os.environ.get("LOADTEST_MAX_GROWTH_MB", "10"))
ARTICLES = 300


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _production_environment(static_root):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("loadtest: needs DATABASE_URL of a PostgreSQL server (run `make loadtest`)")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        # wrk speaks plain HTTP and says, as a TLS proxy would, that the reader used HTTPS.
        DJANGO_BEHIND_PROXY="1",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="ERROR",
    )
    return environment


def _prepare_database():
    """Runs in this process: schema, the CRI piece and a few hundred articles."""
    sys.path.insert(0, str(BASE_DIR))
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

    from tests.public_urls import public_urls

    published = list(Article.objects.published().filter(slug__startswith="artikel-")[:5])
    paths = [path for _, path in public_urls(published[0], tag, source)]
    paths += [article.get_absolute_url() for article in published[1:]]
    paths += ["/?page=2", "/healthz", "/static/css/site.css", "/no/such/page/"]
    from django.db import connections

    connections.close_all()
    return paths


def _worker_pids(master_pid):
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def _rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def _sample_memory(master_pid, samples, stop):
    while not stop.wait(2):
        samples.append((time.monotonic(), sum(_rss_mb(p) for p in _worker_pids(master_pid))))


def _get(url):
    # Only ever http://127.0.0.1, the server this script started.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    return urllib.request.urlopen(request, timeout=10).read()  # noqa: S310


def _wait_until_up(base):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(base + "/healthz")
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("loadtest: gunicorn did not start")


def main():
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("loadtest: wrk is not installed (apt-get install wrk)")
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    environment = _production_environment(static_root)
    os.environ.update(environment)
    paths = _prepare_database()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "newsroom.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=environment,
    )
    try:
        _wait_until_up(base)
        for path in paths * 3:  # warm up every worker's templates and connections
            with contextlib.suppress(OSError):
                _get(base + path)
        samples, stop = [], threading.Event()
        sampler = threading.Thread(target=_sample_memory, args=(gunicorn.pid, samples, stop))
        sampler.start()
        print(
            f"loadtest: {CONNECTIONS} connections, {SECONDS} s, {WORKERS} gunicorn workers, "
            f"{len(paths)} addresses: {' '.join(paths)}"
        )
        result = subprocess.run(  # noqa: S603 (fixed arguments)
            [
                wrk,
                f"--connections={CONNECTIONS}",
                "--threads=2",
                f"--duration={SECONDS}s",
                "--timeout=10s",
                "--latency",
                f"--script={BASE_DIR / 'bench' / 'loadtest.lua'}",
                base,
                "--",
                *paths,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        stop.set()
        sampler.join()
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
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
