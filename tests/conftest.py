import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache

# Each test process keeps its cache in memory, where every test clears it; production shares
# one between processes (tests/test_page_purging.py runs that one across processes).
settings.CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the tests' database is a file, as a site's is, rather than Django's default
    of one in memory.

    A database in memory lives in one connection, which the live server's threads would share
    with the test's: an autosave or a presence call the browser sends while the test reads the
    database runs on the same connection at the same moment, and one thread's transaction can
    leave the connection in a state that fails every later test. With a file each thread has
    its own connection, and SQLite's locks take turns, as they do for a site's workers.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "newsroom.sqlite3"
        )
        # What the tests write need not survive a power cut.
        database["OPTIONS"]["init_command"] = "PRAGMA synchronous = OFF"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The static files collected as production serves them (hashed names and a manifest),
    for a process of its own with production settings: DJANGO_STATIC_ROOT."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_STATIC_ROOT": str(root)},
        check=True,
    )
    return root


@pytest.fixture(autouse=True)
def plain_static_files(settings, tmp_path_factory):
    """Tests render templates without having run collectstatic, and keep the pictures they
    upload in a folder of their own (not in tmp_path, which is the test's)."""
    files = tmp_path_factory.mktemp("pictures")
    settings.MEDIA_ROOT = files / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": files / "media"},
        },
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": files / "originals", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_pages(settings):
    """Each test sees its own data: no page or count cached by an earlier test or request.

    The page cache is on in production; tests that are about it turn it on (page_cache).
    """
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def api_rate_limits_out_of_the_way(settings):
    """Tests ask the API from one address far more often than a partner may; the tests of
    the limits set their own."""
    settings.API_RATE_ANONYMOUS = settings.API_RATE_PER_KEY = 1_000_000


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    return settings


@pytest.fixture(autouse=True)
def searches_are_not_timed_by_a_busy_machine(settings):
    """Tests of what a search finds, or how it plans, must not turn on how busy the machine
    running them is; the test of the time limit sets its own."""
    settings.SEARCH_TIME_LIMIT_MS = 30_000


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create and log in many users; a slow hash on purpose would only slow them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-Chief-123")
    client.force_login(user)
    return client


@pytest.fixture
def roles(db):
    """The Reporter and Editor groups with their permissions.

    A data migration makes them, but a transactional test's flush empties every table, and
    the tests that run after it find no groups; this puts them back.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group

    from articles.workflow import ROLE_PERMISSIONS, sync_roles

    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        sync_roles(apps)


def _member_of(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, password="pw-Member-123", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def reporter(roles, django_user_model):
    return _member_of(django_user_model, "rita", "Reporter")


@pytest.fixture
def editor(roles, django_user_model):
    return _member_of(django_user_model, "emil", "Editor")


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def cri_piece(db):
    """The CRI piece on China and Belarus, loaded from its fixture."""
    from django.core.management import call_command

    from articles.models import Article

    call_command("loaddata", "cri_china_belarus", verbosity=0)
    return Article.objects.get(source__slug="cri")
