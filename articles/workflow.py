"""The newsroom's workflow: an article's statuses, who may move it where, and the moving itself.

An article starts as a draft. Its reporter submits it for review, an editor publishes it and
may later withdraw it: draft -> review -> published -> withdrawn. Editors may also publish a
draft directly, publish a withdrawn article again, and send any article back to draft. A
published article whose moment has not come is scheduled; publishing it now brings the moment
forward.

Two roles, as Django groups with their permissions. Reporters write: they create articles, edit
the drafts and articles in review they wrote or created, submit them for review, and may delete
their own drafts. Editors may do everything with
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

from articles import notifications
from articles.models import Article, Correction, Revision
from articles.text import validate_printable

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
    """Whether `user` may change `article` at all: editors (who may publish) every article;
    reporters the drafts and articles in review that they wrote or created."""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm(PUBLISH_PERMISSION):
        return True
    return article.status not in EDITORS_ALONE and is_own(user, article)


def can_delete(user, article):
    """Whether `user` may delete `article`: editors as they may change it; reporters their
    own drafts, which no reader has seen."""
    if user.has_perm("articles.delete_article"):
        return can_change(user, article)
    return (
        user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and is_own(user, article)
    )


def is_own(user, article):
    """An article `user` created, or is one of the authors of."""
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return article.authorships.filter(author__user=user).exists()


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
        if article.status in EDITORS_ALONE:
            message = gettext("This article is %(status)s: only editors may change it.") % {
                "status": article.get_status_display()
            }
        else:
            message = gettext(
                "Only the article's authors, whoever created it, and editors may change it."
            )
        raise NotAllowed(message, "change_permission")
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
def move(article, status, user, *, reason="", published_at=None):
    """Move `article` to `status` for `user`, keeping a revision and a line in its history.

    Publishing this way means now: an article without a publication time, or with one still
    to come, gets the current time, unless `published_at` names the moment (a future one
    schedules the article). `reason` says why: a withdrawal's reason for readers (put on the
    public record with the withdrawal; may be empty), or the note for the reporter when an
    article is sent back; it is kept in the history and sent to those told of the move.
    Raises NotAllowed when the workflow refuses, and ValidationError when a field fails its
    checks, the rights to the source's texts forbid publishing or the reason has a character
    nobody can see; either way the article is left as it was. Callers changing several
    articles lock them first.
    """
    check_move(user, article, status)
    validate_printable(reason)
    before = article.status, article.published_at
    article.status = status
    now = timezone.now()
    if status == Status.PUBLISHED:
        if published_at is not None:
            article.published_at = published_at
        elif article.published_at is None or article.published_at > now:
            article.published_at = now
    try:
        if status == Status.PUBLISHED:
            # What readers get must pass the checks the article's form makes, whatever way
            # its text came in (an import, a fixture, data older than a check). Withdrawing or
            # sending back to draft stays possible, so that such an article can be taken down.
            article.clean_fields()
        article.clean()
    except ValidationError:
        article.status, article.published_at = before
        raise
    article.save()
    if status == Status.WITHDRAWN:
        record_withdrawal(article, reason)
    Revision.objects.record(article, user=user)
    log_status_change(article, before[0], user, reason)
    notifications.status_changed(article, before[0], user, reason)
    return article


def record_withdrawal(article, reason=""):
    """After `article` was saved as withdrawn: its withdrawal, with the public reason, joins its
    corrections, shown at its address and on the corrections page. Only an article readers
    have seen gets one; an embargoed text withdrawn before its moment leaves no public trace.
    """
    if article.urls.filter(was_live=True).exists():
        Correction.objects.create(
            article=article, kind=Correction.Kind.WITHDRAWAL, text=reason.strip()
        )


def status_change_message(old, new):
    return gettext("Status changed from %(old)s to %(new)s.") % {
        "old": Status(old).label,
        "new": Status(new).label,
    }


def log_status_change(article, old_status, user, reason=""):
    """The step in the article's history, as the admin's history page shows it."""
    if old_status == article.status:
        message = gettext("Published now.")
    else:
        message = status_change_message(old_status, article.status)
    if reason:
        message = gettext("%(change)s Reason: %(reason)s") % {"change": message, "reason": reason}
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
        "provenancerecord": ("view",),
        "section": ("view",),
        "author": ("view",),
        # Reporters bring pictures with their stories; deleting one is an editor's call.
        "image": ("add", "change", "view"),
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
        "provenancerecord": ("view",),
        "section": _ALL,
        "author": _ALL,
        "frontpageslot": _ALL,
        "image": _ALL,
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
