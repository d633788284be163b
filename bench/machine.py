"""Where the machine's processor time goes while one page is under load: what a request costs
gunicorn's workers, the database server and the rest of the machine (wrk, the kernel), as
each process's own figures in /proc say, around a run of wrk. In process, a page costs only
what its own code and waiting cost; under load every request also pays gunicorn, the
connection's system calls and the database server's work beyond the statement itself. The
workers count their requests' own time as well (bench/request_times.py), so that what they
spend splits into the requests (Django's handling of each, and writing its answer) and
gunicorn's part around them.

    python -m bench.machine PATH [PATH ...]

serves the site as the bench does (2 workers, page cache off, the caller's DATABASE_URL, a
database `manage.py generate_articles` filled) and measures the baseline, then each page,
then the baseline again, SECONDS each with CONNECTIONS connections."""

import os
import sys
import tempfile
from pathlib import Path

from bench import wrk
from bench.database_cpu import TICKS_PER_SECOND, DatabaseServerCPU, process_seconds
from bench.server import PROJECT_DIR, fetch, serving

SECONDS = 8
CONNECTIONS = 16
WORKERS = 2
WARM_UP_REQUESTS = 50
REQUEST_TIMES_SETTINGS = PROJECT_DIR / "bench" / "request_times.py"


class RequestTimes:
    """The requests the workers of one server have counted in `directory`, and the processor
    time those requests took (bench/request_times.py writes them)."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def read(self):
        """(requests, seconds) so far, summed over the workers."""
        requests, seconds = 0, 0.0
        for path in self.directory.glob("[0-9]*[0-9]"):
            count, spent = path.read_text().split()
            requests, seconds = requests + int(count), seconds + float(spent)
        return requests, seconds


def machine_seconds():
    """The processor time every process of the machine has spent so far (/proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle, waiting = ticks[3], ticks[4]
    return (sum(ticks) - idle - waiting) / TICKS_PER_SECOND


def processes_seconds(pids):
    """The processor time `pids` have spent so far."""
    return sum(process_seconds(pid) for pid in pids)


def under_load(
    server, path, database, seconds=SECONDS, connections=CONNECTIONS, request_times=None
):
    """{part: microseconds a request} of `path` under wrk, and its requests a second. With the
    workers' `request_times` (RequestTimes), the workers' part is also split into the requests'
    own time and gunicorn's."""
    workers = server.worker_pids()
    before = machine_seconds(), processes_seconds(workers), database.seconds()
    timed_before = request_times.read() if request_times is not None else None
    result = wrk.run(server.base + path, seconds, connections)
    timed_after = request_times.read() if request_times is not None else None
    after = machine_seconds(), processes_seconds(workers), database.seconds()
    # The requests wrk counted, rather than its rate times the run's length: the processes'
    # times cover wrk's whole run, its start and its end included.
    requests = result["requests"]
    if not requests:
        raise RuntimeError(f"{path} answered no request in {seconds} s: no figures for it")
    machine, app, database_server = (
        (end - start) / requests * 1e6 for start, end in zip(before, after, strict=True)
    )
    parts = {
        "machine": machine,
        "workers": app,
        "database server": database_server,
        "the rest": machine - app - database_server,
    }
    # Counted by the workers every few requests: a run too short for any count has no split.
    counted = timed_after[0] - timed_before[0] if timed_after else 0
    if counted:
        own = (timed_after[1] - timed_before[1]) / counted * 1e6
        parts.update({"the requests": own, "gunicorn": app - own})
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
    with (
        tempfile.TemporaryDirectory(prefix="newsroom-request-times-") as counted,
        serving(
            {**environment, "BENCH_REQUEST_TIMES": counted},
            workers=WORKERS,
            quiet=True,
            config=REQUEST_TIMES_SETTINGS,
        ) as server,
    ):
        for path in paths:
            status, _ = fetch(server.base + path)
            if status != 200:
                # wrk would time its error pages, and the figures would say nothing.
                sys.exit(f"{path} answered {status or 'nothing'}, not 200: no figures for it")
        print(
            f"{'page':<50} {'req/s':>7}   µs a request: machine, workers, database, rest;"
            " the workers' part: the requests, gunicorn"
        )
        for path in ["/bench/baseline", *paths, "/bench/baseline"]:
            for _ in range(WARM_UP_REQUESTS):
                fetch(server.base + path)
            rate, parts = under_load(server, path, database, request_times=RequestTimes(counted))
            figures = "  ".join(f"{value:7.0f}" for value in parts.values())
            print(f"{path[:50]:<50} {rate:7.0f}   {figures}", flush=True)


if __name__ == "__main__":
    main()
