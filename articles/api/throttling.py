"""The API's rate limits, counted in Django's cache: per address for anonymous callers, per
key for partners with a key. The API's own module rather than articles/site/caching.py, which
keeps what readers' pages share; this counts machines' requests.

A fixed window of a minute: each caller's requests in the current minute are one counter, so
a check is one `add` and one `incr` whatever the traffic, and every app server sharing the
cache (Redis) counts together.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def caller(request, address):
    """(bucket, limit) for this request: its key's own, or its address's."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        # Keyed by the secret's hash, so counting needs no database; an unknown key gets
        # its bucket too, and then its 401.
        digest = hashlib.sha256(header.encode()).hexdigest()[:32]
        return f"key:{digest}", settings.API_RATE_PER_KEY
    return f"address:{address}", settings.API_RATE_ANONYMOUS


def seconds_to_wait(bucket, limit):
    """0 when the caller may go on; otherwise how long until its next window."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{bucket}:{window}"
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request (add: another may just have made it)
        count = 1 if cache.add(key, 1, WINDOW_SECONDS + 1) else cache.incr(key)
    if count <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
