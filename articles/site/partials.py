"""The partials: what is drawn many times a page (a list's teasers, pictures, figures) or on
most pages of a large archive (an article's own part of its page), as Jinja2 templates
(partials/), drawn in a fraction of the time Django's template language takes, and drawn as
Django draws its templates, byte for byte, so that pages are the same whichever draws them.

The readers' pages (pages/) include them and call them (page_templates.py); the admin and
the mails stay Django templates. Their texts are translated by Django's own translate and
blocktranslate tags (partial_translation.py).
"""

import datetime
import functools
import html

import jinja2
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.template.defaultfilters import capfirst
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import dateformat
from django.utils.dateformat import re_formatchars
from django.utils.formats import FORMAT_SETTINGS, get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import localtime, template_localtime
from django.utils.translation import get_language

from articles.paths import cached_reverse
from articles.pictures.renditions import FALLBACK, MODERN, public_url
from articles.site.partial_translation import DjangoTranslationTags
from articles.text import web_url


def environment(**options):
    """Jinja2 for settings.TEMPLATES: a value is shown as Django shows it (shown()), rather
    than escaped as Jinja2 escapes it (&#39; where Django writes &#x27;), and an undefined
    one is empty in debugging too, as in Django."""
    options.update(
        autoescape=False,
        finalize=shown,
        keep_trailing_newline=True,
        undefined=jinja2.Undefined,
        extensions=[DjangoTranslationTags],
    )
    env = _Environment(**options)  # noqa: S701 (finalize escapes, as Django does)
    env.filters.update(
        date=local_date,
        capfirst=capfirst,
        iso_datetime=iso_datetime,
        localtime=localtime,
        web_url=web_url,
    )
    env.globals.update(picture=picture, figure=figure, url=url, archive_url=archive_url)
    return env


class _Environment(jinja2.Environment):
    def make_globals(self, d):
        """A template's globals as one plain dict: the environment's, then its own. Jinja2
        chains the two, and every template drawn (a partial, many times a page) copies them
        into its context, one name at a time from a chain but at once from a dict: 6
        microseconds against 2. The environment's globals are set before any template is
        loaded, as Jinja2 asks, so a copy of them misses nothing."""
        return {**self.globals, **(d or {})}


def url(name, *args, **kwargs):
    """The address of the view `name`, as Django's url tag gives it: remembered per process
    where it is named by keywords alone (articles/paths.py), as a page's links are."""
    if args:
        return reverse(name, args=args, kwargs=kwargs or None)
    return cached_reverse(name, **kwargs)


def archive_url(date, period):
    """The archive of the year, month or day that `date` starts."""
    kwargs = {"year": date.year}
    if period in ("month", "day"):
        kwargs["month"] = date.month
    if period == "day":
        kwargs["day"] = date.day
    return cached_reverse(f"articles:{period}", **kwargs)


def iso_datetime(value):
    """A moment in the display zone as ISO 8601 to the second, as HTML's datetime wants it."""
    if not value:
        return ""
    return localtime(value).replace(microsecond=0).isoformat()


def shown(value):
    """A value as a Django template shows it: in the display time zone, localized, escaped
    unless marked safe."""
    if type(value) is str:  # most values: nothing to localize, and not marked safe
        return html.escape(value)
    if isinstance(value, SafeData):  # the partials' own markup, a search's snippet
        return value
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:  # widths and heights
        return str(value)
    value = localize(template_localtime(value, use_tz=settings.USE_TZ))
    return conditional_escape(value if isinstance(value, str) else str(value))


def local_date(value, date_format=None):
    """Django's date filter, given the moment in the display time zone as Django gives it.
    A day (a date rather than a moment) is written once per process in each format and
    language: a year's archive names its twelve months on every request, each costing
    Django's filter 9 microseconds. A moment is written as Django writes it, a piece at a
    time, but each run of pieces that depends on its day alone, or on its time of day alone,
    once per process: an article's dateline cost Django's filter 24 microseconds."""
    if type(value) is datetime.date:
        return _day_written(value, date_format, get_language())
    moment = template_localtime(value, use_tz=settings.USE_TZ)
    if not isinstance(moment, datetime.datetime):
        return date_filter(moment, date_format)
    language = get_language()
    written = []
    for depends_on, part in _format_parts(get_format(date_format or "DATE_FORMAT")):
        if depends_on == "day":
            written.append(_day_part_written(moment.date(), part, language))
        elif depends_on == "time of day":
            written.append(_time_part_written(moment.time(), part, language))
        else:
            written.append(dateformat.format(moment, part))
    return "".join(written)


