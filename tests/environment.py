"""Loaded by pytest before Django (see pyproject.toml): the environment every test run needs."""

import os

# Production settings refuse to start without a secret key; tests run with production settings.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.pop("DJANGO_DEBUG", None)
