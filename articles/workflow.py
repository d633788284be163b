"""The newsroom's workflow: an article's statuses, who may move it where, and the moving itself.

An article starts as a draft. Its reporter submits it for review, an editor publishes it and
may later withdraw it: draft -> review -> published -> withdrawn. Editors may also publish a
draft directly, publish a withdrawn article again, and send any article back to draft. A
published article whose moment has not come is scheduled; publishing it now brings the moment
forward.

Two roles, as Django groups with their permissions. Reporters write: they create articles, edit
drafts and articles in review, and submit them for review. Editors may do everything with
articles, sources, tags and corrections, publishing and withdrawing included. Published and
withdrawn articles have been in front of readers, so they are the editors' alone.

The admin's form and actions, the staff preview and any API ask this module; it knows nothing
of them.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article, Revision

Status = Article.Status

TRANSITIONS = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.WITHDRAWN, Status.DRAFT},
    Status.WITHDRAWN: {Status.DRAFT, Status.PUBLISHED},
}

# Readers have seen articles here: only editors change them, or move an article here.
EDITORS_ALONE = frozenset({Status.PUBLISHED, Status.WITHDRAWN})
PUBLISH_PERMISSION = "articles.publish_article"


class NotAllowed(PermissionDenied):
    """A move the workflow refuses. `code` says why: "publish_permission", "change_permission"
    or "transition"; the message says it to the person who tried."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def can_change(user, article):
    """Whether `user` may change `article` at all."""
    if not user.has_perm("articles.change_article"):
        return False
    return article.status not in EDITORS_ALONE or user.has_perm(PUBLISH_PERMISSION)


def can_move(user, article, status):
    """Whether `user` may move `article` from where it is to `status`."""
    try:
        check_move(user, article, status)
    except NotAllowed:
        return False
    return True


def check_move(user, article, status):
    """Raises NotAllowed, saying why, unless `user` may move `article` to `status`."""
    if status in EDITORS_ALONE and not user.has_perm(PUBLISH_PERMISSION):
        raise NotAllowed(
            gettext(
                "You may not publish or withdraw articles. Submit the article for review, and "
                "an editor will publish it."
            ),
            "publish_permission",
        )
    if not can_change(user, article):
        raise NotAllowed(
            gettext("This article is %(status)s: only editors may change it.")
            % {"status": article.get_status_display()},
            "change_permission",
        )
    if not leads_to(article, status):
        raise NotAllowed(
            gettext("An article cannot go from %(current)s to %(status)s.")
            % {"current": Status(article.status).label, "status": Status(status).label},
            "transition",
        )


def leads_to(article, status):
    """Whether the workflow leads from where `article` is to `status`. Publishing a scheduled
    article again is a step too: it is published now."""
    if status == article.status:
        return status == Status.PUBLISHED and article.is_scheduled
    return status in TRANSITIONS[article.status]


@transaction.atomic
def move(article, status, user):
    """Move `article` to `status` for `user`, keeping a revision and a line in its history.

    Publishing this way means now: an article without a publication time, or with one still
    to come, gets the current time. Raises NotAllowed when the workflow refuses, and
    ValidationError when the rights to the source's texts forbid publishing; either way the
    article is left as it was. Callers changing several articles lock them first.
    """
    check_move(user, article, status)
    before = article.status, article.published_at
    article.status = status
    now = timezone.now()
    if status == Status.PUBLISHED and (article.published_at is None or article.published_at > now):
        article.published_at = now
    try:
        article.clean()
    except ValidationError:
        article.status, article.published_at = before
        raise
    article.save()
    Revision.objects.record(article, user=user)
    log_status_change(article, before[0], user)
    return article


def status_change_message(old, new):
    return gettext("Status changed from %(old)s to %(new)s.") % {
        "old": Status(old).label,
        "new": Status(new).label,
    }


def log_status_change(article, old_status, user):
    """The step in the article's history, as the admin's history page shows it."""
    if old_status == article.status:
        message = gettext("Published now.")
    else:
        message = status_change_message(old_status, article.status)
    LogEntry.objects.log_actions(user.pk, [article], CHANGE, message, single_object=True)


# The roles.

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
        # Machines' access: partners' API keys and agencies' ingest tokens.
        "apikey": _ALL,
        "ingesttoken": _ALL,
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
