"""Full revisions of articles: every field, tags and source included, with who and when."""

from django.conf import settings
from django.db import models, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.sources import Source

# The fields a revision restores as they were. The status is not among them: restoring text
# never publishes or withdraws an article; that stays a deliberate step of the workflow.
RESTORED_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "language",
    "byline",
    "original_url",
    "copyright_notice",
]


def snapshot(article):
    """Everything an article consists of, as plain JSON-ready data."""
    data = {name: getattr(article, name) for name in RESTORED_FIELDS}
    data["status"] = article.status
    data["published_at"] = article.published_at.isoformat() if article.published_at else None
    data["source"] = article.source_id
    data["source_name"] = str(article.source) if article.source_id else ""
    data["tags"] = sorted(article.tags.names())
    return data


class RevisionQuerySet(models.QuerySet):
    def record(self, article, user=None):
        """Keep the article as it is now in the database, tags included."""
        return self.create(
            article=article,
            version=article.version,
            user=user if user is not None and user.is_authenticated else None,
            data=snapshot(article),
        )


class Revision(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    version = models.PositiveIntegerField(_("version"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_revisions",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True, db_index=True)
    data = models.JSONField(_("content"))

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.article} ({self.version})"

    @property
    def author_name(self):
        if self.user is None:
            return str(_("the system"))
        return self.user.get_full_name() or self.user.get_username()

    @property
    def status_display(self):
        return Article.Status(self.data["status"]).label

    @transaction.atomic
    def restore_as_draft(self, user=None):
        """A new draft with this revision's content, leaving its article as it is."""
        from articles.text import unique_slug

        draft = Article(status=Article.Status.DRAFT)
        for name in RESTORED_FIELDS:
            setattr(draft, name, self.data[name])
        max_length = Article._meta.get_field("slug").max_length
        draft.slug = unique_slug(Article, self.data["slug"] or self.data["title"], max_length)
        source_id = self.data["source"]
        if source_id is not None and Source.objects.filter(pk=source_id).exists():
            draft.source_id = source_id
        draft.full_clean(exclude=["tags"], validate_unique=True)
        draft.save()
        draft.tags.set(self.data["tags"])
        Revision.objects.record(draft, user=user)
        return draft

    @transaction.atomic
    def restore(self, user=None):
        """Bring this revision's content back, as a new save that is itself a new revision."""
        article = Article.objects.select_for_update().get(pk=self.article_id)
        for name in RESTORED_FIELDS:
            setattr(article, name, self.data[name])
        published_at = self.data["published_at"]
        article.published_at = parse_datetime(published_at) if published_at else None
        source_id = self.data["source"]
        if source_id is not None and not Source.objects.filter(pk=source_id).exists():
            source_id = None  # the source has since been deleted; keep the article without it
        article.source_id = source_id
        article.full_clean(exclude=["tags"], validate_unique=True)
        article.save()
        article.tags.set(self.data["tags"], clear=True)
        return Revision.objects.record(article, user=user)
