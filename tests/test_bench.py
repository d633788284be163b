"""The benchmark's reading of wrk (the benchmark itself runs with make bench)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import wrk  # noqa: E402

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
