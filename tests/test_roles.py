import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.workflow import EDITOR, REPORTER, codenames, sync_roles

pytestmark = pytest.mark.django_db


def permissions_of(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_migration_creates_the_reporter_group_without_publishing_or_deleting():
    granted = permissions_of(REPORTER)
    assert {"add_article", "change_article", "view_article"} <= granted
    assert "publish_article" not in granted
    assert "delete_article" not in granted


def test_migration_gives_editors_everything_on_articles_sources_tags_and_corrections():
    granted = permissions_of(EDITOR)
    for model in ["article", "source", "tag", "correction"]:
        for action in ["add", "change", "delete", "view"]:
            assert f"{action}_{model}" in granted
    assert "publish_article" in granted


def test_syncing_the_roles_restores_permissions_taken_away_by_hand():
    from django.apps import apps

    group = Group.objects.get(name=REPORTER)
    group.permissions.clear()
    Group.objects.get(name=EDITOR).delete()
    sync_roles(apps)
    assert permissions_of(REPORTER) == codenames(REPORTER)
    assert permissions_of(EDITOR) == codenames(EDITOR)


def test_the_first_editor_account_is_in_the_editor_group(django_user_model):
    call_command("ensure_editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert django_user_model.objects.get(username="editor").groups.filter(name=EDITOR).exists()


def test_syncing_the_roles_leaves_the_project_apps_as_they_were():
    from django.apps import apps

    before = {config.label: config.models_module for config in apps.get_app_configs()}
    sync_roles(apps)
    assert {config.label: config.models_module for config in apps.get_app_configs()} == before


def test_editors_and_reporters_may_read_the_provenance_records_of_agency_copy():
    assert "view_provenancerecord" in permissions_of(EDITOR)
    assert "view_provenancerecord" in permissions_of(REPORTER)
    assert "change_provenancerecord" not in permissions_of(EDITOR)
