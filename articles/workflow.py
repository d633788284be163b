"""The newsroom's two roles, as Django groups with their permissions.

Reporters write: they create articles and edit drafts and articles in review, and submit them
for review. Editors may do everything with articles, sources, tags and corrections, including
publishing and withdrawing. Which article a reporter may change is decided in the admin
(published and withdrawn articles need `articles.publish_article`).
"""

REPORTER = "Reporter"
EDITOR = "Editor"

_ALL = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    REPORTER: {
        "article": ("add", "change", "view"),
        "source": ("view",),
        "tag": ("view",),
        "correction": ("view",),
        "revision": ("view",),
    },
    EDITOR: {
        "article": (*_ALL, "publish"),
        "source": _ALL,
        "tag": _ALL,
        "correction": _ALL,
        "revision": ("view",),
    },
}


def codenames(role):
    return {
        f"{action}_{model}"
        for model, actions in ROLE_PERMISSIONS[role].items()
        for action in actions
    }


def sync_roles(apps, schema_editor=None):
    """Create both groups if missing and give them exactly their permissions.

    Written for data migrations (`apps` is the migration state); a later migration that changes
    ROLE_PERMISSIONS runs it again.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; the groups need them now.
    # A migration state's apps have no models module, which create_permissions asks for; the
    # project's own registry (in a shell or a test) must keep the ones it has.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames(role)
        )
        group.permissions.set(wanted)
