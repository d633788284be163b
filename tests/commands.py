"""Running the project's commands in a process of their own, as an operator would."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection


def url_of_test_database():
    """The address of the test database, for a process that connects on its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"  # a file during the tests (tests/conftest.py)
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def run_manage(*arguments):
    """manage.py with these arguments against the test database; its output, or an error."""
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url_of_test_database()},
        capture_output=True,
        text=True,
        check=True,
    )


def run_python(code, *args, **env):
    """Python code in a process of its own with the project's settings, its environment free
    of this one's settings (DJANGO_*, NEWSROOM_*, REDIS_URL) except those given in env; args
    are its sys.argv[1:]."""
    ours = ("DJANGO_", "NEWSROOM_", "REDIS_URL")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    environment.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
