import shutil
import socket
import subprocess
import time

import pytest
import redis

from tests.commands import run_python
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _cache_setting(expression, **env):
    """What `expression`, of the default cache's settings (`cache`), prints in a process of its
    own with this environment."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"cache = settings.CACHES['default']; print({expression})"
    )
    result = run_python(code, DJANGO_SECRET_KEY="x" * 50, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _cache_settings_with(**env):
    return _cache_setting("cache['BACKEND'], cache.get('LOCATION')", **env).split()


def test_without_redis_the_processes_of_a_server_share_a_cache_in_files(tmp_path):
    backend, location = _cache_settings_with(DJANGO_CACHE_DIR=str(tmp_path))
    assert backend == "newsroom.file_cache.FileCache"
    assert location == str(tmp_path)


def test_the_cache_directory_is_in_the_project_by_default():
    backend, location = _cache_settings_with()
    assert backend == "newsroom.file_cache.FileCache"
    assert location.endswith("/cache")


def test_redis_url_makes_djangos_redis_cache_the_shared_cache():
    assert _cache_settings_with(REDIS_URL="redis://cache.internal:6379/2") == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/2",
    ]


def _key_prefix(**env):
    return _cache_setting("cache['KEY_PREFIX']", **env)


def test_each_database_has_its_own_keys_in_a_shared_cache():
    first = "postgres://news@db.internal:5432/newsroom"
    assert _key_prefix(DATABASE_URL=first) == _key_prefix(DATABASE_URL=first)
    others = [
        "postgres://news@db.internal:5432/staging",
        "postgres://news@db2.internal:5432/newsroom",
        "postgres://news@db.internal:5433/newsroom",
        "sqlite:////srv/newsroom.sqlite3",
    ]
    prefixes = {_key_prefix(DATABASE_URL=url) for url in [first, *others]}
    assert len(prefixes) == 5
    on_redis = _key_prefix(DATABASE_URL=first, REDIS_URL="redis://cache.internal:6379/2")
    assert on_redis == _key_prefix(DATABASE_URL=first)


def test_a_site_on_another_database_does_not_show_the_pages_cached_for_the_first(
    tmp_path, collected_static
):
    # One checkout run on one database, then on another, with the same cache directory.
    code = (
        "import sys, django; django.setup(); "
        "from django.core.management import call_command; from django.test import Client; "
        "call_command('migrate', verbosity=0); "
        "sys.argv[1:] and call_command('loaddata', sys.argv[1], verbosity=0); "
        "print('Belarus' in Client().get('/', secure=True).content.decode())"
    )
    shown = []
    for database, fixture in [("first", "cri_china_belarus"), ("second", None)]:
        result = run_python(
            code,
            *([fixture] if fixture else []),
            DJANGO_SECRET_KEY="x" * 50,
            DJANGO_ALLOWED_HOSTS="testserver",
            DJANGO_CACHE_DIR=str(tmp_path / "cache"),
            DJANGO_STATIC_ROOT=str(collected_static),
            DATABASE_URL=f"sqlite:///{tmp_path / database}.sqlite3",
        )
        assert result.returncode == 0, result.stderr
        shown.append(result.stdout.strip())
    assert shown == ["True", "False"]


@pytest.fixture
def redis_url():
    """A throwaway Redis server, stopped after the test."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, redis_url):
    local_cache = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "newsroom",
        }
    }
    yield
    settings.CACHES = local_cache  # before the server stops


def test_pages_are_shared_through_redis(
    client, page_cache, redis_cache, redis_url, django_assert_num_queries
):
    article = make_article(title="Shared story")
    client.get(article.get_absolute_url())
    assert redis.Redis.from_url(redis_url).keys("newsroom:*page*")
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert "Shared story" in response.content.decode()


def test_a_purge_reaches_pages_shared_through_redis(
    client, page_cache, redis_cache, django_assert_num_queries
):
    article = make_article(title="Shared story")
    client.get(article.get_absolute_url())
    article.title = "Corrected story"
    article.save()
    assert "Corrected story" in client.get(article.get_absolute_url()).content.decode()
