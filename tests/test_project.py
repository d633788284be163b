import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_ensure_editor_creates_one_editor_with_a_random_password():
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_editor", stdout=first)
    call_command("ensure_editor", stdout=second)
    User = get_user_model()
    editor = User.objects.get()
    assert editor.is_staff and editor.is_superuser
    password = first.getvalue().split("with password '")[1].split("'")[0]
    assert len(password) >= 16
    assert editor.check_password(password)
    assert password not in second.getvalue()


@pytest.mark.django_db
def test_ensure_editor_leaves_existing_users_alone(django_user_model):
    django_user_model.objects.create_user("someone", password="pw-Someone-123")
    call_command("ensure_editor", stdout=io.StringIO())
    assert django_user_model.objects.count() == 1
