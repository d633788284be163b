"""The article list's filters and its cursor: what a query string may ask, read strictly, so
that a misspelt filter is an error rather than a silently unfiltered list."""

import base64
import binascii
import re
import zoneinfo
from datetime import UTC, datetime, time

from django.conf import settings
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError

from articles.api import openapi
from articles.models import Article
from articles.models.querysets import fetch_document_parts

PAGE_SIZE = 20
SLUG_FILTERS = ("section", "tag", "source", "author")
MOMENT_FILTERS = ("published_since", "updated_since")
FILTERS = (*SLUG_FILTERS, "language", *MOMENT_FILTERS)
PARAMETERS = (*FILTERS, "cursor")

# Each filter's ArticleQuerySet method.
NARROWING = {
    "tag": "tagged",
    "source": "from_source",
    "language": "in_language",
    "section": "in_section",
    "author": "by_author",
}

_SLUG = re.compile(openapi.SLUG_PATTERN)
_LANGUAGE = re.compile(openapi.LANGUAGE_PATTERN)


def read_parameters(query):
    """{name: value} of the query string's parameters; ValidationError naming the first wrong."""
    unknown = sorted(set(query) - set(PARAMETERS))
    if unknown:
        raise ValidationError(
            f"Unknown parameter {unknown[0]!r}; the list understands {', '.join(PARAMETERS)}."
        )
    wanted = {}
    for name in query:
        values = query.getlist(name)
        if len(values) != 1:
            raise ValidationError(f"{name} may be given once.")
        wanted[name] = _read(name, values[0])
    return wanted


def _read(name, value):
    if name in SLUG_FILTERS:
        if not _SLUG.fullmatch(value):
            raise ValidationError(f"{name} must be a slug, such as china; got {value!r}.")
        return value
    if name == "language":
        if not _LANGUAGE.fullmatch(value):
            raise ValidationError(f"language must be a BCP 47 code, such as de; got {value!r}.")
        return value
    if name in MOMENT_FILTERS:
        return _moment(name, value)
    return value  # the cursor, read with the ordering it belongs to


def _moment(name, value):
    """A date and time (ISO 8601; without a zone, in the site's) or a date (its midnight)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            f"{name} must be a date or a date and time, such as 2022-09-16 or "
            f"2022-09-16T09:19:33+08:00; got {value!r}."
        )
    moment = moment if moment.tzinfo else moment.replace(tzinfo=zone)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # a moment at the very edge of the calendar: before or after all
        return (
            datetime.min.replace(tzinfo=UTC)
            if moment.year < 2
            else datetime.max.replace(tzinfo=UTC)
        )


def articles(wanted):
    """(queryset, ordering fields, is_ascending) for the filters. updated_since lists the
    changes oldest first, withdrawals among them, so that a partner can read to the end and
    keep the last time for next round; every other list is newest first."""
    if "updated_since" in wanted:
        queryset = Article.objects.published() | Article.objects.withdrawn_after_publication()
        queryset = queryset.filter(updated_at__gte=wanted["updated_since"])
        ordering, ascending = "updated_at", True
    else:
        queryset = Article.objects.published()
        ordering, ascending = "published_at", False
    if "published_since" in wanted:
        queryset = queryset.filter(published_at__gte=wanted["published_since"])
    for name, method in NARROWING.items():
        if name in wanted:
            queryset = getattr(queryset, method)(wanted[name])
    return queryset, ordering, ascending


def page(queryset, ordering, ascending, cursor):
    """(articles, cursor of the next page or None): PAGE_SIZE articles after `cursor`, read
    by the ordering's index from where the last page stopped, at the same cost at any depth."""
    sign = "" if ascending else "-"
    queryset = queryset.order_by(f"{sign}{ordering}", f"{sign}id")
    if cursor is not None:
        moment, pk = _decode(cursor)
        after = "gt" if ascending else "lt"
        queryset = queryset.filter(
            Q(**{f"{ordering}__{after}": moment}) | Q(**{ordering: moment, f"id__{after}": pk})
        )
    rows = fetch_document_parts(list(queryset.for_documents()[: PAGE_SIZE + 1]))
    if len(rows) <= PAGE_SIZE:
        return rows, None
    last = rows[PAGE_SIZE - 1]
    return rows[:PAGE_SIZE], _encode(getattr(last, ordering), last.pk)


def _encode(moment, pk):
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode(cursor):
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment_text, pk_text = text.split("|")
        moment, pk = parse_datetime(moment_text), int(pk_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        moment = pk = None
    if moment is None or moment.tzinfo is None or pk is None:
        raise ValidationError("cursor is not one this API gave; take it from a list's next link.")
    return moment, pk


def read_before(query):
    """The picture list's one parameter, `before` (a picture's id), or None; anything else is
    refused by name."""
    unknown = sorted(set(query) - {"before"})
    if unknown:
        raise ValidationError(f"Unknown parameter {unknown[0]!r}; the list understands before.")
    value = query.get("before")
    if value is None:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ValidationError(f"before must be a picture's id (a whole number), not {value!r}.")
    return int(value)
