"""Calendar periods (a year, a month, a day) as readers see them, in the display time zone."""

import datetime

from django.utils import timezone


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
