"""Everything the site keeps for later, and the one rule of who may be served what was kept.

Readers share: what anonymous readers see is the same for all of them for PUBLIC_PAGE_MAX_AGE
seconds, so whole pages, the counts of lists and directories and the ids of deep pages are
kept that long in Django's cache. Editors do not: a request with reader state (a session,
flash messages, credentials) is counted afresh, so they see what they just published at once.

Pages: a response is *shareable* when it answers an anonymous GET (no session, no flash
messages, no Authorization), is a 200, sets no cookie (so it carries no CSRF token) and its
view said nothing about caching. Shareable responses get an ETag and `Cache-Control: public,
max-age, s-maxage` (only `private, max-age` when the reader chose a language by cookie, which
shared caches cannot see), and are kept in Django's cache for the same time, keyed by URL and
the reader's language. Everything else is left to its view; a response to a reader with a
session (editors, staff previews) that says nothing gets `private, no-store`.

A withdrawn article therefore disappears, and a scheduled one appears, within
PUBLIC_PAGE_MAX_AGE seconds: our cache keeps a page no longer than that, and the Age header
makes browsers and CDNs count the time it already spent here.

Rendered text is kept by exactly what it shows, so an edit makes a new entry and nothing stale
can ever be served: Markdown bodies in Django's cache, teasers in each process.
"""

import functools
import hashlib
import json
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language, get_language_from_request

from articles.models import Article, Image, Source


def has_reader_state(request):
    """True when the response may depend on who asks: a session, messages or credentials."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def shared(key, compute, *, request):
    """compute()'s answer, shared by readers through the cache as long as the pages that show
    it; computed afresh for a request with reader state (editors must see what they just
    published at once). `request` is None where no one in particular asks (sitemaps)."""
    if request is not None and has_reader_state(request):
        return compute()
    return cache.get_or_set(key, compute, settings.PUBLIC_PAGE_MAX_AGE)


def list_key(request, page_kwarg="page"):
    """One key per list: its path and query, whatever the page number."""
    query = sorted((k, v) for k, v in request.GET.lists() if k != page_kwarg)
    digest = hashlib.md5(f"{request.path}?{query}".encode(), usedforsecurity=False).hexdigest()
    return f"article-count:{digest}"


def is_shareable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cache-Control" not in response
    )


def in_one_piece(response):
    """Joins a body written in many pieces (a feed writes one per element) into one, which the
    server then sends in one go rather than in a thousand small writes."""
    if not response.streaming:
        response.content = response.content


KEY_PREFIX = "page"


def page_key(request):
    language = get_language_from_request(request)
    url = request.build_absolute_uri().encode()
    return f"{KEY_PREFIX}:{language}:{hashlib.md5(url, usedforsecurity=False).hexdigest()}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or has_reader_state(request):
            response = self.get_response(request)
            if has_reader_state(request) and "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_store=True)
            return response

        # HEAD answers are never stored: they have no body to serve a later GET. Pages use
        # get and set rather than get_or_set: only a shareable response is stored, and one
        # served from the cache needs the moment it was stored, for its Age.
        use_cache = settings.PAGE_CACHE_ENABLED and request.method == "GET"
        key = page_key(request) if use_cache else None
        if key is not None:
            entry = cache.get(key)
            if entry is not None:
                response, stored_at = entry
                return self.mark_public(request, response, age=int(time.time() - stored_at))

        response = self.get_response(request)
        in_one_piece(response)
        if not is_shareable(response):
            return response
        set_response_etag(response)
        if key is not None:
            cache.set(key, (response, time.time()), settings.PUBLIC_PAGE_MAX_AGE)
        return self.mark_public(request, response, age=0)

    def mark_public(self, request, response, age):
        max_age = settings.PUBLIC_PAGE_MAX_AGE
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, max_age=max_age)
        else:
            patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age)
        if age > 0:
            response["Age"] = str(min(age, max_age))
        return response


# Rendering a long body costs more than the rest of its page; a short one costs less than
# asking the cache. The key is the hash of the text, so an edit makes a new entry.
MARKDOWN_CACHED_FROM_LENGTH = 1000
MARKDOWN_KEPT_SECONDS = 24 * 60 * 60


def cached_markdown(text, render):
    """render(text), kept in the cache for long texts."""
    if len(text) < MARKDOWN_CACHED_FROM_LENGTH:
        return render(text)
    key = "markdown:" + hashlib.sha256(text.encode()).hexdigest()
    return cache.get_or_set(key, lambda: render(text), MARKDOWN_KEPT_SECONDS)


# Including the teaser partial twenty times costs more than the rest of a list page. The same
# teasers appear on page after page (front page, archives, tags, sources), so each process
# keeps the most recent ones.
TEASERS_KEPT = 5000


def rendered_teaser(article):
    """The teaser partial for `article`, in the reader's language and time zone."""
    source = article.source
    image = article.shown_lead_image  # none once its rights have expired
    return _rendered_teaser(
        image.pk if image else None,
        image.alt_text if image else None,
        json.dumps(image.renditions.get("wide"), sort_keys=True) if image else None,
        article.title,
        article.slug,
        article.summary,
        article.language,
        article.published_at,
        source.name if source else None,
        source.slug if source else None,
        get_language(),
        get_current_timezone_name(),
    )


@functools.lru_cache(maxsize=TEASERS_KEPT)
def _rendered_teaser(
    image_id,
    alt_text,
    wide,
    title,
    slug,
    summary,
    language,
    published_at,
    source_name,
    source_slug,
    *_,
):
    """Rendered from an article made of the key's values alone: what the key leaves out cannot
    reach the teaser, so an edited article can never be served its old teaser."""
    source = Source(name=source_name, slug=source_slug) if source_slug else None
    image = None
    if image_id is not None:
        image = Image(pk=image_id, alt_text=alt_text, renditions={"wide": json.loads(wide)})
    article = Article(
        title=title,
        slug=slug,
        summary=summary,
        language=language,
        published_at=published_at,
        source=source,
    )
    context = {"article": article, "image": image}
    return get_template("articles/_teaser.html").render(context)
