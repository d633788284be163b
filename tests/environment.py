"""Loaded by pytest before Django (see pyproject.toml): the environment every test run needs."""

import os

# Production settings refuse to start without a secret key; tests run with production settings.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.pop("DJANGO_DEBUG", None)
# ...except that the test client speaks plain HTTP, as the app does behind a TLS proxy; the
# redirect to HTTPS itself is tested in test_security.py.
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ.pop("DJANGO_BEHIND_PROXY", None)
# The read replica exists only in the router's tests, which add it themselves.
os.environ.pop("DATABASE_REPLICA_URLS", None)
