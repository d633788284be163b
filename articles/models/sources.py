"""Agencies and publishers whose copy we republish."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.periods import validate_within_calendar
from articles.paths import cached_reverse
from articles.text import validate_language_tag, validate_printable, validate_visible


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone name, such as Asia/Shanghai."),
            params={"value": value},
        )


class SourceQuerySet(models.QuerySet):
    def with_published_articles(self):
        """The sources readers may see a page of: those with a published article."""
        from articles.models.articles import Article  # which imports this module

        published = Article.objects.published().filter(source=models.OuterRef("pk"))
        return self.filter(models.Exists(published))

    def published_counts(self):
        """[(source id, published articles)] of the sources that have any, by name."""
        from articles.models.articles import Article  # which imports this module

        return list(
            Article.objects.published()
            .filter(source__in=self)
            .values_list("source")
            .annotate(n=models.Count("pk"))
            .order_by("source__name")
        )

    def having_published_articles(self):
        """The sources readers can find articles from."""
        from articles.models.articles import Article  # which imports this module

        return self.filter(
            models.Exists(Article.objects.published().filter(source=models.OuterRef("pk")))
        )

    def named(self, text):
        """The sources readers know by `text`: their slug, or their name or short name in any
        case."""
        return self.filter(
            models.Q(slug=text) | models.Q(name__iexact=text) | models.Q(short_name__iexact=text)
        )


class SourceManager(models.Manager.from_queryset(SourceQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(models.Model):
    """An agency or publisher whose copy we republish."""

    # Names readers tell sources apart by, and the byline of imported texts.
    name = models.CharField(
        _("name"), max_length=200, validators=[validate_printable, validate_visible]
    )
    short_name = models.CharField(
        _("short name"),
        max_length=50,
        blank=True,
        validators=[validate_printable, validate_visible],
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    homepage_url = models.URLField(_("homepage"), blank=True)
    language = models.CharField(
        _("language"), max_length=35, default="de", validators=[validate_language_tag]
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The zone its datelines are written in, e.g. Asia/Shanghai."),
    )
    address = models.TextField(_("address"), blank=True, validators=[validate_printable])
    copyright_notice = models.CharField(
        _("copyright notice"), max_length=300, blank=True, validators=[validate_printable]
    )
    usage_terms = models.TextField(
        _("usage terms"),
        blank=True,
        validators=[validate_printable],
        help_text=_("What our agreement with the source allows, in the editors' words."),
    )
    is_full_text_allowed_in_feeds = models.BooleanField(
        _("full text allowed in feeds"),
        default=False,
        help_text=_("Unticked, feeds carry only the summary of its articles."),
    )
    rights_expire_at = models.DateTimeField(
        _("rights expire at"),
        null=True,
        blank=True,
        validators=[validate_within_calendar],
        help_text=_(
            "Leave empty when the rights do not expire. From this moment its articles "
            "disappear from every public page and feed and cannot be published."
        ),
    )

    objects = SourceManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:source", slug=self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def has_expired_rights(self):
        return self.rights_expire_at is not None and self.rights_expire_at <= timezone.now()

    @property
    def label(self):
        return self.short_name or self.name
