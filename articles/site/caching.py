"""HTTP caching for anonymous readers, decided in one place.

A response is *shareable* when it answers an anonymous GET (no session, no flash messages, no
Authorization), is a 200, sets no cookie (so it carries no CSRF token) and its view said nothing
about caching. Shareable responses get an ETag and `Cache-Control: public, max-age, s-maxage`
(only `private, max-age` when the reader chose a language by cookie, which shared caches
cannot see), and are kept in Django's cache for the same time, keyed by URL and the reader's
language. Everything else is left to its view; a response to a reader with a session
(editors, staff previews) that says nothing gets `private, no-store`.

A withdrawn article therefore disappears, and a scheduled one appears, within
PUBLIC_PAGE_MAX_AGE seconds: our cache keeps a page no longer than that, and the Age header
makes browsers and CDNs count the time it already spent here.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.translation import get_language_from_request

KEY_PREFIX = "page"


def has_reader_state(request):
    """True when the response may depend on who asks: a session, messages or credentials."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


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


def cache_key(request):
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

        # HEAD answers are never stored: they have no body to serve a later GET.
        use_cache = settings.PAGE_CACHE_ENABLED and request.method == "GET"
        key = cache_key(request) if use_cache else None
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


def shared_count(key, count, *, fresh=False):
    """count(), shared through the cache for a page's lifetime; afresh for editors (fresh),
    who must see what they just published at once, as with the counts of article lists."""
    if fresh:
        return count()
    counted = cache.get(key)
    if counted is None:
        counted = count()
        cache.set(key, counted, settings.PUBLIC_PAGE_MAX_AGE)
    return counted
