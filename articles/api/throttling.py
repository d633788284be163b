"""The API's rate limits: per address for anonymous callers, per key for partners with a key.
The API's own module rather than articles/site/caching.py, which keeps what readers' pages
share; this counts machines' requests.

A fixed window of a minute: each caller's requests in the current minute are one counter, so
a check is one increment whatever the traffic. The counters are shared by every process that
serves the site: in Redis (every app server counts together) when the cache is Redis, and
otherwise in small files of one server's cache directory. Not through Django's file cache,
which rewrites and renames a file on every increment; the file system makes a rename over an
existing file wait for the new file's data, which would cost every API request more than the
answer itself.
"""

import contextlib
import fcntl
import hashlib
import os
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

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
    shared = caches["default"]
    if isinstance(shared, FileBasedCache):
        count = _count_in_file(os.path.join(shared._dir, "api-rates"), bucket, window)
    else:
        count = _count_in_cache(shared, bucket, window)
    if count <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)


def _count_in_cache(cache, bucket, window):
    key = f"api-rate:{bucket}:{window}"
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request (add: another may just have made it)
        return 1 if cache.add(key, 1, WINDOW_SECONDS + 1) else cache.incr(key)


COUNTER_WIDTH = 20
_swept_before = 0  # this process has removed every window's counters older than this one


def _count_in_file(directory, bucket, window):
    """The bucket's count in this window, this request included: a file per bucket and window,
    changed in place under a lock that every process of the server respects."""
    global _swept_before
    name = hashlib.sha256(bucket.encode()).hexdigest()[:32]
    path = os.path.join(directory, f"{window}-{name}")
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        count = int(os.pread(descriptor, COUNTER_WIDTH, 0) or 0) + 1
        os.pwrite(descriptor, str(count).rjust(COUNTER_WIDTH).encode(), 0)
    finally:
        os.close(descriptor)  # which releases the lock
    if _swept_before < window:
        _swept_before = window
        _remove_windows_before(directory, window)
    return count


def _remove_windows_before(directory, window):
    for entry in os.scandir(directory):
        started, _, _ = entry.name.partition("-")
        if started.isdigit() and int(started) < window:
            with contextlib.suppress(FileNotFoundError):  # another process was first
                os.unlink(entry.path)
