"""Loaded by pytest before Django (see pyproject.toml): the environment every test run needs."""

import os

# Production settings refuse to start without a secret key; tests run with production settings.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.pop("DJANGO_DEBUG", None)
# ...except that the test client speaks plain HTTP, as the app does behind a TLS proxy; the
# redirect to HTTPS itself is tested in test_security.py.
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ.pop("DJANGO_BEHIND_PROXY", None)

# A second database alias, mirroring the test database, for the read-replica router's tests.
# Reads go to it only in tests that ask for it (see conftest.py).
os.environ.setdefault("DATABASE_REPLICA_URLS", os.environ.get("DATABASE_URL", "sqlite:///:memory:"))
