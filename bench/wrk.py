"""Runs wrk against one URL, or a list of them in turn, and reads its numbers."""

import re
import subprocess
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output):
    """Requests per second, p50 and p99 latency in ms, and the count of bad answers."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+[a-z]+)", output, re.MULTILINE))
    if not {"50", "99"} <= percentiles.keys():
        raise ValueError(f"no latency percentiles in wrk's output:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests_per_second": rate,
        "p50_ms": to_ms(percentiles["50"]),
        "p99_ms": to_ms(percentiles["99"]),
        "requests": requests,
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


LOADTEST_SCRIPT = Path(__file__).with_name("loadtest.lua")


def run(url, seconds, connections, threads=2, addresses=None):
    """wrk's numbers for `url`; with `addresses` (a file of paths, one a line), for those paths
    on url's server in turn instead."""
    script = ["--script", str(LOADTEST_SCRIPT)] if addresses else []
    arguments = ["--", f"@{addresses}", str(threads)] if addresses else []
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        *script,
        url,
        *arguments,
    ]
    # wrk stops itself after -d; the timeout only guards against a hang.
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    )
    return parse(result.stdout)
