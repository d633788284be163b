"""Turns an article's Markdown body into HTML for readers, and keeps links to the web."""

from django import template
from django.utils.safestring import mark_safe

from articles import text
from articles.site.caching import cached_markdown

register = template.Library()


@register.filter
def web_url(url):
    return text.web_url(url)


@register.filter(is_safe=True)
def xml_text(value):
    """For XML templates: drops the characters XML cannot carry, after the autoescape."""
    return text.xml_text(str(value)) if value is not None else ""


@register.filter(is_safe=True)
def markdown(body):
    # Safe by construction: the rendering escapes every character of HTML the editor typed.
    return mark_safe(cached_markdown(body or "", text.render_markdown))  # noqa: S308
