"""What the admin's article form posts, so that tests can post it as a browser would."""

from django.urls import reverse
from django.utils import timezone


def article_form_data(article, **changes):
    """The change form's fields for `article` as it is, with `changes` applied."""
    published_at = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "tags": ", ".join(sorted(article.tags.names())) if article.pk else "",
        "based_on_version": article.version if article.pk else "",
        "status": article.status,
        "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
        "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
        "language": article.language,
        "byline": article.byline,
        "source": article.source_id or "",
        "original_url": article.original_url,
        "copyright_notice": article.copyright_notice,
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        # Publishing and withdrawing ask first; a browser posts this with the answer.
        "_confirmed": "1",
    }
    data.update(changes)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_errors(response):
    """The change form's errors after a refused save, as one string."""
    form = response.context["adminform"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def form_error_codes(response):
    """The codes of the change form's errors, whatever language the messages are in."""
    form = response.context["adminform"].form
    return {error.code for errors in form.errors.as_data().values() for error in errors}
