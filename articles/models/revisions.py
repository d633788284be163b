"""Full revisions of articles: every field, tags and source included, with who and when."""

from django.conf import settings
from django.db import models, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.authors import Author
from articles.models.images import Image
from articles.models.sections import Section
from articles.models.sources import Source

# The fields a revision restores as they were. The status is not among them: restoring text
# never publishes or withdraws an article; that stays a deliberate step of the workflow.
RESTORED_FIELDS = [
    "kicker",
    "title",
    "slug",
    "summary",
    "body",
    "language",
    "byline",
    "original_url",
    "copyright_notice",
    "seo_title",
    "seo_description",
]


def snapshot(article):
    """Everything an article consists of, as plain JSON-ready data."""
    data = {name: getattr(article, name) for name in RESTORED_FIELDS}
    data["status"] = article.status
    data["published_at"] = article.published_at.isoformat() if article.published_at else None
    data["source"] = article.source_id
    data["source_name"] = str(article.source) if article.source_id else ""
    data["tags"] = sorted(article.tags.names())
    data["section"] = article.section_id
    data["section_name"] = str(article.section) if article.section_id else ""
    authors = article.byline_authors
    data["authors"] = [author.pk for author in authors]
    data["author_names"] = ", ".join(author.name for author in authors)
    data["lead_image"] = article.lead_image_id
    data["lead_image_caption"] = article.lead_image_caption
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
            # Revisions kept before a field existed leave it as it is.
            setattr(article, name, self.data.get(name, getattr(article, name)))
        published_at = self.data["published_at"]
        article.published_at = parse_datetime(published_at) if published_at else None
        source_id = self.data["source"]
        if source_id is not None and not Source.objects.filter(pk=source_id).exists():
            source_id = None  # the source has since been deleted; keep the article without it
        article.source_id = source_id
        if "section" in self.data:
            section_id = self.data["section"]
            exists = section_id is not None and Section.objects.filter(pk=section_id).exists()
            article.section_id = section_id if exists else None
        # Revisions from before pictures have none; a picture deleted since is left out.
        image_id = self.data.get("lead_image")
        if image_id is not None and not Image.objects.filter(pk=image_id).exists():
            image_id = None
        article.lead_image_id = image_id
        article.lead_image_caption = self.data.get("lead_image_caption", "")
        article.full_clean(exclude=["tags"], validate_unique=True)
        article.save()
        article.tags.set(self.data["tags"], clear=True)
        if "authors" in self.data:
            still_there = Author.objects.in_bulk(self.data["authors"])
            article.set_authors(
                [still_there[pk] for pk in self.data["authors"] if pk in still_there]
            )
        return Revision.objects.record(article, user=user)
