"""A synthetic news archive for demos and benchmarks, written by `manage.py generate_articles`."""

# How `make bench` makes its archive, for ours and for an earlier commit's site alike: the same
# articles, at the same addresses, with the same curated front page.
BENCH_OPTIONS = ("--seed", "1", "--jobs", "2", "--curate")
