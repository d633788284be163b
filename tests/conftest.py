import pytest


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render templates without having run collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-Chief-123")
    client.force_login(user)
    return client
