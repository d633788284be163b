"""Where agency copy came from: each text as received, kept version by version."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.periods import validate_within_calendar
from articles.models.sources import Source


class ProvenanceRecordQuerySet(models.QuerySet):
    def get_by_natural_key(self, source_slug, sha256):
        return self.get(source__slug=source_slug, sha256=sha256)


class ProvenanceRecord(models.Model):
    """One text as an agency sent it. Never edited: a changed text is a new version."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="provenance_records",
        verbose_name=_("article"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="provenance_records",
        verbose_name=_("source"),
    )
    version = models.PositiveIntegerField(_("version"))
    received_text = models.TextField(
        _("text as received"), help_text=_("Decoded as UTF-8, otherwise exactly as it came.")
    )
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        help_text=_("Of the normalised text: without byte-order mark, CRs, trailing spaces."),
    )
    received_at = models.DateTimeField(_("received at"), validators=[validate_within_calendar])
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    original_url = models.URLField(_("original URL"), max_length=500, blank=True)
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    address = models.TextField(_("address"), blank=True)

    objects = ProvenanceRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        get_latest_by = "version"
        verbose_name = _("provenance record")
        verbose_name_plural = _("provenance records")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "version"], name="one_provenance_record_per_version"
            ),
            # The same text from the same source is recognised, never stored twice.
            models.UniqueConstraint(fields=["source", "sha256"], name="one_record_per_text"),
        ]

    def __str__(self):
        return _("%(article)s, version %(version)s") % {
            "article": self.article.title,
            "version": self.version,
        }

    def natural_key(self):
        return (self.source.slug, self.sha256)

    natural_key.dependencies = ["articles.source", "articles.article"]
