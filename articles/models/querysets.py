"""The queries the pages ask of articles, each one a method of ArticleQuerySet."""

from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles.models.periods import period_bounds, start_of_day
from articles.models.search import containment_search, full_text_search
from articles.models.sources import Source

# What a teaser shows; the rest of a row (the body above all, and the search index's copy of
# the text) stays in the database.
TEASER_FIELDS = (
    "title",
    "slug",
    "summary",
    "language",
    "status",
    "published_at",
    "created_at",
    "source__name",
    "source__slug",
)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: the one place this rule is written down. Published, its
        moment come, and not from a source whose rights to republish have expired."""
        now = timezone.now()
        # The few sources whose rights have expired, as one list the database makes once per
        # query: no join per article, so lists can be read from an index alone.
        expired_sources = Source.objects.filter(rights_expire_at__lte=now).values("pk")
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=now).exclude(
            source__in=expired_sources
        )

    def scheduled(self):
        """Published, but waiting for their moment: readers see them once it has come."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_lists(self):
        """Teasers: their own columns and their source's name, in one query; no tags."""
        return self.select_related("source").prefetch_related(None).only(*TEASER_FIELDS)

    def for_detail(self):
        """Whole articles with their source and tags, and whether they have corrections and
        texts from an agency (has_corrections, has_provenance): most have neither, and their
        page then asks the database about neither."""
        return (
            self.defer("search_vector")  # the search index's copy of the text; no page shows it
            .select_related("source")
            .prefetch_related("tags")
            .annotate(
                has_corrections=self._has_any("corrections"),
                has_provenance=self._has_any("provenance_records"),
            )
        )

    def for_documents(self):
        """Whole articles with everything their ninjs document shows: source, tags,
        corrections and the agency's texts, each fetched once for the lot."""
        return (
            self.defer("search_vector")
            .select_related("source")
            .prefetch_related("tags", "corrections", "provenance_records")
        )

    def withdrawn_after_publication(self):
        """Withdrawn articles that readers once saw: their moment had come. What a partner
        keeping a copy must delete; one withdrawn while still scheduled was never public."""
        return self.filter(status=self.model.Status.WITHDRAWN, published_at__lte=timezone.now())

    def tagged(self, slug):
        return self.filter(tags__slug=slug)

    def from_source(self, slug):
        return self.filter(source__slug=slug)

    def in_language(self, language):
        return self.filter(language=language)

    def in_section(self, slug):
        """Articles of a section, where articles have sections; none otherwise."""
        return self._by_related_slug("section", slug)

    def by_author(self, slug):
        """Articles by an author, where articles have authors; none otherwise."""
        return self._by_related_slug("authors", slug)

    def _by_related_slug(self, field, slug):
        names = {f.name for f in self.model._meta.get_fields()}
        return self.filter(**{f"{field}__slug": slug}) if field in names else self.none()

    def _has_any(self, related_name):
        # Found through the relation: the related models' modules import this one's model.
        related = self.model._meta.get_field(related_name).related_model
        return Exists(related._default_manager.filter(article=OuterRef("pk")))

    def search(self, text):
        """The articles matching `text`, in web-search syntax ("quoted phrase", -exclusion,
        or). PostgreSQL ranks them by relevance (as `rank`) in the language of each article;
        other databases find the words as they are written, in the queryset's order."""
        if connections[self.db].vendor == "postgresql":
            return full_text_search(self, text)
        return containment_search(self, text)

    def neighbouring_periods(self, day, period):
        """The first days of the previous and of the next period ("year", "month" or "day",
        in the display time zone) around `day` that hold articles; None where there is none.

        One query: each neighbour is the article nearest to the period, found by a scalar
        subquery that walks the publication-order index from the period's bound.
        """
        start, end = period_bounds(day, period)
        ids = self.values("pk")
        before = ids.filter(published_at__lt=start_of_day(start)).order_by("-published_at")[:1]
        after = ids.filter(published_at__gte=start_of_day(end)).order_by("published_at")[:1]
        moments = (
            self.model.objects.filter(Q(pk=Subquery(before)) | Q(pk=Subquery(after)))
            .order_by()
            .values_list("published_at", flat=True)
        )
        previous = following = None
        for moment in moments:
            found = timezone.localtime(moment).date()
            if found < start:
                previous = period_bounds(found, period)[0]
            else:
                following = period_bounds(found, period)[0]
        return previous, following

    def count_per_month(self):
        """[(first day of the month, number of articles)] of the months that have any, oldest
        first, the months read in the display time zone."""
        rows = (
            self.order_by()
            .annotate(month=TruncMonth("published_at"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        )
        return [(timezone.localtime(month).date(), n) for month, n in rows]
