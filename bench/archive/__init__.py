"""A synthetic news archive for demos and benchmarks, written by `manage.py generate_articles`."""
