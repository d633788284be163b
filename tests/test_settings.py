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
