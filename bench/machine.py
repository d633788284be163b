"""Where the machine's processor time goes while one page is under load: what a request costs
gunicorn's workers, the database server and the rest of the machine (wrk, the kernel), as
each process's own figures in /proc say, around a run of wrk. In process, a page costs only
what its own code and waiting cost; under load every request also pays gunicorn, the
connection's system calls and the database server's work beyond the statement itself.

    python -m bench.machine PATH [PATH ...]

serves the site as the bench does (2 workers, page cache off, the caller's DATABASE_URL, a
database `manage.py generate_articles` filled) and measures the baseline, then each page,
then the baseline again, SECONDS each with CONNECTIONS connections."""

import os
import sys

from bench import wrk
from bench.database_cpu import TICKS_PER_SECOND, DatabaseServerCPU, process_seconds
from bench.server import fetch, serving

SECONDS = 8
CONNECTIONS = 16
WORKERS = 2
WARM_UP_REQUESTS = 50


def machine_seconds():
    """The processor time every process of the machine has spent so far (/proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle, waiting = ticks[3], ticks[4]
    return (sum(ticks) - idle - waiting) / TICKS_PER_SECOND


def processes_seconds(pids):
    """The processor time `pids` have spent so far."""
    return sum(process_seconds(pid) for pid in pids)


def under_load(server, path, database, seconds=SECONDS, connections=CONNECTIONS):
    """{part: microseconds a request} of `path` under wrk, and its requests a second."""
    workers = server.worker_pids()
    before = machine_seconds(), processes_seconds(workers), database.seconds()
    result = wrk.run(server.base + path, seconds, connections)
    after = machine_seconds(), processes_seconds(workers), database.seconds()
    requests = result["requests_per_second"] * seconds
    machine, app, database_server = (
        (end - start) / requests * 1e6 for start, end in zip(before, after, strict=True)
    )
    parts = {
        "machine": machine,
        "workers": app,
        "database server": database_server,
        "the rest": machine - app - database_server,
    }
    return result["requests_per_second"], parts


def main():
    paths = sys.argv[1:]
    if not paths:
        sys.exit(__doc__)
    import django

    from bench.run import server_environment

    environment = server_environment(page_cache=False)
    os.environ.update(environment)
    django.setup()
    from django.db import connection

    database = DatabaseServerCPU.of(connection)
    if database is None:
        sys.exit("bench.machine needs a PostgreSQL server on this machine (DATABASE_URL)")
    connection.close()
    with serving(environment, workers=WORKERS, quiet=True) as server:
        for path in paths:
            status, _ = fetch(server.base + path)
            if status != 200:
                # wrk would time its error pages, and the figures would say nothing.
                sys.exit(f"{path} answered {status or 'nothing'}, not 200: no figures for it")
        print(f"{'page':<50} {'req/s':>7}   µs a request: machine, workers, database, rest")
        for path in ["/bench/baseline", *paths, "/bench/baseline"]:
            for _ in range(WARM_UP_REQUESTS):
                fetch(server.base + path)
            rate, parts = under_load(server, path, database)
            figures = "  ".join(f"{value:7.0f}" for value in parts.values())
            print(f"{path[:50]:<50} {rate:7.0f}   {figures}", flush=True)


if __name__ == "__main__":
    main()
