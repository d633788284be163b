"""Date archives and the directories of tags and sources.

Periods are read in the display time zone (Django's date views make their bounds aware in the
current zone), neighbour links point only at periods that have published articles, and an
impossible date or a page out of range is a 404.
"""

import datetime

from django.db.models import Case, Count, IntegerField, Q, Subquery, Value, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from articles.models import Article, Source, Tag, TaggedArticle
from articles.site.caching import shared
from articles.site.views import ARTICLES_PER_PAGE, ArticleListMixin

TAGS_PER_PAGE = 200
SOURCES_PER_PAGE = 100


class DatedArchiveMixin(ArticleListMixin):
    """Django's date archives over published articles, in three queries.

    Django's own spend one query on whether the period has articles and one on each
    neighbouring period. Here the paginator answers the first (an empty first page is a 404,
    and the number of articles is cached), and one query finds both neighbours.
    """

    date_field = "published_at"
    allow_empty = False
    allow_future = False
    paginate_by = ARTICLES_PER_PAGE
    month_format = "%m"
    day_format = "%d"
    period = None  # "year", "month" or "day"

    def get_year(self):
        # Year 9999 has no following period, which Django's date arithmetic needs; 0 is no year.
        year = int(super().get_year())
        if not 1 <= year < 9999:
            raise Http404(_("No archive for the year %(year)s.") % {"year": year})
        return str(year)

    def get_dated_queryset(self, **lookup):
        # Published articles are never in the future. Whether there are any, the paginator
        # tells: allow_empty is off, so an empty first page is a 404.
        return self.get_queryset().filter(**lookup)

    def get_previous_year(self, date):
        return self.neighbouring_periods(date)[0]

    def get_next_year(self, date):
        return self.neighbouring_periods(date)[1]

    def get_previous_month(self, date):
        return self.neighbouring_periods(date)[0]

    def get_next_month(self, date):
        return self.neighbouring_periods(date)[1]

    def get_previous_day(self, date):
        return self.neighbouring_periods(date)[0]

    def get_next_day(self, date):
        return self.neighbouring_periods(date)[1]

    def neighbouring_periods(self, date):
        """The first days of the previous and of the next period with published articles.

        One query: each neighbour is the article nearest to the period, found by a scalar
        subquery that walks the publication-order index from the period's bound.
        """
        if not hasattr(self, "_neighbours"):
            start, end = period_bounds(date, self.period)
            ids = Article.objects.published().values("pk")
            before = ids.filter(published_at__lt=aware(start)).order_by("-published_at")[:1]
            after = ids.filter(published_at__gte=aware(end)).order_by("published_at")[:1]
            moments = (
                Article.objects.filter(Q(pk=Subquery(before)) | Q(pk=Subquery(after)))
                .order_by()
                .values_list("published_at", flat=True)
            )
            previous = following = None
            for moment in moments:
                day = timezone.localtime(moment).date()
                if day < start:
                    previous = period_bounds(day, self.period)[0]
                else:
                    following = period_bounds(day, self.period)[0]
            self._neighbours = previous, following
        return self._neighbours


def period_bounds(day, period):
    """The first day of the year, month or day around `day`, and the first day after it."""
    if period == "year":
        return datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)
    if period == "month":
        start = day.replace(day=1)
        return start, (start + datetime.timedelta(days=31)).replace(day=1)
    return day, day + datetime.timedelta(days=1)


def aware(day):
    """Midnight at the start of `day` in the display time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class YearArchive(DatedArchiveMixin, YearArchiveView):
    """A year's articles, and links to its months, counted once per cache period.

    A year holds about a tenth of the archive; grouping it by month (which gives both the
    list of months and the number of articles) is kept in the cache like the counts of lists.
    """

    make_object_list = True
    template_name = "articles/archive_year.html"
    period = "year"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        months = self.articles_per_month(queryset)
        if not months:
            raise Http404(_("No articles in this year."))
        return [month for month, _ in months]

    def articles_per_month(self, queryset):
        if not hasattr(self, "_months"):

            def count():
                rows = (
                    queryset.order_by()
                    .annotate(month=TruncMonth("published_at"))
                    .values_list("month")
                    .annotate(n=Count("pk"))
                    .order_by("month")
                )
                return [(timezone.localtime(month).date(), n) for month, n in rows]

            key = f"archive-months:{timezone.get_current_timezone_name()}:{self.get_year()}"
            self._months = shared(key, count, request=self.request)
        return self._months

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = sum(n for _, n in self.articles_per_month(queryset))
        return paginator


class MonthArchive(DatedArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"
    period = "month"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return None  # the month's page lists its articles, not its days


class DayArchive(DatedArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"
    period = "day"

    # A day's page links to the neighbouring days; Django would also look up the months'.
    def get_previous_month(self, date):
        return None

    def get_next_month(self, date):
        return None


class TagDirectory(ListView):
    """Tags that have published articles, grouped by kind, each with its count."""

    paginate_by = TAGS_PER_PAGE
    template_name = "articles/tag_list.html"

    def get_queryset(self):
        return Counted(Tag, published_count_per_tag(request=self.request))


class SourceDirectory(ListView):
    """Every source, with the number of its published articles."""

    paginate_by = SOURCES_PER_PAGE
    template_name = "articles/source_list.html"

    def get_queryset(self):
        return Source.objects.order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(published_count_per_source(request=self.request))
        for source in context["object_list"]:
            source.article_count = counts.get(source.pk)
        return context


# Counting the published articles of every tag reads every tagged article: millions of rows
# in a large archive, too many for each request. Each count is made by one grouped query and
# shared through the cache for PUBLIC_PAGE_MAX_AGE seconds, like the pages themselves.


def published_count_per_tag(*, request=None):
    """[(tag id, published articles)] of the tags that have any, in the directory's order."""

    def count():
        # Grouped by the tag's id alone, which is cheaper than by its kind and name.
        per_tag = dict(
            TaggedArticle.objects.filter(content_object__in=Article.objects.published())
            .order_by()
            .values_list("tag")
            .annotate(n=Count("pk"))
        )
        kind_order = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Tag.Kind.values)),
            output_field=IntegerField(),
        )
        in_order = Tag.objects.filter(pk__in=per_tag).order_by(kind_order, "name")
        return [(pk, per_tag[pk]) for pk in in_order.values_list("pk", flat=True)]

    return shared("directory:tag-counts", count, request=request)


def published_count_per_source(*, request=None):
    """[(source id, published articles)] of the sources that have any, by name."""

    def count():
        return list(
            Article.objects.published()
            .filter(source__isnull=False)
            .values_list("source")
            .annotate(n=Count("pk"))
            .order_by("source__name")
        )

    return shared("directory:source-counts", count, request=request)


class Counted:
    """Counted tags or sources in order, for a paginator: a page loads only what it shows."""

    def __init__(self, model, counts):
        self.model = model
        self.counts = counts

    def __len__(self):
        return len(self.counts)

    def __getitem__(self, page):  # a paginator asks for slices only
        counts = self.counts[page]
        # One query, where in_bulk() would split a long list into batches on SQLite.
        objects = {
            obj.pk: obj for obj in self.model.objects.filter(pk__in=[pk for pk, _ in counts])
        }
        shown = []
        for pk, count in counts:
            if pk in objects:  # one deleted since it was counted is left out
                objects[pk].article_count = count
                shown.append(objects[pk])
        return shown
