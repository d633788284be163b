"""Where an uncached request's Python time goes, page by page: the database, the ORM, the
templates, our own code, and Django's middleware with the rest.

`make bench` calls measure(), which runs this module in a process of its own with the
production settings and the page cache off. Each page is asked through Django's WSGI handler,
in process: a few times to warm up, then for about SECONDS_PER_PAGE to time a request and
count the processor time it costs this process and the database server (bench.database_cpu),
then as many times again, up to MAX_REQUESTS, under cProfile. The profile's time per function
is summed by where the function lives (group_of()); what works for whoever calls it (a
built-in, the standard library, Django's utilities) counts for its callers. Each group's
share of the profiled time is then applied to the unprofiled time of a request, so that the
profiler's own cost does not inflate the figures.
"""

import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.database_cpu import DatabaseServerCPU
from bench.server import PROJECT_DIR

GROUPS = ("database", "ORM", "template", "our code", "middleware and the rest")
REST = GROUPS[-1]
OUR_CODE = str(PROJECT_DIR) + "/"
WARM_UP_REQUESTS = 20
SECONDS_PER_PAGE = 3
MIN_REQUESTS, MAX_REQUESTS = 20, 300
# Where the template engines live: Django's, Jinja2 and what our templates call of them
# (the Jinja2 templates' own compiled code is named after their files, pages/ and partials/).
TEMPLATES = (
    "/django/template/",
    "/templatetags/",
    "/jinja2/",
    "/articles/site/page_templates.py",
    "/articles/site/partials.py",
    "/articles/site/partial_translation.py",
)
OUR_TEMPLATES = (OUR_CODE + "pages/", OUR_CODE + "partials/")
# Where Django's request handling and the middleware of the stack live.
MIDDLEWARE = (
    "/django/core/handlers/",
    "/django/middleware/",
    "middleware.py",
    "/django/urls/",
    "/whitenoise/",
    "/csp/",
    "/axes/",
)


def group_of(filename):
    """The group of the time spent in a function defined in `filename`; None for a place that
    works for whoever calls it (the standard library, Django's utilities, built-ins)."""
    if "/psycopg" in filename or "/django/db/backends/" in filename:
        return "database"  # sending, waiting for and reading the answer
    if "/django/db/" in filename or "/articles/models/" in filename:
        return "ORM"  # building, compiling and turning rows into values and instances
    if any(place in filename for place in TEMPLATES) or filename.startswith(OUR_TEMPLATES):
        return "template"
    ours = filename.startswith(OUR_CODE) and "/.venv/" not in filename
    if ours and not filename.startswith(OUR_CODE + "bench/"):
        return "our code"  # views, our own middleware, the page cache, helpers
    if any(place in filename for place in MIDDLEWARE):
        return REST
    return None


def split(stats):
    """{group: seconds} of a pstats.Stats' own time per function; the time of a function
    that works for whoever calls it goes to its callers' groups, in proportion to the time
    it spent for each."""
    shares = {}

    def shares_of_function(key):
        if key in shares:
            return shares[key]  # None: being worked out (a cycle), left out by its callee
        group = group_of(key[0])
        if group is not None:
            shares[key] = {group: 1.0}
            return shares[key]
        shares[key] = None
        callers = stats.stats[key][4] if key in stats.stats else {}
        known = {caller: shares_of_function(caller) for caller in callers}
        known = {caller: found for caller, found in known.items() if found is not None}
        # Shared by the time this function spent for each caller.
        total = sum(callers[caller][2] for caller in known)
        found = {}
        for caller, caller_shares in known.items():
            weight = callers[caller][2] / total if total else 1 / len(known)
            for caller_group, share in caller_shares.items():
                found[caller_group] = found.get(caller_group, 0.0) + share * weight
        shares[key] = found or {REST: 1.0}
        return shares[key]

    seconds = dict.fromkeys(GROUPS, 0.0)
    for key, (_, _, own, _, _) in stats.stats.items():
        for group, share in shares_of_function(key).items():
            seconds[group] += own * share
    return seconds


def shares_of(seconds, milliseconds):
    """`milliseconds` split as `seconds` is, group by group."""
    total = sum(seconds.values()) or 1
    return {group: round(milliseconds * spent / total, 2) for group, spent in seconds.items()}


def request(handler, path):
    """A function that asks the handler for `path` as a reader would, and returns the status."""
    route, _, query = path.partition("?")

    def ask():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        statuses = []
        response = handler(environ, lambda status, headers: statuses.append(status))
        try:
            b"".join(response)
        finally:
            response.close()  # the end of the request, as a server ends it
        return int(statuses[0].split()[0])

    return ask


def profile_page(handler, path):
    """The page's time per request and its split, and the processor time a request costs the
    app and the database server; None for a page that is not a 200."""
    from django.db import connection

    ask = request(handler, path)
    started = time.perf_counter()
    for _ in range(WARM_UP_REQUESTS):
        if ask() != 200:
            return None
    each = (time.perf_counter() - started) / WARM_UP_REQUESTS
    count = max(MIN_REQUESTS, int(SECONDS_PER_PAGE / each))
    database = DatabaseServerCPU.of(connection)
    database_started = database.seconds() if database else None
    app_started = time.process_time()
    started = time.perf_counter()
    for _ in range(count):
        ask()
    milliseconds = (time.perf_counter() - started) / count * 1000
    cpu_ms = {"app": round((time.process_time() - app_started) / count * 1000, 2)}
    cpu_ms["database server"] = (
        round((database.seconds() - database_started) / count * 1000, 2) if database else None
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(min(count, MAX_REQUESTS)):
        ask()
    profiler.disable()
    return {
        "requests": count,
        "ms_per_request": round(milliseconds, 2),
        "split_ms": shares_of(split(pstats.Stats(profiler)), milliseconds),
        "cpu_ms": cpu_ms,
    }


def measure(pages, environment):
    """{page name: its profile} for the (name, path) pages, in a process of their own."""
    with tempfile.TemporaryDirectory() as directory:
        answer = Path(directory) / "profile.json"
        subprocess.run(
            [sys.executable, "-m", "bench.profile", str(answer)],
            input=json.dumps(pages),
            text=True,
            cwd=PROJECT_DIR,
            env=environment,
            check=True,
        )
        return json.loads(answer.read_text())


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    profiles = {}
    for name, path in json.load(sys.stdin):
        profiles[name] = profile_page(handler, path)
        print(f"  {name:<22} {profiles[name]}", flush=True)
    Path(sys.argv[1]).write_text(json.dumps(profiles))


if __name__ == "__main__":
    main()
