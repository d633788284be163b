"""make bench: the newsroom under load, page by page, against the floor of its own stack.

Run inside scripts/with-postgres (it provides DATABASE_URL, a throwaway server), from the
project directory as `python -m bench.run`, which `make bench` does. Fills the
database with BENCH_N synthetic articles, serves the site with gunicorn and production
settings, drives wrk at each page for BENCH_SECONDS, first with the page cache on and then
off, and writes the table to bench/results/ as JSON and as a PNG plot. BENCH_PAGES=search
measures only the search pages (and the floor), for a large archive made for them alone;
BENCH_PAGES="front page,article" those two, and so on. BENCH_INSTRUCTIONS=1 also counts the
instructions a request to a few pages costs (bench.instructions; valgrind).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench import against, instructions, peer, profile, report, wrk
from bench.archive import BENCH_OPTIONS
from bench.server import (
    PROJECT_DIR,
    fetch,
    production_environment,
    serving,
    settle,
    written_out,
)

RESULTS_DIR = PROJECT_DIR / "bench" / "results"
# Production settings need a secret; this one lives as long as the benchmark's database.
ENVIRONMENT = production_environment(
    DJANGO_BENCH_BASELINE="1",
    DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    # TLS ends at the proxy in front of a real site; wrk speaks plain HTTP to 127.0.0.1.
    DJANGO_SECURE_SSL_REDIRECT="0",
)


# The pages whose instructions BENCH_INSTRUCTIONS=1 counts (about half a minute each).
INSTRUCTIONS_PAGES = ("baseline", "front page", "article", "article by an author", "tag (biggest)")


def server_environment(page_cache):
    return {**ENVIRONMENT, "DJANGO_PAGE_CACHE": "on" if page_cache else "off"}


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        check=True,
        env=server_environment(page_cache=True),
    )


def pick_pages():
    """The URLs to measure, chosen from the archive just made: the floor of the stack (a
    constant page and a static file), then the public pages."""
    import django

    os.environ.update(server_environment(page_cache=True))
    django.setup()
    from django.templatetags.static import static

    from bench.pages import pages_to_measure

    floor = [("baseline", "/bench/baseline"), ("static file", static("css/site.css"))]
    pages = pages_to_measure(deep_page=500)
    only = chosen_pages()
    if only:
        pages = [(name, path) for name, path in pages if name.startswith(only)]
    return floor + pages


def chosen_pages():
    """BENCH_PAGES: the beginnings of the names of the pages to measure, comma separated
    ("search", or "front page,article"); all of them when it is not set."""
    names = os.environ.get("BENCH_PAGES", "").split(",")
    return tuple(name.strip() for name in names if name.strip())


def fetch_status(url):
    return fetch(url)[0]


# The baseline is measured again after every this many pages and after the last, and each
# page is compared with the runs on either side of it: one run of a few seconds varied by a
# fifth between runs, and with the page cache off it slows as the workers serve more pages.
BASELINE_AGAIN_AFTER = 4


def measure(pages, workers, page_cache, seconds, connections):
    with serving(server_environment(page_cache), workers=workers) as server:
        results, requests = measure_on(server, pages, workers, seconds, connections)
        memory = {"worker_rss_mb": server.worker_rss_mb(), "requests_served": requests}
    return results, memory


def measure_on(server, pages, workers, seconds, connections):
    """{page: wrk's numbers} on a running server, and how many requests were made. Each page's
    numbers hold the baseline it is compared with (baseline_per_second, around())."""
    results, baseline_runs = {}, []  # the runs as (pages measured before it, its numbers)
    places = {}  # each page's place: how many pages were measured before it
    floor = dict(pages).get("baseline")

    def baseline_again():
        again = run_page(server, "baseline, again", floor, workers, seconds, connections)
        baseline_runs.extend([(len(results), again)] if again else [])

    for name, path in pages:
        numbers = run_page(server, name, path, workers, seconds, connections)
        if numbers is None:
            continue
        if name == "baseline":
            baseline_runs.append((len(results), numbers))
            continue
        results[name], places[name] = numbers, len(results)
        if floor and len(results) % BASELINE_AGAIN_AFTER == 0:
            baseline_again()
    # After the last page measured, even where the pages after it did not answer.
    if floor and len(results) % BASELINE_AGAIN_AFTER:
        baseline_again()
    requests = sum(numbers["requests"] for numbers in results.values())
    requests += sum(numbers["requests"] for _, numbers in baseline_runs)
    if baseline_runs:
        for name, numbers in results.items():
            numbers["baseline_per_second"] = around(places[name], baseline_runs)
        results = {"baseline": median_run([numbers for _, numbers in baseline_runs]), **results}
    return results, requests


def around(place, baseline_runs):
    """The baseline's throughput around the page measured after `place` others: the mean of
    the runs just before and just after it (or the one there is)."""
    before = [numbers for measured, numbers in baseline_runs if measured <= place]
    after = [numbers for measured, numbers in baseline_runs if measured > place]
    nearest = before[-1:] + after[:1]
    return sum(numbers["requests_per_second"] for numbers in nearest) / len(nearest)


def median_run(runs):
    """The run of median throughput among `runs` (of two middle ones, the faster), with all
    the runs' rates: the baseline's row of the table."""
    ordered = sorted(runs, key=lambda numbers: numbers["requests_per_second"])
    return {
        **ordered[len(ordered) // 2],
        "runs_per_second": [numbers["requests_per_second"] for numbers in runs],
    }


def run_page(server, name, path, workers, seconds, connections):
    """wrk's numbers for one page, after a warm-up; None for a page that does not answer 200."""
    url = server.base + path
    status = fetch_status(url)
    if status != 200:
        print(f"  {name:<22} {path}: answers {status}, not measured", flush=True)
        return None
    for _ in range(20):  # warm up: templates compiled, counts and pages cached
        fetch_status(url)
    numbers = wrk.run(url, seconds, connections)
    settle(server, numbers, workers)
    print(f"  {report.numbers_line(name, numbers)}", flush=True)
    return numbers


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
    if os.environ.get("BENCH_INSTRUCTIONS") and shutil.which("valgrind") is None:
        sys.exit("BENCH_INSTRUCTIONS needs valgrind: apt-get install valgrind")
    if os.environ.get("BENCH_PEER"):
        peer.check(os.environ["BENCH_PEER"])
    if os.environ.get("BENCH_AGAINST"):
        against.check(os.environ["BENCH_AGAINST"])

    started = time.monotonic()
    manage("migrate", "--no-input", "-v", "0")
    manage("generate_articles", str(options.articles), *BENCH_OPTIONS)
    generate_seconds = round(time.monotonic() - started, 1)
    manage("collectstatic", "--no-input", "-v", "0")
    written_out(os.environ["DATABASE_URL"])
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
    # so that no request waits in a queue behind others (with more connections than workers,
    # every latency includes the time of the requests queued ahead of it).
    print("\nlatency, page cache off, one connection per worker:", flush=True)
    latency_pages = [(name, path) for name, path in pages if name in report.LATENCY_PAGES]
    record["latency"], _ = measure(
        latency_pages, options.workers, False, options.seconds, options.workers
    )
    print("\nPython time per request, page cache off, in process:", flush=True)
    profiled = [(name, path) for name, path in pages if name != "static file"]
    record["profile"] = profile.measure(profiled, server_environment(page_cache=False))
    if os.environ.get("BENCH_INSTRUCTIONS"):  # counted by valgrind: steady on a busy machine
        print("\ninstructions a request, in process:", flush=True)
        counted = [(name, path) for name, path in pages if name in INSTRUCTIONS_PAGES]
        counted.append(("article (long tail)", instructions.LONG_TAIL))
        record["instructions"] = instructions.measure(counted, server_environment(False))
    if os.environ.get("BENCH_PEER"):  # the same articles in a peer's site, measured with ours
        record["peer"] = peer.compare(
            os.environ["BENCH_PEER"],
            server_environment(page_cache=False),
            options.workers,
            options.seconds,
            options.connections,
        )
    if os.environ.get("BENCH_AGAINST"):  # the same archive in an earlier commit's site
        record["against"] = against.compare(
            os.environ["BENCH_AGAINST"],
            server_environment(page_cache=False),
            pages,
            options.articles,
            options.workers,
            options.seconds,
            options.connections,
        )
    print()
    print(report.table(record))
    print()
    print(report.latency_table(record))
    print()
    print(report.profile_table(record["profile"]))
    if record.get("instructions"):
        print()
        print(report.instructions_table(record["instructions"]))
    for mode in report.MODES:
        memory = record["memory"][mode]
        print(
            f"{report.MODE_TITLES[mode]}: worker RSS {memory['worker_rss_mb']} MB after "
            f"{memory['requests_served']:,} requests across {options.workers} workers"
        )
    only = "-".join(name.replace(" ", "-") for name in chosen_pages())
    stem = RESULTS_DIR / (f"bench-{options.articles}" + (f"-{only}" if only else ""))
    report.write_json(record, stem.with_suffix(".json"))
    report.plot(record, stem.with_suffix(".png"))
    print(f"wrote {stem}.json and {stem}.png")


if __name__ == "__main__":
    main()
