import shutil
import socket
import subprocess
import time

import pytest
import redis

from tests.commands import run_python
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _cache_settings_with(**env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"
    )
    result = run_python(code, DJANGO_SECRET_KEY="x" * 50, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


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
