"""Telling people that an article waits for them: the editors when it is submitted for review,
its writers (authors with an account, else its creator) when it is published, scheduled or
sent back.

Mail goes out only once the move is committed, and a mail server that is down or refuses is
logged, never raised: the article is saved whatever happens to the mail.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

logger = logging.getLogger(__name__)

EDITOR_GROUP = "Editor"  # workflow.EDITOR, which imports this module


def status_changed(article, old_status, user, reason=""):
    """Mail those who should hear of `article`'s move from `old_status`, after the commit."""
    kind = kind_of_move(article, old_status)
    if kind is None:
        return
    recipients = [
        person.email
        for person in recipients_of(kind, article)
        if person.email and person.pk != getattr(user, "pk", None)
    ]
    if not recipients:
        return
    context = {
        "article": article,
        "kind": kind,
        "actor": user.get_full_name() or user.get_username(),
        "reason": reason,
        "moment": date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
        if article.published_at
        else "",
        "site_name": settings.SITE_NAME,
    }
    transaction.on_commit(lambda: send(kind, sorted(set(recipients)), context))


def kind_of_move(article, old_status):
    Status = type(article).Status
    if article.status == Status.REVIEW:
        return "submitted"
    if article.status == Status.PUBLISHED:
        return "scheduled" if article.is_scheduled else "published"
    if article.status == Status.DRAFT and old_status in {Status.REVIEW, Status.PUBLISHED}:
        return "sent_back"
    return None


def recipients_of(kind, article):
    if kind == "submitted":
        return get_user_model().objects.filter(
            groups__name=EDITOR_GROUP, is_active=True, is_staff=True
        )
    return [person for person in writers_of(article) if person.is_active]


def writers_of(article):
    """Those who wrote the article: the accounts of its authors, else whoever created it (or,
    for articles from before that was kept, whoever first saved it in the admin)."""
    people = [author.user for author in article.byline_authors if author.user_id is not None]
    if people:
        return people
    if article.created_by_id is not None:
        return [article.created_by]
    first = article.revisions.select_related("user").order_by("created_at", "pk").first()
    return [first.user] if first is not None and first.user_id is not None else []


def send(kind, recipients, context):
    """One mail per recipient, in the interface's language; failures are logged."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("articles/mail/subject.txt", context).strip()
        body = render_to_string("articles/mail/body.txt", context)
    for recipient in recipients:
        try:
            send_mail(subject, body, None, [recipient])
        except Exception:
            # Whatever the mail server or the network does, the article is saved already.
            logger.exception(
                "Could not mail %s about article %s (%s).", recipient, context["article"].pk, kind
            )
