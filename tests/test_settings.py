from django.conf import settings

from tests.commands import run_python


def _start_django(**env):
    return run_python("import django; django.setup()", **env)


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
    code = "from django.conf import settings; print(settings.SITE_NAME)"
    result = run_python(code, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_site_name_comes_from_the_environment():
    assert _site_name_from(NEWSROOM_SITE_NAME="Tagesblatt") == "Tagesblatt"


def test_the_site_is_called_newsroom_when_no_name_is_given():
    assert _site_name_from() == "Newsroom"
    assert _site_name_from(NEWSROOM_SITE_NAME=" ") == "Newsroom"


def _purge_hook_from(**env):
    code = "from django.conf import settings; print(repr(settings.PURGE_HOOK))"
    result = run_python(code, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_purge_hook_comes_from_the_environment():
    assert _purge_hook_from(NEWSROOM_PURGE_HOOK="cdn.purge.by_keys") == "'cdn.purge.by_keys'"
    assert _purge_hook_from() == "''"
