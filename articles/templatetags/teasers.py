"""Articles' teasers: on list pages the teaser partial kept per process by caching; in search
results and on the corrections page, drawn with what they add."""

from django import template

from articles.site import partials
from articles.site.caching import rendered_teasers

register = template.Library()


@register.simple_tag
def teaser(row):
    return rendered_teasers([row])


@register.simple_tag
def teasers(rows):
    """One teaser after another, for a list of teaser rows."""
    return rendered_teasers(rows)


@register.simple_tag
def article_teaser(article, **context):
    """The teaser of an article instance; `context` as partials/articles/_teaser.html says."""
    return partials.teaser(article, **context)
