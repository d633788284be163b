"""The uncached pages of this checkout against an earlier commit's, in the same run.

`BENCH_AGAINST=ff4d326 make bench` calls compare() after our own measurements. The earlier
commit is checked out into a temporary directory and installed there (its own `make
install`), given its own database on our PostgreSQL server and the same synthetic archive
(generate_articles with the same number and seed, so the same articles at the same
addresses), and served by its own gunicorn with as many workers as ours. Both are then
measured alternately, page by page, with no page cache on either side, ROUNDS times; the
medians are kept. The pages are those both sites have.
"""

import statistics
import subprocess
import tempfile
from pathlib import Path

from bench import report, wrk
from bench.archive import BENCH_OPTIONS
from bench.peer import create_database, database_url
from bench.server import PROJECT_DIR, fetch, gunicorn, serving, settle

ROUNDS = 3
# The pages both sites have (names of bench.pages).
PAGES = (
    "baseline",
    "front page",
    "article",
    "tag (biggest)",
    "source (biggest)",
    "day archive",
    "month archive",
    "year archive",
    "front page, page 500",
    "search, common word",
    "search, rare word",
)
WARM_UP_REQUESTS = 20


def check(commit):
    """Stops at once for a commit this repository does not have, before any measurement."""
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"],
        cwd=PROJECT_DIR,
        capture_output=True,
    )
    if found.returncode != 0:
        raise SystemExit(f"BENCH_AGAINST={commit}: no such commit in this repository")


def compare(commit, our_environment, pages, articles, workers, seconds, connections):
    """The record of the comparison: the commit, and per page each side's median numbers."""
    pages = [(name, path) for name, path in pages if name in PAGES]
    with tempfile.TemporaryDirectory(prefix="newsroom-then-") as workdir:
        then = Path(workdir) / "then"
        print(f"\nagainst {commit}: checking out, installing, generating", flush=True)
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(then), commit], cwd=PROJECT_DIR, check=True
        )
        try:
            environment = {
                **our_environment,
                "DATABASE_URL": database_url(our_environment["DATABASE_URL"], "then"),
                "DJANGO_CACHE_DIR": str(Path(workdir) / "cache"),
            }
            create_database(our_environment["DATABASE_URL"], "then")
            _fill(then, environment, articles)
            with (
                serving(our_environment, workers=workers) as ours,
                gunicorn(
                    "newsroom.wsgi",
                    environment,
                    workers=workers,
                    executable=then / ".venv" / "bin" / "gunicorn",
                    directory=then,
                    ready_path="/bench/baseline",
                ) as theirs,
            ):
                servers = {"now": ours, "then": theirs}
                print(f"\nnow and {commit}, no page cache, alternately:", flush=True)
                results = _measure(servers, pages, seconds, connections, workers)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(then)], cwd=PROJECT_DIR, check=False
            )
    record = {"commit": commit, "workers": workers, "connections": connections, "rounds": ROUNDS}
    record["pages"] = pages
    record["results"] = results
    print()
    print(report.against_table(record))
    return record


def _fill(then, environment, articles):
    subprocess.run(["make", "install"], cwd=then, check=True)

    def manage(*args):
        python = then / ".venv" / "bin" / "python"
        subprocess.run([str(python), "manage.py", *args], cwd=then, env=environment, check=True)

    manage("migrate", "--no-input", "-v", "0")
    manage("generate_articles", str(articles), *_options_known_to(then))
    manage("collectstatic", "--no-input", "-v", "0")


def _options_known_to(then):
    """The archive's options as ours has them, less those the earlier commit's command does
    not know yet (a front page curated for the bench came later than the archive itself)."""
    command = then / "bench" / "archive" / "management" / "commands" / "generate_articles.py"
    known = command.read_text()
    options = [option for option in BENCH_OPTIONS if not option.startswith("--") or option in known]
    if "--curate" not in options:
        print("  its archive's front page is not curated: that commit cannot curate it")
    return options


def _measure(servers, pages, seconds, connections, workers):
    """{page: {side: median numbers}}, the sides taking turns page by page, ROUNDS times."""
    runs = {name: {side: [] for side in servers} for name, _ in pages}
    for name, path in pages:
        for side, server in servers.items():
            status = fetch(server.base + path)[0]
            if status != 200:
                raise RuntimeError(f"{side}: {name} ({path}) answers {status}")
            for _ in range(WARM_UP_REQUESTS):
                fetch(server.base + path)
        for _ in range(ROUNDS):
            for side, server in servers.items():
                numbers = wrk.run(server.base + path, seconds, connections)
                settle(server, numbers, workers)
                runs[name][side].append(numbers)
                print(f"  {side:<5} {report.numbers_line(name, numbers)}", flush=True)
    return {
        name: {side: _median(numbers) for side, numbers in sides.items()}
        for name, sides in runs.items()
    }


def _median(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}
