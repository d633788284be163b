"""The bench's comparison with an earlier commit: what it refuses, and what it reports."""

import pytest

from bench import against, report
from bench.archive import BENCH_OPTIONS


def numbers(rate):
    return {"requests_per_second": rate, "p50_ms": 1000 / rate, "p99_ms": 2000 / rate}


def test_a_commit_the_repository_does_not_have_stops_the_bench_before_it_measures():
    with pytest.raises(SystemExit, match="BENCH_AGAINST=0000000: no such commit"):
        against.check("0000000")


def test_a_commit_the_repository_has_is_accepted():
    against.check("HEAD")


def test_each_number_is_the_median_of_the_rounds():
    rounds = [numbers(100), numbers(300), numbers(200)]
    assert against._median(rounds)["requests_per_second"] == 200


def test_the_table_gives_both_sides_and_now_as_a_share_of_then():
    record = {
        "commit": "ff4d326",
        "workers": 2,
        "connections": 16,
        "rounds": 3,
        "results": {
            "baseline": {"now": numbers(3000), "then": numbers(3000)},
            "front page": {"now": numbers(430), "then": numbers(500)},
        },
    }
    table = report.against_table(record)
    assert "| front page | 430 | 500 | 0.86 |" in table
    assert "| baseline | 3,000 | 3,000 | 1.00 |" in table
    assert "medians of 3 rounds" in table


def checkout_whose_archive_command_says(tmp_path, text):
    command = tmp_path / "bench" / "archive" / "management" / "commands" / "generate_articles.py"
    command.parent.mkdir(parents=True)
    command.write_text(text)
    return tmp_path


def test_the_earlier_site_gets_the_archive_ours_gets_curated_front_page_and_all(tmp_path):
    then = checkout_whose_archive_command_says(tmp_path, '"--seed" "--jobs" "--curate"')
    assert against._options_known_to(then) == list(BENCH_OPTIONS)
    assert "--curate" in BENCH_OPTIONS


def test_a_commit_that_cannot_curate_gets_the_rest_and_says_so(tmp_path, capsys):
    then = checkout_whose_archive_command_says(tmp_path, '"--seed" "--jobs"')
    assert against._options_known_to(then) == ["--seed", "1", "--jobs", "2"]
    assert "not curated" in capsys.readouterr().out
