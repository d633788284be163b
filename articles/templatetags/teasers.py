"""An article's teaser on list pages: the teaser partial, kept per process by caching."""

from django import template

from articles.site.caching import rendered_teaser

register = template.Library()


@register.simple_tag
def teaser(article):
    return rendered_teaser(article)
