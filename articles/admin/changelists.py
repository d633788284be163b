"""The admin's lists, kept inside the calendar the site can store and show."""

from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest

from articles.models.periods import EARLIEST, LATEST


class CalendarChangeList(ChangeList):
    """A date hierarchy link to the year 1 or 9999, or beyond, answers 400: the bounds of
    such a period fall outside the calendar once written in UTC, and the list would fail
    with a server error. Nothing can be stored there anyway."""

    def get_filters(self, request):
        if self.date_hierarchy:
            year = self.params.get(f"{self.date_hierarchy}__year")
            if year is not None and year.strip().isdigit() and not _inside(int(year)):
                raise BadRequest(f"The year {year} lies outside the calendar.")
        return super().get_filters(request)


def _inside(year):
    return EARLIEST.year < year < LATEST.year


class CalendarListMixin:
    """For model admins with a date hierarchy."""

    def get_changelist(self, request, **kwargs):
        return CalendarChangeList
