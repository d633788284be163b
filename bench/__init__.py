"""Benchmarks at scale and the load test, with the synthetic archive they run on.

Nothing in production imports this package; the project lists its `archive` app in
INSTALLED_APPS so that `manage.py generate_articles` is there for operators and tests.
"""
