"""Public corrections: what we got wrong, clarified or updated after publication, and the
withdrawals of articles, which stay part of the public record."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.prepared import Prepared
from articles.text import validate_printable


class CorrectionQuerySet(models.QuerySet):
    def withdrawals(self):
        return self.filter(kind=self.model.Kind.WITHDRAWAL).order_by("created_at", "id")

    def public(self, now=None):
        """What /corrections/ lists: the corrections of articles readers see, and the
        withdrawals of articles readers saw and that were withdrawn (never a draft's). `now`
        as for Article.objects.published()."""
        withdrawn = Article.objects.withdrawn_from_readers(now)
        return self.filter(
            models.Q(article__in=Article.objects.published(now))
            | models.Q(kind=self.model.Kind.WITHDRAWAL, article__in=withdrawn)
        )

    def newest_first(self):
        """In the order of /corrections/, with their articles."""
        return self.select_related("article").order_by("-created_at", "-id")


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        CLARIFICATION = "clarification", _("clarification")
        UPDATE = "update", _("update")
        WITHDRAWAL = "withdrawal", _("withdrawal")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        blank=True,
        validators=[validate_printable],
        help_text=_(
            "What was wrong and what is right, for readers. A withdrawal may leave its "
            "reason empty."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def clean(self):
        # Readers are owed what was wrong; a withdrawal's public reason may be left unsaid.
        if not self.text.strip() and self.kind != self.Kind.WITHDRAWAL:
            raise ValidationError({"text": _("Say what was wrong and what is right.")})


def _public_page(shape, *, now):
    bottom, top = shape
    return Correction.objects.public(now).newest_first()[bottom:top]


# Whatever the moment, the same plan: building and compiling the query cost the page more
# than the rest of it.
_PUBLIC_PAGE = Prepared(Correction, _public_page, plan_once=True)


class PublicCorrections:
    """The public corrections, newest first, as ArchivePaginator pages a list: a page is
    read by a query prepared once per process (prepared.py), the same corrections, with
    their articles, as Correction.objects.public().newest_first() gives."""

    ordered = True

    @cached_property
    def corrections(self):
        return Correction.objects.public().newest_first()

    def count(self):
        return self.corrections.count()

    def page(self, bottom, top):
        return _PUBLIC_PAGE.objects((bottom, top), now=timezone.now())

    def page_ids(self, bottom, top):
        return list(self.corrections.values_list("pk", flat=True)[bottom:top])

    def with_ids(self, ids):
        return list(self.corrections.filter(pk__in=ids))
