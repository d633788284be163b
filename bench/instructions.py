"""The instructions a request to a page costs the app's process, counted by valgrind's
cachegrind: a figure that holds on a busy machine, where a page's time moves by half from
one minute to the next, and that tells a change worth a hundredth of a page from none.

    python -m bench.instructions PATH [PATH ...]
    python -m bench.instructions / long-tail

asks each page through Django's WSGI handler in a process of its own under cachegrind, twice:
FEWER requests after the warm-up, then MORE. The difference, divided by MORE - FEWER, is what
one request costs: the start-up and the first requests (templates and statements compiled)
count in both runs alike. The database server's work is not counted (bench.database_cpu
measures its time). The settings are the bench's, page cache off, with the caller's
DATABASE_URL (a database `manage.py generate_articles` filled, as the bench's is);
hash randomization is off, shared answers are kept for the whole run and each run starts
from an empty file cache of its own, so that the same code counts the same to within a tenth
of a percent. `BENCH_INSTRUCTIONS=1 make
bench` adds the counts of a few pages to its record (bench.run.INSTRUCTIONS_PAGES).

`long-tail` (LONG_TAIL) counts the long tail instead of one page: each request a different
article, the bench's long tail in its order (bench.pages.long_tail()), as readers arriving
from search engines and old links ask for them. Both runs ask the same articles first, so
the difference is what an article the process has never shown costs.
"""

import re
import shutil
import subprocess
import sys
import tempfile

from bench.server import PROJECT_DIR

WARM_UP_REQUESTS = 30
FEWER, MORE = 0, 100
# Stands for the long tail where a path would stand.
LONG_TAIL = "long-tail"
# As cachegrind says it: "I   refs:      2,590,005,103".
_TOTAL = re.compile(r"I\s+refs:\s+([\d,]+)")


def per_request(path, environment):
    """Instructions one request to `path` costs the app's process."""
    fewer = _count_from_empty_cache(path, WARM_UP_REQUESTS + FEWER, environment)
    more = _count_from_empty_cache(path, WARM_UP_REQUESTS + MORE, environment)
    return round((more - fewer) / (MORE - FEWER))


def _count_from_empty_cache(path, requests, environment):
    # Each run starts from an empty file cache: what an earlier run or page left there (a
    # shared answer, a kept page's generations) moved a front page's count by a twentieth.
    with tempfile.TemporaryDirectory(prefix="newsroom-count-cache-") as cache:
        return _count(path, requests, {**environment, "DJANGO_CACHE_DIR": cache})


def counting_environment(environment):
    """`environment` as the counts need it: the same instructions for the same code. The
    cache is a file cache, emptied for each run (_count_from_empty_cache()), even where the
    caller's environment names a Redis server (REDIS_URL): what Redis holds outlives a run."""
    return {
        **{name: value for name, value in environment.items() if name != "REDIS_URL"},
        "DJANGO_PAGE_CACHE": "off",
        "PYTHONHASHSEED": "0",
        # Shared answers (counts, the menu) kept for the whole run: one made again halfway
        # through would count in one run and not in the other.
        "DJANGO_PUBLIC_MAX_AGE": "1000000",
    }


def measure(pages, environment):
    """{page name: instructions per request} for the (name, path) pages."""
    environment = counting_environment(environment)
    return {name: per_request(path, environment) for name, path in pages}


def _count(path, requests, environment):
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.instructions",
        "--ask",
        path,
        str(requests),
    ]
    done = subprocess.run(command, cwd=PROJECT_DIR, env=environment, capture_output=True, text=True)
    found = _TOTAL.search(done.stderr)
    if done.returncode != 0 or found is None:
        lines = done.stderr.splitlines()
        said = "\n".join(line for line in lines if not line.startswith(("==", "--")))
        raise RuntimeError(f"{path} was not counted: {said.strip()[-2000:]}")
    return int(found.group(1).replace(",", ""))


def ask(path, times):
    """Asks for `path` `times` times (or, for LONG_TAIL, each of `times` articles of the long
    tail once), in this process, as the bench's profile asks."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from bench.profile import request

    handler = WSGIHandler()
    if path == LONG_TAIL:
        # The same articles read for both runs, so that only the requests differ between them.
        paths = long_tail_paths(WARM_UP_REQUESTS + MORE)[:times]
        pages = [(each, request(handler, each)) for each in paths]
    else:
        pages = [(path, request(handler, path))] * times
    for each, page in pages:
        status = page()
        if status != 200:
            sys.exit(f"{each} answers {status}, not 200")


def long_tail_paths(count):
    """The addresses of the long tail's first `count` articles; refused when the archive
    holds fewer."""
    from bench.pages import long_tail

    paths = [article.get_absolute_url() for article in long_tail(count)]
    if len(paths) < count:
        sys.exit(
            f"the long tail needs {count:,} articles of agency copy after the 1,001 newest; "
            f"this archive has {len(paths):,} there (make it with manage.py generate_articles)"
        )
    return paths


def main():
    if sys.argv[1:2] == ["--ask"]:
        ask(sys.argv[2], int(sys.argv[3]))
        return
    paths = sys.argv[1:]
    if not paths:
        sys.exit(__doc__)
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind")
    from bench.run import server_environment  # which runs this module's measure()

    environment = counting_environment(server_environment(page_cache=False))
    baseline = per_request("/bench/baseline", environment)
    print(f"{'baseline':<60} {baseline:>12,}")
    for path in paths:
        count = per_request(path, environment)
        print(f"{path:<60} {count:>12,}  {count / baseline:5.2f} × the baseline", flush=True)


if __name__ == "__main__":
    main()
