import os
import subprocess
import sys

from django.conf import settings


def _start_django(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
    )


def test_debug_off_without_a_secret_key_refuses_to_start_and_names_the_variable():
    result = _start_django()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_on_starts_without_a_secret_key():
    assert _start_django(DJANGO_DEBUG="1").returncode == 0


def test_a_secret_key_lets_production_settings_start():
    assert _start_django(DJANGO_SECRET_KEY="x" * 50).returncode == 0


def test_an_unreadable_debug_flag_is_refused_with_its_name():
    result = _start_django(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_tests_run_with_debug_off():
    assert settings.DEBUG is False


def _site_name_from(**env):
    environment = {k: v for k, v in os.environ.items() if k != "NEWSROOM_SITE_NAME"}
    environment.update(env, DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="newsroom.settings")
    code = "from django.conf import settings; print(settings.SITE_NAME)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_site_name_comes_from_the_environment():
    assert _site_name_from(NEWSROOM_SITE_NAME="Tagesblatt") == "Tagesblatt"


def test_the_site_is_called_newsroom_when_no_name_is_given():
    assert _site_name_from() == "Newsroom"
    assert _site_name_from(NEWSROOM_SITE_NAME=" ") == "Newsroom"
