"""Turns an article's Markdown body into HTML for readers."""

import hashlib

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

register = template.Library()

# Raw HTML is off and markdown-it refuses javascript:, vbscript: and data: links, so whatever
# an editor types, the body can only ever produce the markup Markdown itself makes.
_markdown = MarkdownIt("commonmark", {"html": False})

# Rendering a long body costs more than the rest of its page; the HTML is kept by the hash of
# its text, so an edit makes a new entry and a stale rendering can never be served.
CACHE_FROM_LENGTH = 1000
CACHE_SECONDS = 24 * 60 * 60


@register.filter
def web_url(url):
    """The address if it is an http(s) one, else nothing: a link never runs a script, even
    when an address came in through a fixture or an import rather than the admin's checks."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.filter(is_safe=True)
def markdown(text):
    # Safe by construction: markdown-it escapes every character of HTML the editor typed.
    text = text or ""
    if len(text) < CACHE_FROM_LENGTH:
        return mark_safe(_markdown.render(text))  # noqa: S308
    key = "markdown:" + hashlib.sha256(text.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = _markdown.render(text)
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308