# A few hundred years of days in two languages, as the archives' links name them.
DAYS_WRITTEN_KEPT = 4096
# Every minute of a day, in two languages.
TIMES_WRITTEN_KEPT = 4096
# What each of Django's format characters writes of a moment (django.utils.dateformat): of its
# day alone, of its time of day alone; the rest (c, e, I, O, r, T, U, Z) ask its time zone too.
_OF_THE_DAY = frozenset("bdDEFjlLmMnNoStwWyYz")
_OF_THE_TIME_OF_DAY = frozenset("aAfgGhHiPsu")


@functools.lru_cache(maxsize=DAYS_WRITTEN_KEPT)
def _day_written(day, date_format, language):
    # `language`, the active one, which date_filter() writes in, is part of the key.
    return date_filter(day, date_format)


@functools.lru_cache(maxsize=64)
def _format_parts(date_format):
    """A format cut where what its characters write depends on something else: [(depends_on,
    part)], depends_on "day", "time of day" or "moment". Django writes a format as the text of
    each character in turn, so the parts written one after the other are the whole."""
    parts = []
    for index, piece in enumerate(re_formatchars.split(date_format)):
        if index % 2 == 0:  # text between the characters, escapes and all
            depends_on = parts[-1][0] if parts else "day"
        elif piece in _OF_THE_DAY:
            depends_on = "day"
        elif piece in _OF_THE_TIME_OF_DAY:
            depends_on = "time of day"
        else:
            depends_on = "moment"
        if parts and parts[-1][0] == depends_on:
            parts[-1][1] += piece
        else:
            parts.append([depends_on, piece])
    return tuple((depends_on, part) for depends_on, part in parts)


@functools.lru_cache(maxsize=DAYS_WRITTEN_KEPT)
def _day_part_written(day, part, language):
    return dateformat.format(day, part)


@functools.lru_cache(maxsize=TIMES_WRITTEN_KEPT)
def _time_part_written(time_of_day, part, language):
    return dateformat.time_format(time_of_day, part)


# The settings that change how a day is written, as Django clears its own format cache for.
_WRITING_SETTINGS = {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", *FORMAT_SETTINGS}


@receiver(setting_changed, dispatch_uid="articles.day_writing_changed")
def _forget_days_written(*, setting, **kwargs):
    if setting in _WRITING_SETTINGS:
        _day_written.cache_clear()
        _day_part_written.cache_clear()
        _time_part_written.cache_clear()


def _partial(name):
    """Jinja2 keeps each template made, and looks at its file again while debugging."""
    return engines["jinja2"].get_template(name)


def teaser(article, **context):
    """The teaser partial of `article`; `context` as partials/articles/_teaser.html says."""
    return SafeString(_partial("articles/_teaser.html").render({"article": article, **context}))


def drawn(name, context):
    """The partial `name` drawn with `context` (a dict)."""
    return SafeString(_partial(name).render(context))


def figure(image, **context):
    """A library picture with its caption and credit; `context` as
    partials/articles/_figure.html says."""
    return drawn("articles/_figure.html", {"image": image, **context})


def picture(image, sizes="100vw", loading="lazy", priority="", alt=""):
    """A <picture> of a library image, with its renditions."""
    context = picture_context(image, sizes=sizes)
    context.update(loading=loading, priority=priority, alt=alt)
    return SafeString(_partial("articles/_picture.html").render(context))


def picture_context(image, crop="wide", *, sizes="100vw", fallback_width=960):
    """What partials/articles/_picture.html needs to show `image`."""
    width, height = image.crop_size(crop)
    return {
        "image": image,
        "modern_type": f"image/{MODERN}",
        "modern_srcset": _srcset(image, crop, MODERN),
        "fallback_srcset": _srcset(image, crop, FALLBACK),
        "src": public_url(image.rendition(crop, FALLBACK, fallback_width)),
        "width": width,
        "height": height,
        "sizes": sizes,
    }


def _srcset(image, crop, image_format):
    return ", ".join(
        f"{public_url(entry)} {entry[0]}w" for entry in image.renditions_of(crop, image_format)
    )
