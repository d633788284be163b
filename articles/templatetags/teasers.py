"""Articles' teasers on list pages: the teaser partial, kept per process by caching."""

from django import template

from articles.site.caching import rendered_teasers

register = template.Library()


@register.simple_tag
def teaser(row):
    return rendered_teasers([row])


@register.simple_tag
def teasers(rows):
    """One teaser after another, for a list of teaser rows."""
    return rendered_teasers(rows)
