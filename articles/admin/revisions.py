"""Admin pages for an article's revisions: the list, a comparison of any two, and restoring."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.agency.diff import word_diff
from articles.models import Article, Revision

# Compared word by word; the other fields are shown as "before → after".
TEXT_FIELDS = [("title", _("title")), ("summary", _("summary")), ("body", _("body"))]
OTHER_FIELDS = [
    ("status", _("status")),
    ("published_at", _("published at")),
    ("slug", _("slug")),
    ("source_name", _("source")),
    ("tags", _("tags")),
    ("kicker", _("kicker")),
    ("section_name", _("section")),
    ("author_names", _("authors")),
    ("seo_title", _("SEO title")),
    ("seo_description", _("SEO description")),
    ("language", _("language")),
    ("byline", _("byline")),
    ("original_url", _("original URL")),
    ("copyright_notice", _("copyright notice")),
]


class RevisionViewsMixin:
    """Adds /revisions/, /revisions/compare/ and /revisions/<id>/restore/ to an article."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name="article_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.compare_revisions_view),
                name="article_revisions_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                view(self.restore_revision_view),
                name="article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def get_viewable_article(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def revision_context(self, request, article, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "has_change_permission": self.has_change_permission(request, article),
            **context,
        }

    def revisions_view(self, request, object_id):
        article = self.get_viewable_article(request, object_id)
        revisions = article.revisions.select_related("user")
        context = self.revision_context(
            request, article, title=gettext("Revisions"), revisions=revisions
        )
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def compare_revisions_view(self, request, object_id):
        article = self.get_viewable_article(request, object_id)
        try:
            ids = [int(request.GET["from"]), int(request.GET["to"])]
        except (KeyError, ValueError):
            messages.error(request, gettext("Choose two revisions to compare."))
            return redirect("admin:article_revisions", article.pk)
        found = {r.pk: r for r in article.revisions.select_related("user").filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            raise Http404
        older, newer = sorted((found[i] for i in ids), key=lambda r: (r.created_at, r.pk))
        texts = [
            (label, word_diff(older.data[name], newer.data[name])) for name, label in TEXT_FIELDS
        ]
        others = []
        for name, label in OTHER_FIELDS:
            before, after = display(name, older.data.get(name)), display(name, newer.data.get(name))
            if before != after:
                others.append((name, label, before, after))
        context = self.revision_context(
            request,
            article,
            title=gettext("Compare revisions"),
            older=older,
            newer=newer,
            texts=texts,
            others=others,
        )
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def restore_revision_view(self, request, object_id, revision_id):
        article = self.get_viewable_article(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(Revision, pk=revision_id, article=article)
        if request.method != "POST":
            context = self.revision_context(
                request,
                article,
                title=gettext("Restore a revision"),
                revision=revision,
                goes_live=article.status == Article.Status.PUBLISHED,
                corrections_since=article.corrections.filter(
                    created_at__gt=revision.created_at
                ).order_by("created_at"),
            )
            return TemplateResponse(
                request, "admin/articles/article/revision_restore.html", context
            )
        if "_as_draft" in request.POST:
            return self.restore_as_draft(request, article, revision)
        try:
            restored = revision.restore(user=request.user)
        except ValidationError as error:
            return refused_restore(request, article, error)
        self.log_change(
            request,
            article,
            gettext("Restored the revision of %(moment)s.")
            % {"moment": local(revision.created_at)},
        )
        messages.success(
            request,
            gettext("The revision was restored as version %(version)d.")
            % {"version": restored.version},
        )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def restore_as_draft(self, request, article, revision):
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            draft = revision.restore_as_draft(user=request.user)
        except ValidationError as error:
            return refused_restore(request, article, error)
        self.log_addition(
            request,
            draft,
            gettext("A new draft from the revision of %(moment)s of “%(title)s”.")
            % {"moment": local(revision.created_at), "title": article.title},
        )
        messages.success(request, gettext("The revision is now a new draft of its own."))
        return redirect(reverse("admin:articles_article_change", args=[draft.pk]))


def local(moment):
    """A moment as editors read it: in the display time zone, in their language's format."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def display(name, value):
    """A stored value as editors read it: labels, local times to the second, lists joined."""
    if name == "status" and value:
        return Article.Status(value).label
    if name == "published_at" and value:
        return timezone.localtime(parse_datetime(value)).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def refused_restore(request, article, error):
    """Back to the article's revisions, saying why the revision could not be restored."""
    messages.error(
        request,
        gettext("This revision cannot be restored: %(reasons)s")
        % {"reasons": " ".join(error.messages)},
    )
    return redirect("admin:article_revisions", article.pk)
