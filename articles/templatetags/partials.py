"""A Jinja2 partial drawn within a Django page, with the page's context."""

from django import template

from articles.site import partials

register = template.Library()


@register.simple_tag(takes_context=True)
def partial(context, name):
    return partials.drawn(name, context.flatten())
