"""The buttons under an article's form: what this person may do with the article now.

Each button posts the form with the status it moves the article to; the workflow decides
which are offered (workflow.can_move), and the form checks the posted status again, so a
forged post is refused just the same.
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext

from articles import workflow
from articles.models import Article

Status = Article.Status


@dataclass(frozen=True)
class Action:
    name: str  # the button's name in the post
    value: str
    label: str
    confirm: str = ""  # asked before the form is sent, when not empty
    needs_note: bool = False  # the note box goes with it


def article_actions(user, article):
    """The buttons for `user` on `article` (a new, unsaved one included), the plain save
    first, so that Enter in a field saves without changing the status."""
    if article.pk is not None and not workflow.can_change(user, article):
        return []
    is_draft = article.status == Status.DRAFT
    actions = [Action("_continue", "1", gettext("Save draft") if is_draft else gettext("Save"))]
    if workflow.can_move(user, article, Status.REVIEW):
        actions.append(Action("status", Status.REVIEW, gettext("Submit for review")))
    publishable = not article.has_expired_rights  # the rights forbid it; the form says why
    if publishable and article.is_scheduled and workflow.can_move(user, article, Status.PUBLISHED):
        actions.append(
            Action(
                "_publish_now",
                "1",
                gettext("Publish now"),
                confirm=gettext("Publish this article now? Readers see it at once."),
            )
        )
    elif publishable and workflow.can_move(user, article, Status.PUBLISHED):
        actions.append(
            Action(
                "status",
                Status.PUBLISHED,
                publish_label(article.published_at),
                confirm=gettext("Publish this article? Readers see it at the time it names."),
            )
        )
    sends_back = article.status == Status.REVIEW and user.has_perm(workflow.PUBLISH_PERMISSION)
    if sends_back and workflow.can_move(user, article, Status.DRAFT):
        label = gettext("Send back to the reporter")
        actions.append(Action("status", Status.DRAFT, label, needs_note=True))
    if workflow.can_move(user, article, Status.WITHDRAWN):
        actions.append(
            Action(
                "status",
                Status.WITHDRAWN,
                gettext("Withdraw"),
                confirm=gettext(
                    "Withdraw this article? Its address will say it was withdrawn, with the "
                    "reason given."
                ),
                needs_note=True,
            )
        )
    return actions


def publish_label(published_at):
    """'Publish', or 'Schedule for …' when the publication time is still to come."""
    if published_at is not None and published_at > timezone.now():
        moment = formats.date_format(timezone.localtime(published_at), "DATETIME_FORMAT")
        return gettext("Schedule for %(moment)s") % {"moment": moment}
    return gettext("Publish")
