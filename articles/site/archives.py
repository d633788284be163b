"""Date archives: a year's, a month's and a day's published articles, and the archive's
index of years and months.

Periods are read in the display time zone (Django's date views make their bounds aware in the
current zone), neighbour links point only at periods that have published articles, and an
impossible date or a page out of range is a 404.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from articles.models import Article
from articles.models.teaser_rows import TeaserRows, neighbouring_periods
from articles.site.caching import shared
from articles.site.views import ARTICLES_PER_PAGE, ArticleListMixin, ReadersPage


class DatedArchiveMixin(ArticleListMixin):
    """Django's date archives over published articles, in two queries.

    Django's own spend one query on whether the period has articles and one on each
    neighbouring period. Here the paginator answers the first (an empty first page is a 404,
    and the number of articles is cached), and the page's own statement finds both
    neighbours (TeaserRows.read_neighbours()); a deep page, read by its ids, finds them by a
    query of their own.
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
        rows = TeaserRows(**lookup)
        rows.read_neighbours()
        return rows

    def _known_once_the_page_is_read(self, date):
        return None

    # Django's date views ask for the neighbouring periods before the page is read, which
    # reads them too: get_context_data() gives them.
    get_previous_year = get_next_year = _known_once_the_page_is_read
    get_previous_month = get_next_month = _known_once_the_page_is_read
    get_previous_day = get_next_day = _known_once_the_page_is_read

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        date = kwargs[self.period]
        neighbours = neighbouring_periods(date, self.period, self.object_list.neighbour_moments)
        context[f"previous_{self.period}"], context[f"next_{self.period}"] = neighbours
        return context


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
            key = f"archive-months:{timezone.get_current_timezone_name()}:{self.get_year()}"
            # The QuerySet built only when the answer is not known already.
            self._months = shared(
                key, lambda: queryset.articles.count_per_month(), request=self.request
            )
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


class ArchiveIndex(ReadersPage, TemplateView):
    """Every year and month with published articles and their number, newest first: one
    grouped query, kept in the cache like the counts of lists."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        key = f"archive-index:{timezone.get_current_timezone_name()}"
        months = shared(key, Article.objects.published().count_per_month, request=self.request)
        years = {}
        for month, count in reversed(months):
            year = years.setdefault(month.year, {"year": month, "count": 0, "months": []})
            year["count"] += count
            year["months"].append((month, count))
        return super().get_context_data(years=list(years.values()), **kwargs)
