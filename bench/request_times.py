"""gunicorn's settings for bench.machine: the project's own (gunicorn.conf.py), and each worker
counting the processor time its requests take, from a request read off the connection to its
answer written and closed (Django's whole handling of it, and the writing of its bytes).

What a worker spends outside that span is gunicorn's: accepting the connection, reading and
parsing the request, closing the socket and waiting for the next. Each worker writes its count
and its seconds to a file of its own, named by its process id, in the directory
BENCH_REQUEST_TIMES names; every WRITTEN_EVERY requests, so that the writing costs a request
next to nothing. bench.machine reads them back.
"""

import os
import runpy
import time
from pathlib import Path

WRITTEN_EVERY = 16
PROJECT_SETTINGS = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"

# The project's settings, as gunicorn would read them without this file.
globals().update(
    (name, value)
    for name, value in runpy.run_path(str(PROJECT_SETTINGS)).items()
    if not name.startswith("_")
)


def pre_request(worker, request):
    worker.request_started = time.process_time()


def post_request(worker, request, environ, response):
    spent = time.process_time() - worker.request_started
    worker.requests_timed = getattr(worker, "requests_timed", 0) + 1
    worker.request_seconds = getattr(worker, "request_seconds", 0.0) + spent
    if worker.requests_timed % WRITTEN_EVERY == 0:
        path = Path(os.environ["BENCH_REQUEST_TIMES"]) / str(os.getpid())
        # Whole or not at all, for a reader who may look at any moment.
        written = path.with_suffix(".new")
        written.write_text(f"{worker.requests_timed} {worker.request_seconds!r}\n")
        written.replace(path)
