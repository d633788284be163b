"""Calendar periods (a year, a month, a day) as readers see them, in the display time zone."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def period_bounds(day, period):
    """The first day of the year, month or day around `day`, and the first day after it."""
    if period == "year":
        return datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)
    if period == "month":
        start = day.replace(day=1)
        return start, (start + datetime.timedelta(days=31)).replace(day=1)
    return day, day + datetime.timedelta(days=1)


def start_of_day(day):
    """Midnight at the start of `day` in the display time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The calendar Python and the databases share is the years 1 to 9999. A moment a day inside
# it can be written in UTC and shown in any time zone (no zone is a day away from UTC); a
# moment at its very ends may fall out of it on the way, and every page showing it would fail.
EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9999, 12, 30, 23, 59, 59, tzinfo=datetime.UTC)


def validate_within_calendar(moment):
    """Refuses a date and time at the very ends of the calendar (see EARLIEST, LATEST)."""
    if moment is not None and not EARLIEST <= moment <= LATEST:
        raise ValidationError(
            _("Enter a date between 2 January of the year 1 and 30 December 9999."),
            code="outside_calendar",
        )
