"""The site under gunicorn with production settings, for the benchmark, the load test and tests
(and the bench's peers under their own gunicorn)."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def production_environment(**overrides):
    """This process's environment with no DJANGO_* variable of its own: production settings,
    a fresh secret key, and the given variables on top."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_LOG_LEVEL="WARNING",
        # The benchmark asks the API from one address far beyond a partner's rate limit: it
        # measures the API, not the limit.
        DJANGO_API_RATE_ANONYMOUS="1000000000",
    )
    environment.update(overrides)
    return environment


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, timeout=30):
    """(status, body) of a GET, whatever the status; (None, "") when nothing answers.

    Says, as a TLS proxy in front of the site would, that the reader used HTTPS; a server not
    told to trust the header ignores it.
    """
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError:
        return None, ""


class Server:
    """A running gunicorn: its address and its processes."""

    def __init__(self, process, port):
        self.process = process
        self.base = f"http://127.0.0.1:{port}"

    @property
    def pid(self):
        return self.process.pid

    def worker_pids(self):
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_mb(self):
        """Resident memory of each worker, in MB."""
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:  # a worker that has just been replaced
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes


@contextmanager
def serving(environment, workers=1, startup_seconds=60, quiet=False, config=None):
    """gunicorn on a free port of 127.0.0.1 until the block ends, answering /healthz with 200
    before the block starts; stopped with every worker, whatever happens in the block.

    Unless told otherwise, each server gets a cache directory of its own, so that no page kept
    by an earlier run (of another database) is served. `config`: gunicorn's settings file, if
    not the project's."""
    with tempfile.TemporaryDirectory(prefix="newsroom-cache-") as cache_dir:
        environment = {"DJANGO_CACHE_DIR": cache_dir, **environment}
        with gunicorn(
            "newsroom.wsgi",
            environment,
            workers=workers,
            startup_seconds=startup_seconds,
            quiet=quiet,
            config=config,
        ) as server:
            yield server


@contextmanager
def gunicorn(
    app,
    environment,
    *,
    workers=1,
    executable=GUNICORN,
    directory=PROJECT_DIR,
    ready_path="/healthz",
    startup_seconds=60,
    quiet=False,
    config=None,
):
    """`executable` serving the WSGI `app` from `directory` on a free port of 127.0.0.1, once
    `ready_path` answers 200, until the block ends: ours, or a peer of the bench from its own
    virtual environment. gunicorn reads its settings from `config`, or else from the
    directory's gunicorn.conf.py."""
    port = free_port()
    output = subprocess.DEVNULL if quiet else None
    settings = [f"--config={config}"] if config else []
    process = subprocess.Popen(
        [
            str(executable),
            app,
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
            *settings,
        ],
        cwd=directory,
        env=environment,
        stdout=output,
        stderr=output,
        # Its own process group, so that stopping it stops every worker.
        start_new_session=True,
    )
    server = Server(process, port)
    try:
        _wait_until_ready(server, ready_path, startup_seconds)
        yield server
    finally:
        _stop(process)


# The longest a settling waits for the requests still running after wrk stopped.
LONGEST_SETTLING_SECONDS = 10


def settle(server, numbers, workers):
    """After a run of wrk's (`numbers`): the requests it left queued are drained (one trivial
    request per worker waits behind them), then those still running are given the time the
    slowest requests took. A slow page's requests would otherwise run on, on the server and
    its database, into the next measurement, of either side."""
    with ThreadPoolExecutor(workers) as pool:
        list(
            pool.map(lambda _: fetch(server.base + "/bench/baseline", timeout=120), range(workers))
        )
    time.sleep(min(numbers["p99_ms"] / 1000, LONGEST_SETTLING_SECONDS))


def written_out(database_url):
    """What a bulk load left in memory, written to disk before anything is measured: the
    database server's dirty pages (CHECKPOINT, which needs a superuser, as the bench's own
    server has) and then the kernel's, which would otherwise be written while the first
    pages are measured. (Before this step, the first run after the peer's load of a million
    articles stalled both sides, a trivial page's p99 767 ms against 2 ms in the run after
    it; whether unwritten pages were the cause, that one run could not tell.)"""
    import psycopg  # PostgreSQL's driver: the bench measures on PostgreSQL only

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("CHECKPOINT")
    os.sync()


def _wait_until_ready(server, path, seconds):
    deadline = time.monotonic() + seconds
    while fetch(server.base + path, timeout=5)[0] != 200:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer {path} within {seconds} s")
        time.sleep(0.2)


def _stop(process):
    # The arbiter alone is asked to stop: it stops each of its workers with one SIGTERM. Sent
    # to the whole group, the workers got a second one from the arbiter as they exited, died
    # of it, and gunicorn logged each as an error.
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    # Whatever is left of the group, whatever happened to the arbiter.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
