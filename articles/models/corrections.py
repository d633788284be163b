"""Public corrections: what we got wrong, clarified or updated after publication."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.text import validate_printable


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        CLARIFICATION = "clarification", _("clarification")
        UPDATE = "update", _("update")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        validators=[validate_printable],
        help_text=_("What was wrong and what is right, for readers."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"
