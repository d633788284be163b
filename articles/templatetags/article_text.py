"""Turns an article's Markdown body into HTML for readers, and keeps links to the web."""

import hashlib

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from articles import text

register = template.Library()

# Rendering a long body costs more than the rest of its page; the HTML is kept by the hash of
# its text, so an edit makes a new entry and a stale rendering can never be served.
CACHE_FROM_LENGTH = 1000
CACHE_SECONDS = 24 * 60 * 60


@register.filter
def web_url(url):
    return text.web_url(url)


@register.filter(is_safe=True)
def markdown(body):
    # Safe by construction: the rendering escapes every character of HTML the editor typed.
    body = body or ""
    if len(body) < CACHE_FROM_LENGTH:
        return mark_safe(text.render_markdown(body))  # noqa: S308
    key = "markdown:" + hashlib.sha256(body.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = text.render_markdown(body)
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308
