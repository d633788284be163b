"""Turns an article's Markdown body into HTML for readers."""

from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from articles.site.caching import cached_markdown

register = template.Library()

# Raw HTML is off and markdown-it refuses javascript:, vbscript: and data: links, so whatever
# an editor types, the body can only ever produce the markup Markdown itself makes.
_markdown = MarkdownIt("commonmark", {"html": False})


@register.filter
def web_url(url):
    """The address if it is an http(s) one, else nothing: a link never runs a script, even
    when an address came in through a fixture or an import rather than the admin's checks."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.filter(is_safe=True)
def markdown(text):
    # Safe by construction: markdown-it escapes every character of HTML the editor typed.
    return mark_safe(cached_markdown(text or "", _markdown.render))  # noqa: S308
