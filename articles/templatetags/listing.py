"""Links for paginated and dated lists."""

from django import template
from django.utils import timezone

from articles.paths import cached_reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with only its page number changed, so search filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag
def archive_url(date, period):
    """The archive of the year, month or day that `date` starts."""
    kwargs = {"year": date.year}
    if period in ("month", "day"):
        kwargs["month"] = date.month
    if period == "day":
        kwargs["day"] = date.day
    return cached_reverse(f"articles:{period}", **kwargs)


@register.filter
def iso_datetime(value):
    """A moment in the display zone as ISO 8601 to the second, as HTML's datetime wants it."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
