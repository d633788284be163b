"""The admin's lists: kept inside the calendar the site can store and show, and acting only
on rows that can exist."""

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, ValidationError

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


class CheckedListMixin:
    """For the model admins' lists: date hierarchy links inside the calendar, and actions on
    a selection of ids that can exist."""

    def get_changelist(self, request, **kwargs):
        return CalendarChangeList

    def response_action(self, request, queryset):
        # A forged selection ("x", a NUL byte) would fail the action's query with a server
        # error; no checkbox of the list sends one.
        pk = self.model._meta.pk
        for selected in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                pk.clean(selected, None)
            except ValidationError:
                raise BadRequest(f"{selected!r} is not an id of the list.") from None
        return super().response_action(request, queryset)
