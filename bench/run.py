"""make bench: the newsroom under load, page by page, against the floor of its own stack.

Run inside scripts/with-postgres (it provides DATABASE_URL, a throwaway server). Fills the
database with BENCH_N synthetic articles, serves the site with gunicorn and production
settings, drives wrk at each page for BENCH_SECONDS, first with the page cache on and then
off, and writes the table to bench/results/ as JSON and as a PNG plot.
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(BENCH_DIR))

import report  # noqa: E402
import wrk  # noqa: E402

PYTHON = PROJECT_DIR / ".venv" / "bin" / "python"
GUNICORN = PROJECT_DIR / ".venv" / "bin" / "gunicorn"
# Production settings need a secret; this one lives as long as the benchmark's database.
SECRET_KEY = secrets.token_urlsafe(40)


def server_environment(page_cache):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_BENCH_BASELINE="1",
        DJANGO_PAGE_CACHE="on" if page_cache else "off",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
        # TLS ends at the proxy in front of a real site; wrk speaks plain HTTP to 127.0.0.1.
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    env.pop("DJANGO_DEBUG", None)
    return env


def manage(*args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=PROJECT_DIR,
        check=True,
        env=server_environment(page_cache=True),
    )


def pick_pages():
    """The URLs to measure, chosen from the archive just made."""
    import django

    os.environ.update(server_environment(page_cache=True))
    django.setup()
    from django.db.models import Count
    from django.templatetags.static import static
    from django.utils import timezone

    from articles.models import Article, Source, Tag
    from articles.synthetic import COMMON_WORD, RARE_WORD

    published = Article.objects.published().order_by("-published_at", "-id")
    article = published[min(1000, published.count() - 1)]
    tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
    source = Source.objects.annotate(n=Count("articles")).order_by("-n").first()
    day = timezone.localtime(article.published_at)
    return [
        ("baseline", "/bench/baseline"),
        ("static file", static("css/site.css")),
        ("front page", "/"),
        ("front page, page 500", "/?page=500"),
        ("article", article.get_absolute_url()),
        ("tag (biggest)", tag.get_absolute_url()),
        ("source (biggest)", source.get_absolute_url()),
        ("corrections", "/corrections/"),
        ("day archive", f"/{day:%Y/%m/%d}/"),
        ("month archive", f"/{day:%Y/%m}/"),
        ("year archive", f"/{day:%Y}/"),
        ("tag directory", "/tags/"),
        ("search, common word", f"/search/?q={COMMON_WORD}"),
        ("search, rare word", f"/search/?q={RARE_WORD}"),
        ("RSS feed", "/feed/"),
        ("sitemap.xml", "/sitemap.xml"),
        ("article sitemap page", "/sitemap-articles.xml?p=1"),
        ("news-sitemap.xml", "/news-sitemap.xml"),
    ]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Gunicorn:
    """gunicorn in its own process group, so stopping it stops every worker."""

    def __init__(self, workers, page_cache):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "newsroom.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=PROJECT_DIR,
            env=server_environment(page_cache),
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while fetch_status(self.base + "/healthz") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("gunicorn did not start; see its output above")
            time.sleep(0.3)

    def worker_rss_mb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def measure(pages, workers, page_cache, seconds, connections):
    server = Gunicorn(workers, page_cache)
    results, requests = {}, 0
    try:
        for name, path in pages:
            url = server.base + path
            status = fetch_status(url)
            if status != 200:
                print(f"  {name:<22} {path}: answers {status}, not measured", flush=True)
                continue
            for _ in range(20):  # warm up: templates compiled, counts and pages cached
                fetch_status(url)
            results[name] = wrk.run(url, seconds, connections)
            requests += results[name]["requests"]
            numbers = results[name]
            print(
                f"  {name:<22} {numbers['requests_per_second']:>8.0f} req/s"
                f"  p50 {numbers['p50_ms']:.2f} ms  p99 {numbers['p99_ms']:.2f} ms"
                + (
                    f"  ({numbers['non_2xx_3xx']} bad answers, "
                    f"{numbers['socket_errors']} socket errors)"
                    if numbers["non_2xx_3xx"] or numbers["socket_errors"]
                    else ""
                ),
                flush=True,
            )
        memory = {"worker_rss_mb": server.worker_rss_mb(), "requests_served": requests}
    finally:
        server.stop()
    return results, memory


def git_commit():
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    return result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_N", 100_000)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if "DATABASE_URL" not in os.environ or not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("bench/run.py needs a PostgreSQL DATABASE_URL; run it with `make bench`.")
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        sys.exit("wrk is not installed: apt-get install wrk")

    started = time.monotonic()
    manage("migrate", "--no-input", "-v", "0")
    manage("generate_articles", str(options.articles), "--seed", "1", "--jobs", "2")
    generate_seconds = round(time.monotonic() - started, 1)
    manage("collectstatic", "--no-input", "-v", "0")
    pages = pick_pages()

    record = {
        "articles": options.articles,
        "generate_seconds": generate_seconds,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "workers": options.workers,
        "connections": options.connections,
        "seconds_per_page": options.seconds,
        "load_average_before": os.getloadavg(),
        "pages": pages,
        "results": {},
        "memory": {},
    }
    for mode in report.MODES:
        print(f"\n{report.MODE_TITLES[mode]}:", flush=True)
        record["results"][mode], record["memory"][mode] = measure(
            pages, options.workers, mode == "cache_on", options.seconds, options.connections
        )
    # Latency as a reader sees it when the site is not saturated: one connection per worker,
    # so that no request waits in a queue behind others (16 connections on 2 workers would
    # add the time of 7 other requests to every one).
    print("\nlatency, page cache off, one connection per worker:", flush=True)
    latency_pages = [(name, path) for name, path in pages if name in report.LATENCY_PAGES]
    record["latency"], _ = measure(
        latency_pages, options.workers, False, options.seconds, options.workers
    )
    print()
    print(report.table(record))
    print()
    print(report.latency_table(record))
    for mode in report.MODES:
        memory = record["memory"][mode]
        print(
            f"{report.MODE_TITLES[mode]}: worker RSS {memory['worker_rss_mb']} MB after "
            f"{memory['requests_served']:,} requests across {options.workers} workers"
        )
    stem = BENCH_DIR / "results" / f"bench-{options.articles}"
    report.write_json(record, stem.with_suffix(".json"))
    report.plot(record, stem.with_suffix(".png"))
    print(f"wrote {stem}.json and {stem}.png")


if __name__ == "__main__":
    main()
