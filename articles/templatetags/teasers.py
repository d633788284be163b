"""An article's teaser on list pages, written out in Python.

A list page shows twenty teasers; through a template include each, they cost three times
as much as the rest of the page's Python together. The markup is what the template made,
and every value is escaped.

The same teasers appear on page after page (the front page, archives, tags, sources), so each
is made once per process for exactly the values it shows, the reader's language and the time
zone: an edited article has other values, so it can never be served stale.
"""

import functools

from django import template
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name, localtime
from django.utils.translation import get_language

from articles.models.articles import article_path
from articles.paths import cached_reverse

register = template.Library()

TEASERS_KEPT = 5000


@register.simple_tag
def teaser(article):
    source = article.source
    return _teaser(
        article.title,
        article.slug,
        article.summary,
        article.language,
        article.dated_at,
        source.name if source else None,
        source.slug if source else None,
        get_language(),
        get_current_timezone_name(),
    )


@functools.lru_cache(maxsize=TEASERS_KEPT)
def _teaser(title, slug, summary, language, published_at, source_name, source_slug, *_reader):
    url = article_path(published_at, slug)
    published_at = localtime(published_at).replace(microsecond=0)
    source_link = (
        f' · <a href="{escape(cached_reverse("articles:source", slug=source_slug))}">'
        f"{escape(source_name)}</a>"
        if source_name
        else ""
    )
    summary = f'\n  <p class="summary">{escape(summary)}</p>' if summary else ""
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<article class="teaser" lang="{escape(language)}">\n'
        f'  <h2 class="teaser-title"><a href="{escape(url)}">{escape(title)}</a></h2>\n'
        f'  <p class="meta">\n'
        f'    <time datetime="{published_at.isoformat()}">'
        f"{escape(date_format(published_at, 'DATE_FORMAT'))}</time>{source_link}\n"
        f"  </p>{summary}\n"
        f"</article>"
    )
