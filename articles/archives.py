"""Date archives and the directories of tags and sources.

Periods are read in the display time zone (Django's date views make their bounds aware in the
current zone), neighbour links point only at periods that have published articles, and an
impossible date or a page out of range is a 404.
"""

from contextlib import contextmanager

from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from articles.models import Article, Source, Tag
from articles.views import ARTICLES_PER_PAGE, ArticleListMixin

TAGS_PER_PAGE = 200
SOURCES_PER_PAGE = 100


class DatedArchiveMixin(ArticleListMixin):
    """Django's date archives over published articles, with cheap neighbour lookups."""

    date_field = "published_at"
    allow_empty = False
    allow_future = False
    paginate_by = ARTICLES_PER_PAGE
    month_format = "%m"
    day_format = "%d"

    def get_year(self):
        # Year 9999 has no following period, which Django's date arithmetic needs; 0 is no year.
        year = int(super().get_year())
        if not 1 <= year < 9999:
            raise Http404(_("No archive for the year %(year)s.") % {"year": year})
        return str(year)

    # Django finds the neighbouring periods by fetching one article from the view's queryset;
    # for that, the publication date is all it needs, not the source and tags a list shows.
    looking_up_neighbours = False

    def get_queryset(self):
        if self.looking_up_neighbours:
            return Article.objects.published().only("published_at")
        return super().get_queryset()

    @contextmanager
    def neighbour_lookup(self):
        self.looking_up_neighbours = True
        try:
            yield
        finally:
            self.looking_up_neighbours = False

    def get_next_year(self, date):
        with self.neighbour_lookup():
            return super().get_next_year(date)

    def get_previous_year(self, date):
        with self.neighbour_lookup():
            return super().get_previous_year(date)

    def get_next_month(self, date):
        with self.neighbour_lookup():
            return super().get_next_month(date)

    def get_previous_month(self, date):
        with self.neighbour_lookup():
            return super().get_previous_month(date)

    def get_next_day(self, date):
        with self.neighbour_lookup():
            return super().get_next_day(date)

    def get_previous_day(self, date):
        with self.neighbour_lookup():
            return super().get_previous_day(date)


class YearArchive(DatedArchiveMixin, YearArchiveView):
    make_object_list = True
    template_name = "articles/archive_year.html"


class MonthArchive(DatedArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"


class DayArchive(DatedArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"


class TagDirectory(ListView):
    """Tags that have published articles, grouped by kind, each with its count."""

    paginate_by = TAGS_PER_PAGE
    template_name = "articles/tag_list.html"

    def get_queryset(self):
        kind_order = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Tag.Kind.values)),
            output_field=IntegerField(),
        )
        counts = (
            Article.objects.published()
            .filter(tagged_items__tag=OuterRef("pk"))
            .order_by()
            .values("tagged_items__tag")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Tag.objects.annotate(
                article_count=Subquery(counts, output_field=IntegerField()),
                kind_order=kind_order,
            )
            .filter(article_count__gt=0)
            .order_by("kind_order", "name")
        )


class SourceDirectory(ListView):
    """Every source, with the number of its published articles."""

    paginate_by = SOURCES_PER_PAGE
    template_name = "articles/source_list.html"

    def get_queryset(self):
        counts = (
            Article.objects.published()
            .filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Source.objects.annotate(
            article_count=Subquery(counts, output_field=IntegerField())
        ).order_by("name")
