"""Turns an article's Markdown body into HTML for readers."""

from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

register = template.Library()

# Raw HTML is off and markdown-it refuses javascript:, vbscript: and data: links, so whatever
# an editor types, the body can only ever produce the markup Markdown itself makes.
_markdown = MarkdownIt("commonmark", {"html": False})


@register.filter(is_safe=True)
def markdown(text):
    return mark_safe(_markdown.render(text or ""))
