"""The benchmark's tools: its reading of wrk and its server (the benchmark runs with make bench)."""

import collections
import http.server
import os
import runpy
import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from bench import instructions, machine, profile, wrk
from bench.database_cpu import DatabaseServerCPU
from bench.request_times import WRITTEN_EVERY
from bench.server import fetch, production_environment, serving, written_out
from tests.factories import make_article, make_source

OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.21ms    2.10ms  41.00ms   80.00%
    Req/Sec     1.90k   120.00     2.10k    70.00%
  Latency Distribution
     50%    3.90ms
     75%    5.10ms
     90%    6.80ms
     99%    1.20s
  37890 requests in 10.00s, 390.12MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   3788.12
Transfer/sec:     39.01MB
"""


def test_wrk_output_gives_rate_percentiles_in_milliseconds_and_bad_answers():
    numbers = wrk.parse(OUTPUT)
    assert numbers["requests_per_second"] == pytest.approx(3788.12)
    assert numbers["p50_ms"] == pytest.approx(3.9)
    assert numbers["p99_ms"] == pytest.approx(1200.0)
    assert numbers["requests"] == 37890
    assert numbers["non_2xx_3xx"] == 3


def test_wrk_output_without_percentiles_is_refused_with_the_output():
    with pytest.raises(ValueError, match="no latency percentiles"):
        wrk.parse(OUTPUT.replace("99%", "98%"))


def test_the_production_environment_leaves_out_the_callers_django_variables(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    environment = production_environment(DJANGO_PAGE_CACHE="off")
    assert "DJANGO_DEBUG" not in environment
    assert environment["DJANGO_PAGE_CACHE"] == "off"
    assert environment["DJANGO_SETTINGS_MODULE"] == "newsroom.settings"
    assert len(environment["DJANGO_SECRET_KEY"]) >= 50


def test_a_served_site_answers_its_health_check_and_stops_when_the_block_ends(tmp_path):
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", DJANGO_SECURE_SSL_REDIRECT="0"
    )
    with serving(environment, quiet=True) as server:
        assert fetch(server.base + "/healthz") == (200, "ok\n")
    assert server.process.poll() is not None
    assert fetch(server.base + "/healthz")[0] is None


def test_a_server_that_cannot_start_is_reported_without_waiting_for_the_deadline():
    environment = production_environment(DJANGO_SECRET_KEY="")
    with pytest.raises(RuntimeError, match="exited"), serving(environment, quiet=True):
        pass


def test_time_is_grouped_by_where_it_is_spent():
    assert profile.group_of("/x/site-packages/psycopg/cursor.py") == "database"
    assert profile.group_of("/x/site-packages/django/db/models/query.py") == "ORM"
    assert profile.group_of(f"{profile.OUR_CODE}articles/models/teaser_rows.py") == "ORM"
    assert profile.group_of("/x/site-packages/django/template/base.py") == "template"
    assert profile.group_of("/x/site-packages/jinja2/runtime.py") == "template"
    assert profile.group_of(f"{profile.OUR_CODE}pages/base.html") == "template"
    assert profile.group_of(f"{profile.OUR_CODE}partials/articles/_teaser.html") == "template"
    assert profile.group_of(f"{profile.OUR_CODE}articles/site/partials.py") == "template"
    assert profile.group_of(f"{profile.OUR_CODE}articles/site/views.py") == "our code"
    assert profile.group_of(f"{profile.OUR_CODE}newsroom/middleware.py") == "our code"
    assert profile.group_of(f"{profile.OUR_CODE}bench/profile.py") is None  # the harness
    assert profile.group_of("/x/site-packages/django/middleware/csrf.py") == profile.REST
    assert profile.group_of("/usr/lib/python3.11/json/decoder.py") is None  # for its callers
    assert profile.group_of("~") is None


# As the bench does: each request ends by closing the connection, which a test's transaction
# would not outlive.
@pytest.mark.django_db(transaction=True)
def test_a_pages_python_time_is_split_into_groups_that_add_up(monkeypatch, settings):
    from django.core.handlers.wsgi import WSGIHandler

    from tests.factories import make_article

    monkeypatch.setattr(profile, "SECONDS_PER_PAGE", 0.2)
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    make_article(title="Profiled")
    found = profile.profile_page(WSGIHandler(), "/")
    split = found["split_ms"]
    assert found["requests"] >= profile.MIN_REQUESTS
    assert set(split) == set(profile.GROUPS)
    assert sum(split.values()) == pytest.approx(found["ms_per_request"], abs=0.05)
    assert split["database"] > 0 and split["template"] > 0 and split["our code"] > 0
    cpu = found["cpu_ms"]
    assert 0 < cpu["app"] <= found["ms_per_request"] * 1.1
    if connection.vendor == "postgresql":
        # The server runs on this machine, as the tests start it; a fifth of a second of
        # requests may cost it less than a clock tick.
        assert cpu["database server"] >= 0
    else:
        assert cpu["database server"] is None
    assert profile.profile_page(WSGIHandler(), "/no-such-page/") is None


# Work enough for the server to spend a good tenth of a second on, in clock ticks of 10 ms.
SORTING = (
    "SELECT count(*) FROM (SELECT md5(i::text) FROM generate_series(1, 200000) AS i ORDER BY 1)"
    " AS sorted"
)


@pytest.mark.django_db
def test_the_database_servers_time_counts_connections_that_have_ended():
    meter = DatabaseServerCPU.of(connection)
    if connection.vendor != "postgresql":
        assert meter is None
        return
    before = meter.seconds()
    for _ in range(2):
        with connection.get_new_connection(connection.get_connection_params()) as ended:
            ended.execute(SORTING)
    assert meter.seconds() - before >= 0.1


def checkpoints_asked():
    with connection.cursor() as cursor:
        # A transaction keeps the statistics it read first.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT checkpoints_req FROM pg_stat_bgwriter")
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench measures PostgreSQL")
def test_what_a_load_left_in_memory_is_written_out_before_measuring():
    make_article()
    before = checkpoints_asked()
    written_out(os.environ["DATABASE_URL"])
    assert checkpoints_asked() == before + 1


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with an empty 200 (404 under /missing/) and counts the paths asked
    for."""

    protocol_version = "HTTP/1.1"
    asked = None  # a Counter, set per server
    counting = None  # its lock: requests still in flight when a test reads it are counted

    def do_GET(self):  # noqa: N802 (http.server's name)
        with self.counting:
            self.asked[self.path] += 1
        self.send_response(404 if self.path.startswith("/missing/") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def counting_server():
    counts = {"asked": collections.Counter(), "counting": threading.Lock()}
    handler = type("Handler", (CountingHandler,), counts)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def asked():
        """The paths asked for so far."""
        with handler.counting:
            return collections.Counter(handler.asked)

    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_a_long_tail_asks_for_each_address_once_whatever_thread_asks(counting_server, tmp_path):
    base, asked_so_far = counting_server
    paths = [f"/articles/{number}/" for number in range(200_000)]
    addresses = tmp_path / "addresses.txt"
    addresses.write_text("\n".join(paths) + "\n")
    numbers = wrk.run(base + paths[0], seconds=2, connections=4, threads=2, addresses=addresses)
    asked = asked_so_far()
    assert numbers["requests"] > 100
    assert numbers["non_2xx_3xx"] == 0
    assert set(asked) <= set(paths)
    assert max(asked.values()) == 1
    # Each thread took its own share, the even places and the odd, from the list's start.
    places = sorted(int(path.split("/")[2]) for path in asked)
    assert {place % 2 for place in places} == {0, 1}
    assert places[0] < 10


def test_the_peer_run_takes_a_page_as_is_and_a_long_tail_by_halves(counting_server):
    from types import SimpleNamespace

    from bench import peer

    base, asked_so_far = counting_server
    tail = [f"/articles/{number}/" for number in range(100_000)]
    pages = [("article", "/one/"), ("article (long tail)", tail)]
    servers = {"ours": SimpleNamespace(base=base)}
    results = peer.measure(servers, pages, seconds=1, connections=2, half=1)
    asked = asked_so_far()
    assert results["article"]["ours"]["requests"] > 0
    assert results["article (long tail)"]["ours"]["requests"] > 0
    assert asked["/one/"] > peer.WARM_UP_REQUESTS
    of_tail = set(tail)
    asked_of_tail = [path for path in asked if path in of_tail]
    assert asked_of_tail and all(int(path.split("/")[2]) % 2 == 1 for path in asked_of_tail)
    assert max(asked[path] for path in asked_of_tail) == 1
    assert peer.as_recorded(pages)[1] == ["article (long tail)", "/articles/0/ and 99,999 more"]


def test_settling_drains_the_queue_then_waits_out_the_slowest_requests(counting_server):
    import time
    from types import SimpleNamespace

    from bench.server import settle

    base, asked = counting_server
    started = time.monotonic()
    settle(SimpleNamespace(base=base), {"p99_ms": 300.0}, workers=2)
    assert time.monotonic() - started >= 0.3
    assert asked()["/bench/baseline"] == 2


def test_the_baseline_is_measured_between_the_pages_and_each_page_compared_with_its_own(
    counting_server,
):
    from types import SimpleNamespace

    from bench import report, run

    base, _ = counting_server
    pages = [("baseline", "/bench/baseline")] + [(f"page {n}", f"/{n}/") for n in range(9)]
    results, requests = run.measure_on(
        SimpleNamespace(base=base), pages, workers=1, seconds=1, connections=2
    )
    runs = results["baseline"]["runs_per_second"]
    # First, after the fourth and the eighth page, and after the last.
    assert len(runs) == 4
    assert results["baseline"]["requests_per_second"] == sorted(runs)[2]
    assert list(results) == ["baseline", *(f"page {n}" for n in range(9))]
    # Pages 0 to 3 lie between the first two runs, 4 to 7 between the next two, 8 after.
    for number, (before, after) in enumerate([(0, 1)] * 4 + [(1, 2)] * 4 + [(2, 3)]):
        page = results[f"page {number}"]
        assert page["baseline_per_second"] == (runs[before] + runs[after]) / 2
        share = report.ratio({"cache_off": results}, "cache_off", f"page {number}")
        assert share == page["requests_per_second"] / page["baseline_per_second"]
    # The baseline's runs count among the requests the server was asked, as the pages' do.
    assert requests > sum(results[f"page {n}"]["requests"] for n in range(9))


def test_the_baseline_is_measured_after_the_last_page_even_if_pages_after_it_fail(
    counting_server,
):
    from types import SimpleNamespace

    from bench import run

    base, _ = counting_server
    pages = [("baseline", "/bench/baseline")] + [(f"page {n}", f"/{n}/") for n in range(5)]
    pages.append(("gone", "/missing/"))
    results, _ = run.measure_on(
        SimpleNamespace(base=base), pages, workers=1, seconds=1, connections=2
    )
    runs = results["baseline"]["runs_per_second"]
    # First, after the fourth page, and after the fifth, the last that answered.
    assert len(runs) == 3
    assert "gone" not in results
    assert results["page 4"]["baseline_per_second"] == (runs[1] + runs[2]) / 2


def test_a_page_is_compared_with_the_baseline_runs_on_either_side_of_it():
    from bench.run import around, median_run

    runs = [(0, 3_000), (4, 2_800), (8, 2_500)]
    runs = [(place, {"requests_per_second": rate, "requests": 1}) for place, rate in runs]
    assert around(0, runs) == around(3, runs) == 2_900
    assert around(4, runs) == 2_650
    assert around(8, runs) == around(9, runs) == 2_500
    # The table's row: the median run, of two middle ones the faster.
    four = [{"requests_per_second": rate} for rate in (3_900, 3_500, 4_200, 3_600)]
    assert median_run(four) == {
        "requests_per_second": 3_900,
        "runs_per_second": [3_900, 3_500, 4_200, 3_600],
    }


def test_a_requests_instructions_are_counted_the_same_on_every_run(tmp_path):
    environment = instructions.counting_environment(
        production_environment(
            DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
            DJANGO_BENCH_BASELINE="1",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="0",
        )
    )
    counts = [instructions.per_request("/bench/baseline", environment) for _ in range(2)]
    # Django's whole stack for a page of nothing: hundreds of thousands, not the start-up's
    # billions, which the two runs of each count leave out.
    assert 100_000 < counts[0] < 10_000_000
    assert abs(counts[0] - counts[1]) < counts[0] / 100


def test_a_page_that_does_not_answer_is_not_counted(tmp_path):
    environment = instructions.counting_environment(
        production_environment(
            DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", DJANGO_SECURE_SSL_REDIRECT="0"
        )
    )
    # Not there without DJANGO_BENCH_BASELINE: what the process said comes with the refusal
    # (here the error page's own failure, with no tables and no static files collected).
    with pytest.raises(RuntimeError, match="/bench/baseline was not counted: .+"):
        instructions.per_request("/bench/baseline", environment)


@pytest.mark.django_db
def test_the_long_tail_is_not_counted_from_an_archive_too_small_for_it():
    make_article(source=make_source())
    with pytest.raises(SystemExit, match="the long tail needs 130 articles .* has 0 there"):
        instructions.long_tail_paths(130)


def test_a_stopped_server_leaves_no_worker_and_logs_no_error(tmp_path, capfd):
    """gunicorn's arbiter stops its own workers: a worker also signalled from outside died of
    the second signal, and gunicorn logged it as an error."""
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    for _ in range(3):
        with serving(environment, workers=2) as server:
            workers = server.worker_pids()
        assert len(workers) == 2
        assert not [pid for pid in workers if (Path("/proc") / str(pid)).exists()]
    assert "[ERROR]" not in capfd.readouterr().err


class _NoDatabaseServer:
    """A database server that spends nothing: the counting server reads no database."""

    def seconds(self):
        return 0


def test_a_pages_machine_time_is_split_among_the_processes_that_spent_it(counting_server):
    base, _asked = counting_server
    # The counting server answers from this very process: its workers are this process.
    server = type("Served", (), {"base": base, "worker_pids": lambda self: [os.getpid()]})()
    rate, parts = machine.under_load(server, "/", _NoDatabaseServer(), seconds=2, connections=4)
    assert rate > 100
    assert parts["workers"] > 0
    assert parts["database server"] == 0
    # wrk, outside this process, spent its share of the machine too.
    assert parts["the rest"] > 0


def test_a_page_that_answers_nothing_under_load_gets_no_figures():
    # A server that takes connections and never answers them: wrk counts no request.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        base = f"http://127.0.0.1:{silent.getsockname()[1]}"
        server = type("Served", (), {"base": base, "worker_pids": lambda self: []})()
        with pytest.raises(RuntimeError, match="/ answered no request in 1 s"):
            machine.under_load(server, "/", _NoDatabaseServer(), seconds=1, connections=2)


def test_the_workers_count_their_requests_time_under_the_projects_settings(tmp_path):
    counted = tmp_path / "counted"
    counted.mkdir()
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_SECURE_SSL_REDIRECT="0",
        BENCH_REQUEST_TIMES=str(counted),
    )
    times = machine.RequestTimes(counted)
    with serving(environment, config=machine.REQUEST_TIMES_SETTINGS) as server:
        ready = times.read()[0]  # the requests that asked whether it was up
        for _ in range(2 * WRITTEN_EVERY):
            fetch(server.base + "/healthz")
        with urllib.request.urlopen(server.base + "/healthz") as response:  # noqa: S310 (our server)
            announced = response.headers.get("Server")
        requests, seconds = times.read()
        rate, parts = machine.under_load(
            server, "/healthz", _NoDatabaseServer(), seconds=1, connections=2, request_times=times
        )
    assert rate > 0
    assert 0 < parts["the requests"] < parts["workers"]
    assert parts["gunicorn"] == pytest.approx(parts["workers"] - parts["the requests"])
    assert requests - ready >= WRITTEN_EVERY
    assert requests % WRITTEN_EVERY == 0
    assert 0 < seconds / requests < 0.1
    # gunicorn.conf.py still applies: the server does not announce itself, and trusts the
    # same proxies.
    assert announced is None
    own = runpy.run_path(str(machine.REQUEST_TIMES_SETTINGS))
    project = runpy.run_path(str(machine.PROJECT_DIR / "gunicorn.conf.py"))
    assert own["forwarded_allow_ips"] == project["forwarded_allow_ips"]
