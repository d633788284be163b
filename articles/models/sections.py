"""Sections (Ressorts): the desks an article belongs to, in the order of the site's menu."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.paths import cached_reverse
from articles.text import validate_printable


class SectionQuerySet(models.QuerySet):
    def with_published(self):
        """The sections that have a published article: one look into the section index each
        (as a subquery per section: as EXISTS, the planner would join them with the whole
        article table)."""
        from articles.models.articles import Article  # which imports this module

        newest = Article.objects.published().filter(section=models.OuterRef("pk"))
        newest = newest.order_by("-published_at", "-id").values("pk")[:1]
        return self.alias(newest=models.Subquery(newest)).filter(newest__isnull=False)

    def published_counts(self):
        """[(section id, published articles)] of the sections that have any, in menu order:
        each section counted on its own from the section index, rather than all articles
        grouped by section."""
        from articles.models.articles import Article

        count = (
            Article.objects.published()
            .filter(section=models.OuterRef("pk"))
            .order_by()
            .values("section")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        counted = self.annotate(n=models.Subquery(count)).filter(n__gt=0)
        return list(counted.values_list("pk", "n"))


class SectionManager(models.Manager.from_queryset(SectionQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_printable])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_printable])
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The order in the site's menu, smallest first.")
    )
    front_page_count = models.PositiveSmallIntegerField(
        _("articles on the front page"),
        default=0,
        help_text=_("How many of its newest articles the front page shows; 0 shows no block."),
    )

    objects = SectionManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:section", slug=self.slug)

    def natural_key(self):
        return (self.slug,)
